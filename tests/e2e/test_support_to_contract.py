"""From a technical-support request typed on a phone to the contract the coalition
downloads: budget lines added and removed, an institutional cost refused, the award, the
PDF built by the task, the e-mail, the download."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from calls.form_seeds import build_2022_forms
from grants import awards, contracts
from grants.models import TechnicalSupportApplication
from tests.applications.factories import CallFactory, member_of
from tests.factories import PASSWORD, UserFactory
from tests.grants.factories import fill_grantor
from tests.pdfs import pdf_text
from tests.workshops.factories import EventFactory, ParticipantFactory, selected_application

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').last.click()
    expect(page.get_by_role("heading", name=re.compile("Здравствуйте"))).to_be_visible()


@pytest.fixture
def coalition_after_workshop(settings, tmp_path):
    """A coalition that took part in a workshop that ended yesterday; requests are taken for
    ten more days."""
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    call = CallFactory(
        title="Практикум EGED",
        application_deadline=timezone.now() - dt.timedelta(days=30),
        workshop_start=today - dt.timedelta(days=5),
        workshop_end=today - dt.timedelta(days=1),
        support_deadline=timezone.now() + dt.timedelta(days=10),
        implementation_end=today + dt.timedelta(days=180),
        budget=Decimal("870000"),
    )
    build_2022_forms(call)  # the support request as the 2022 call asks it
    event = EventFactory(
        call=call, starts_on=today - dt.timedelta(days=5), ends_on=today - dt.timedelta(days=1)
    )
    application = selected_application(call)
    ParticipantFactory(event=event, coalition=application.coalition)
    owner = member_of(application.coalition, email="aigul@example.kg", first_name="Айгуль")
    return call, owner


def test_a_member_asks_for_support_on_a_phone_and_downloads_the_contract(
    phone, live_server, coalition_after_workshop, tmp_path
):
    _call, owner = coalition_after_workshop
    page = phone
    _log_in(page, live_server, owner.email)
    page.get_by_role("button", name="Подать заявку на поддержку").click()

    expect(page.get_by_role("heading", name="1. Кампания: цель и задачи")).to_be_visible()
    page.get_by_label("Название кампании").fill("Доступные рынки Оша")
    page.get_by_label("Цель кампании").fill("Мэрия утверждает стандарт доступности рынков.")
    page.get_by_label("Задачи").fill("Аудит, карта доступности, слушания.")
    page.get_by_role("button", name="Далее").click()
    page.get_by_label("Лица, принимающие решения").fill("Мэрия г. Ош, горкенеш.")
    page.get_by_label("Целевые аудитории").fill("Предпринимательницы, дирекции рынков.")
    page.get_by_role("button", name="Далее").click()

    start = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    page.fill('input[name="act-0-description"]', "Аудит доступности 12 рынков")
    page.fill('input[name="act-0-starts_on"]', start)
    page.fill('input[name="act-0-ends_on"]', start)
    page.get_by_role("button", name="Далее").click()
    page.get_by_label("План сбора данных").fill("Аудит рынков, опрос 200 предпринимательниц.")
    page.get_by_label("Мобилизация ресурсов").fill("Волонтёры, партнёрские СМИ.")
    page.get_by_label("Риски и как их снизить").fill("Отказ мэрии — обращение в горкенеш.")
    page.get_by_role("button", name="Далее").click()
    page.fill('input[name="res-0-result"]', "Стандарт доступности принят")
    page.fill('input[name="res-0-indicator"]', "решение горкенеша")
    page.fill('input[name="res-0-target"]', "1")
    page.get_by_role("button", name="Далее").click()

    # The budget: a line, then an institutional cost the form refuses, removed again.
    expect(page.get_by_role("heading", name="6. Запрашиваемая поддержка")).to_be_visible()
    page.select_option('select[name="line-0-support_type"]', "expert")
    page.fill('input[name="line-0-description"]', "Эксперт по доступной среде")
    page.fill('input[name="line-0-unit"]', "день")
    page.fill('input[name="line-0-quantity"]', "2.5")
    page.fill('input[name="line-0-unit_cost"]', "1234.57")
    expect(page.locator("[data-grand-total]")).to_have_text("3\xa0086,43\xa0сом")
    page.get_by_role("button", name="+ Добавить строку").click()
    page.select_option('select[name="line-1-support_type"]', "other")
    page.fill('input[name="line-1-description"]', "Аренда офиса организации")
    page.fill('input[name="line-1-quantity"]', "6")
    page.fill('input[name="line-1-unit_cost"]', "20000")
    expect(page.locator("[data-grand-total]")).to_have_text("123\xa0086,43\xa0сом")
    page.fill('input[name="line-0-unit"]', "день ")  # leaves the row: autosave runs
    page.locator('input[name="line-1-unit"]').focus()
    expect(page.locator(".autosave-error", has_text="Институциональные")).to_contain_text(
        "Институциональные расходы организаций не будут поддержаны"
    )
    page.screenshot(path=str(tmp_path / "budget-refused.png"), full_page=True)
    page.locator("[data-row]").nth(1).get_by_role("button", name="Удалить строку").click()
    expect(page.locator("[data-autosave-status]")).to_contain_text("Черновик сохранён")
    expect(page.locator('input[name="line-0-description"]')).to_have_value(
        "Эксперт по доступной среде"
    )
    page.get_by_role("button", name="+ Добавить строку").click()
    page.select_option('select[name="line-2-support_type"]', "materials")
    page.fill('input[name="line-2-description"]', "Карта доступности: печать")
    page.fill('input[name="line-2-quantity"]', "1")
    page.fill('input[name="line-2-unit_cost"]', "30000")
    expect(page.locator("[data-grand-total]")).to_have_text("33\xa0086,43\xa0сом")
    page.get_by_role("button", name="К проверке и отправке").click()
    expect(page.get_by_text("Все разделы заполнены")).to_be_visible()
    page.get_by_role("button", name="Отправить заявку").click()
    expect(page.get_by_text("Заявка на техническую поддержку отправлена.")).to_be_visible()

    request = TechnicalSupportApplication.objects.get()
    assert request.requested_total == Decimal("33086.43")
    assert [line.description for line in request.budget_lines.all()] == [
        "Эксперт по доступной среде",
        "Карта доступности: печать",
    ]

    # Staff award it; the task prints the contract; staff send it.
    staff = UserFactory(is_staff=True, is_superuser=True)
    fill_grantor(request.call)  # ИПР's details, without which a contract is not sent
    award = awards.award_support(application=request, by=staff)
    contract = award.contract
    assert contract.versions.count() == 1
    contracts.send_contract(contract=contract, by=staff)
    assert [m.to for m in mail.outbox][-1] == [owner.email]

    page.get_by_role("link", name="Мой кабинет").first.click()
    expect(page.locator("[data-contract]")).to_contain_text(f"Договор № {contract.number}")
    page.screenshot(path=str(tmp_path / "dashboard-contract.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать договор (PDF)").first.click()
    path = tmp_path / "contract.pdf"
    download_info.value.save_as(path)
    words = pdf_text(path)
    assert f"ДОГОВОР № {contract.number}" in words
    assert "Тридцать три тысячи восемьдесят шесть сомов 43 тыйына" in words
