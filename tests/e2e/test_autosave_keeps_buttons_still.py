"""A tap on a form's button starts an autosave (the field being typed in loses focus), and
the autosave's «Сохраняем…» appears at once. If that line pushed the buttons down between
the finger going down and coming up, the tap would land beside the button and nothing would
be sent — the person taps «Отправить отчёт» and the report stays a draft. The buttons must
stay where they are, wherever the line says something."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from grants.models import Report
from tests.grants.award_factories import awarded, owner_of

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _top(locator) -> float:
    """Where the element is on the page (not on the screen, which scrolls)."""
    return locator.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


def test_report_buttons_do_not_move_when_the_autosave_line_speaks(phone, live_server):
    award = awarded()
    report = Report.objects.create(award=award, kind="final", due_on=dt.date(2030, 12, 31))
    page = phone
    sign_in(page.context, live_server, owner_of(award))
    page.goto(f"{live_server.url}/support/reports/{report.pk}/")
    send = page.get_by_role("button", name="Отправить отчёт")
    send.scroll_into_view_if_needed()
    before = _top(send)

    page.get_by_label("Что сделано").fill("Два круглых стола.")
    page.get_by_label("Что сделано").blur()
    expect(page.locator("[data-autosave-status]")).to_contain_text("Черновик сохранён")
    assert _top(send) == before

    # The longest thing the line says, on a 360 px screen, moves nothing either.
    page.locator("[data-autosave-status]").evaluate(
        "el => el.textContent = 'Не сохранено: нет связи. Повторим попытку, ничего не закрывайте.'"
    )
    assert _top(send) == before


def test_a_tap_on_send_while_typing_sends_the_report(phone, live_server):
    """The way people do it: type, then tap the button straight away."""
    award = awarded()
    report = Report.objects.create(award=award, kind="interim", due_on=dt.date(2030, 12, 31))
    page = phone
    sign_in(page.context, live_server, owner_of(award))
    page.goto(f"{live_server.url}/support/reports/{report.pk}/")
    page.get_by_label("Что сделано").fill("Встречи с кенешем.")
    page.get_by_label("Расходы публикуются — индикатор").fill("3 айыла")
    page.get_by_label("Слушания в кенеше").fill("1 слушание")
    page.get_by_label("Результаты адвокации и СМИ").fill("Кенеш обязал публиковать расходы.")
    page.get_by_role("button", name="Отправить отчёт").tap()
    expect(page.locator("[data-report-status]")).to_have_text("отправлен", timeout=15000)
