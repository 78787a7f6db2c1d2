"""A coalition member fills the application on a phone over two visits, submits it,
receives the e-mail and sees the status on the dashboard."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from coalitions.models import Region
from tests.applications.factories import CallFactory, CoalitionFactory, member_of
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').last.click()
    expect(page.get_by_role("heading", name=re.compile("Здравствуйте"))).to_be_visible()


def test_a_member_applies_on_a_phone_over_two_visits(browser, phone, live_server):
    CallFactory(title="Практикум EGED")
    # The regions are data (a migration); a flushed test database may have lost them.
    Region.objects.get_or_create(slug="osh", defaults={"name": "Ошская область"})
    coalition = CoalitionFactory(name="Сеть «Инклюзивный Ош»")
    owner = member_of(coalition, email="aigul@example.kg", first_name="Айгуль")
    page = phone

    # First visit: start the application and type the idea; autosave keeps it.
    _log_in(page, live_server, owner.email)
    page.get_by_role("button", name="Начать заявку").click()
    expect(page.get_by_role("heading", name="1. Идея кампании")).to_be_visible()
    page.get_by_label("Название идеи кампании").fill("Доступные рынки Оша")
    page.get_by_label("Проблема и общественный интерес").fill("На рынках нет пандусов.")
    page.get_by_label("Какого изменения вы добиваетесь").click()
    expect(page.locator("[data-autosave-status]")).to_contain_text("Черновик сохранён")
    page.get_by_label("Какого изменения вы добиваетесь").fill("Стандарт доступности рынков.")
    page.context.close()  # the phone's browser is closed without pressing any button

    # Second visit, a new browser session: everything typed is still there.
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        _log_in(page, live_server, owner.email)
        page.get_by_role("link", name="Продолжить").click()
        page.locator(".application-steps a").first.click()
        expect(page.get_by_label("Название идеи кампании")).to_have_value("Доступные рынки Оша")
        expect(page.get_by_label("Проблема и общественный интерес")).to_have_value(
            "На рынках нет пандусов."
        )
        expect(page.get_by_label("Какого изменения вы добиваетесь")).to_have_value(
            "Стандарт доступности рынков."
        )
        page.get_by_label("Кто принимает решение").fill("Мэрия г. Ош")
        page.get_by_role("button", name="Далее").click()

        page.get_by_label("Развитие регионов").check()
        page.get_by_label("Ошская область").check()
        page.get_by_label("Социально уязвимые группы").fill("Женщины с инвалидностью")
        page.get_by_role("button", name="Далее").click()

        page.get_by_label("Какие данные уже есть").fill("Реестр мест")
        page.get_by_label("Какие данные нужно собрать").fill("Аудит рынков")
        page.get_by_label("Как данные сделают кампанию убедительной").fill("Карта доступности")
        page.get_by_role("button", name="Далее").click()

        page.fill('input[name="org-0-name"]', "НКО «Равные права»")
        page.select_option('select[name="org-0-sector"]', "civic")
        page.fill('input[name="org-1-name"]', "Ассоциация рынков Оша")
        page.select_option('select[name="org-1-sector"]', "business")
        page.get_by_role("button", name="Далее").click()

        page.get_by_label("Ожидаемые результаты").fill("Стандарт принят")
        page.get_by_label("Опыт коалиции").fill("Кампания 2019 года")
        page.get_by_role("button", name="Далее").click()

        page.get_by_label("Тема 3").check()
        page.get_by_label("Что вы хотели бы услышать от приглашённых спикеров").fill("Опыт мэрий")
        page.fill('input[name="att-0-full_name"]', "Айгуль Садыкова")
        page.fill('input[name="att-0-job_title"]', "координатор")
        page.fill('input[name="att-0-organisation"]', "Сеть «Инклюзивный Ош»")
        page.fill('input[name="att-0-email"]', "aigul@example.kg")
        page.fill('input[name="att-0-phone"]', "+996 555 123 456")
        page.get_by_role("button", name="Далее").click()

        page.get_by_label(re.compile("согласен")).check()
        page.get_by_role("button", name="К проверке и отправке").click()

        expect(page.get_by_text("Все разделы заполнены")).to_be_visible()
        page.get_by_role("button", name="Отправить заявку").click()
        expect(page.get_by_text("Заявка отправлена.")).to_be_visible()

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["aigul@example.kg"]
        assert "Доступные рынки Оша" in message.subject
        assert message.attachments[0][2] == "application/pdf"

        page.get_by_role("link", name="Мой кабинет").first.click()
        card = page.locator("[data-application]")
        expect(card.locator("[data-status]")).to_have_text("подана")
        expect(card).to_contain_text("Доступные рынки Оша")
    finally:
        context.close()
