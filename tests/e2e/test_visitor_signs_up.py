"""A visitor reads the call in Russian, tries English, signs up, confirms the e-mail, logs in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.demo import load_calls

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_switches_language_signs_up_confirms_and_logs_in(phone, live_server):
    load_calls()
    page = phone
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Практикум и поддержка")

    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Workshop and support")
    page.get_by_role("button", name="RU").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    page.get_by_role("link", name="Зарегистрироваться и подать заявку").click()
    page.get_by_label("Имя").fill("Айгуль")
    page.get_by_label("Фамилия").fill("Садыкова")
    page.get_by_label("Адрес электронной почты").fill("aigul@example.kg")
    page.get_by_placeholder("Пароль", exact=True).fill("Tunduk-2022-kg")
    page.get_by_placeholder("Пароль (ещё раз)").fill("Tunduk-2022-kg")
    page.get_by_role("button", name="Зарегистрируйтесь").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Подтвердите")

    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["aigul@example.kg"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", letter.body).group(0)
    path = link.split("/accounts/", 1)[1]
    page.goto(f"{live_server.url}/accounts/{path}")
    page.get_by_role("button", name="Подтвердить").click()

    # Confirming signs the person in and brings them to their dashboard.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Здравствуйте, Айгуль!")
    assert any("Добро пожаловать" in m.subject for m in mail.outbox)

    page.get_by_role("button", name="Меню").click()
    # The menu opens with an animation: press «Выйти» once it has (a press while it moves
    # can land beside it; CI saw the page stay signed in once).
    expect(page.locator(".navbar-collapse.show")).to_be_visible()
    expect(page.locator(".navbar-collapse.collapsing")).to_have_count(0)
    page.get_by_role("button", name="Выйти").click()
    expect(page.get_by_role("link", name="Войти").first).to_be_visible(timeout=15000)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Адрес электронной почты").fill("aigul@example.kg")
    page.get_by_label("Пароль").fill("Tunduk-2022-kg")
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Здравствуйте, Айгуль!")
