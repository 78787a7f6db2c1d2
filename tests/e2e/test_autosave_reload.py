"""Nothing typed in the application form is lost: not by reloading a fraction of a second
after typing (issue 19: text typed less than ~3 s before a reload was lost, the late save
landing after the page had loaded and the next edit overwriting it), and not by a dropped
connection."""

import datetime as dt
import time

import pytest
from playwright.sync_api import expect

from applications.models import Application
from grants.models import Report
from tests.applications.factories import ApplicationFactory, CoalitionFactory, member_of
from tests.grants.award_factories import awarded, owner_of

from .conftest import sign_in
from .every_page import AXE, SERIOUS_AXE

pytestmark = pytest.mark.django_db(transaction=True)

PROBLEM = "Проблема и общественный интерес"
CHANGE = "Какого изменения вы добиваетесь"


@pytest.fixture
def form_page(phone, live_server):
    coalition = CoalitionFactory()
    application = ApplicationFactory(coalition=coalition)
    sign_in(phone.context, live_server, member_of(coalition))
    phone.goto(f"{live_server.url}/applications/{application.pk}/idea/")
    return phone, application


def stored(application) -> Application:
    return Application.objects.get(pk=application.pk)


def wait_until_stored(application, **answers):
    for _ in range(100):
        current = stored(application)
        if all(current.answers.get(name) == value for name, value in answers.items()):
            return
        time.sleep(0.1)
    current = stored(application)
    assert {name: current.answers.get(name) for name in answers} == answers


def text_is_back(page, label, text):
    """The text is in its field: sent before the page went away, or offered back."""
    restore = page.get_by_role("button", name="Восстановить")
    field = page.get_by_label(label)
    page.wait_for_load_state("load")  # the form's script has looked for an unsent copy
    if restore.is_visible():
        expect(page.get_by_text("Восстановить несохранённый текст?")).to_be_visible()
        restore.click()
    expect(field).to_have_value(text)


@pytest.mark.parametrize("pause", [0.0, 0.2])
def test_text_typed_just_before_a_reload_is_kept(form_page, pause):
    page, application = form_page
    page.get_by_label(PROBLEM).fill("На рынках нет пандусов.")
    time.sleep(pause)
    page.reload()
    text_is_back(page, PROBLEM, "На рынках нет пандусов.")
    # The next edit does not overwrite it.
    page.get_by_label(CHANGE).fill("Стандарт доступности.")
    page.get_by_label(CHANGE).blur()
    wait_until_stored(
        application, problem="На рынках нет пандусов.", change_sought="Стандарт доступности."
    )
    page.reload()
    expect(page.get_by_role("button", name="Восстановить")).to_have_count(0)
    expect(page.get_by_label(PROBLEM)).to_have_value("На рынках нет пандусов.")


def test_text_typed_offline_is_saved_when_the_connection_is_back(form_page):
    page, application = form_page
    page.context.set_offline(True)
    page.get_by_label(PROBLEM).fill("Набрано в маршрутке без связи.")
    page.get_by_label(PROBLEM).blur()
    expect(page.locator("[data-autosave-status]")).to_contain_text("нет связи")
    page.context.set_offline(False)
    expect(page.locator("[data-autosave-status]")).to_contain_text("Черновик сохранён")
    wait_until_stored(application, problem="Набрано в маршрутке без связи.")


def test_text_typed_offline_in_a_closed_tab_is_offered_back(form_page, live_server):
    page, application = form_page
    context = page.context
    context.set_offline(True)
    page.get_by_label(PROBLEM).fill("Набрано без связи, вкладку закрыли.")
    page.get_by_label(PROBLEM).blur()
    expect(page.locator("[data-autosave-status]")).to_contain_text("нет связи")
    later = context.new_page()  # the context lives on, as the phone's browser does
    page.close()
    assert not stored(application).answers.get("problem")
    context.set_offline(False)

    page = later
    context.add_init_script(path=str(AXE))
    page.goto(f"{live_server.url}/applications/{application.pk}/idea/")
    expect(page.get_by_text("Восстановить несохранённый текст?")).to_be_visible()
    assert page.evaluate(SERIOUS_AXE) == []  # the offer is readable too
    page.get_by_role("button", name="Восстановить").click()
    expect(page.get_by_label(PROBLEM)).to_have_value("Набрано без связи, вкладку закрыли.")
    wait_until_stored(application, problem="Набрано без связи, вкладку закрыли.")
    page.close()


def test_discarding_the_offer_keeps_what_the_portal_has(form_page, live_server):
    page, application = form_page
    context = page.context
    context.set_offline(True)
    page.get_by_label(PROBLEM).fill("Черновик, который не нужен.")
    page.get_by_label(PROBLEM).blur()
    expect(page.locator("[data-autosave-status]")).to_contain_text("нет связи")
    later = context.new_page()  # the context lives on, as the phone's browser does
    page.close()
    context.set_offline(False)

    page = later
    page.goto(f"{live_server.url}/applications/{application.pk}/idea/")
    page.get_by_role("button", name="Отбросить").click()
    expect(page.get_by_label(PROBLEM)).to_have_value("")
    page.reload()
    expect(page.get_by_role("button", name="Отбросить")).to_have_count(0)
    page.close()


def test_the_report_form_offers_back_text_typed_offline_too(phone, live_server):
    """The same script saves the support request and the reports: they keep a copy too."""
    award = awarded()
    report = Report.objects.create(award=award, kind="final", due_on=dt.date(2030, 12, 31))
    page = phone
    context = page.context
    sign_in(context, live_server, owner_of(award))
    page.goto(f"{live_server.url}/support/reports/{report.pk}/")
    context.set_offline(True)
    page.get_by_label("Что сделано").fill("Два круглых стола, без связи.")
    page.get_by_label("Что сделано").blur()
    expect(page.locator("[data-autosave-status]")).to_contain_text("нет связи")
    later = context.new_page()
    page.close()
    context.set_offline(False)

    later.goto(f"{live_server.url}/support/reports/{report.pk}/")
    later.get_by_role("button", name="Восстановить").click()
    expect(later.get_by_label("Что сделано")).to_have_value("Два круглых стола, без связи.")
    expect(later.locator("[data-autosave-status]")).to_contain_text("Черновик сохранён")
    later.close()
