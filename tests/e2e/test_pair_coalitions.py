"""Two people register, each creates a coalition of a different kind; one finds the other
in partner search and invites; the other accepts; both see the pair — on a phone, in Russian."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.demo import load_calls
from coalitions.models import Interest, Region

pytestmark = pytest.mark.django_db(transaction=True)


def _phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def _sign_up(page, live_server, first, last, email):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Имя").fill(first)
    page.get_by_label("Фамилия").fill(last)
    page.get_by_label("Адрес электронной почты").fill(email)
    page.get_by_placeholder("Пароль", exact=True).fill("Tunduk-2022-kg")
    page.get_by_placeholder("Пароль (ещё раз)").fill("Tunduk-2022-kg")
    page.get_by_role("button", name="Зарегистрируйтесь").click()
    letter = next(m for m in reversed(mail.outbox) if m.to == [email])
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", letter.body).group(0)
    page.goto(f"{live_server.url}/accounts/{link.split('/accounts/', 1)[1]}")
    page.get_by_role("button", name="Подтвердить").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Здравствуйте, {first}!")


def _create_coalition(page, name, kind, regions, interests, note):
    page.get_by_role("link", name="Создать профиль коалиции").click()
    page.get_by_label("Название").first.fill(name)
    page.get_by_label(kind).check()
    for label in regions + interests:
        page.get_by_label(label, exact=True).check()
    page.get_by_label("Телефон").fill("0555 12-34-56")
    page.get_by_label("Ищет партнёра").check()
    page.get_by_label("Над чем хотим работать с партнёром").fill(note)
    page.get_by_role("button", name="Создать коалицию").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_two_coalitions_find_each_other_and_form_a_pair(browser, live_server):
    load_calls()
    for slug, name in (("chui", "Чуйская область"), ("issyk-kul", "Иссык-Кульская область")):
        Region.objects.get_or_create(slug=slug, defaults={"name": name})
    Interest.objects.get_or_create(slug="tourism", defaults={"name": "Туризм"})

    aigul = _phone(browser)
    _sign_up(aigul, live_server, "Айгуль", "Садыкова", "aigul@example.kg")
    _create_coalition(
        aigul,
        "Коалиция «Открытый Иссык-Куль»",
        "гражданская",
        ["Иссык-Кульская область", "Чуйская область"],
        ["Туризм"],
        "Прозрачные туристические сборы",
    )
    expect(aigul.get_by_text("+996 555 123 456")).to_be_visible()

    bakyt = _phone(browser)
    _sign_up(bakyt, live_server, "Бакыт", "Исаков", "bakyt@example.kg")
    _create_coalition(
        bakyt,
        "Ассоциация гостиниц Чолпон-Аты",
        "экономическая",
        ["Иссык-Кульская область"],
        ["Туризм"],
        "Честные местные сборы",
    )

    # Aigul searches for a partner: Bakyt's association, with the score explained.
    aigul.get_by_role("link", name="Поиск партнёра").click()
    aigul.get_by_label("Регион").select_option(label="Иссык-Кульская область")
    aigul.get_by_role("button", name="Показать").click()
    card = aigul.locator(".match-card", has_text="Ассоциация гостиниц Чолпон-Аты")
    expect(card).to_contain_text("1 общий регион, 1 общий интерес")
    card.get_by_role("link", name="Пригласить в пару").click()
    aigul.get_by_label("Сообщение").fill("Давайте вместе добьёмся прозрачных сборов!")
    aigul.get_by_role("button", name="Отправить приглашение").click()
    expect(aigul.get_by_text("Приглашение отправлено коалиции")).to_be_visible()

    invitation = next(
        m for m in mail.outbox if m.to == ["bakyt@example.kg"] and "парой" in m.subject
    )
    assert "Давайте вместе добьёмся прозрачных сборов!" in invitation.body

    # Bakyt accepts on his dashboard.
    bakyt.goto(f"{live_server.url}/dashboard/")
    expect(bakyt.locator("#my-coalition")).to_contain_text("приглашает вас стать парой")
    bakyt.locator("#my-coalition").get_by_role("button", name="Принять").click()
    expect(bakyt.locator(".pair-status")).to_contain_text(
        "Пара подтверждена: вы и «Коалиция «Открытый Иссык-Куль»»"
    )

    aigul.goto(f"{live_server.url}/dashboard/")
    expect(aigul.locator(".pair-status")).to_contain_text(
        "Пара подтверждена: вы и «Ассоциация гостиниц Чолпон-Аты»"
    )
    assert any(
        m.to == ["aigul@example.kg"] and "Пара подтверждена" in m.subject for m in mail.outbox
    )
