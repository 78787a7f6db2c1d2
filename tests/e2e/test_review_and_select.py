"""A reviewer scores an application in the admin, staff select it, the applicant sees it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts import roles
from calls.models import Stage
from reviews import services as review
from tests.applications.factories import CallFactory, member_of
from tests.applications.review_factories import criteria, reviewer, submitted_application
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def admin_login(page, live_server, email):
    # The admin's login sends people to the portal's sign-in page (throttled, two-factor).
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/admin/")


def test_reviewer_scores_staff_select_applicant_sees_decision(browser, live_server, phone):
    call = CallFactory(workshop_capacity=10)
    criteria(call, (10, 2), (5, 1))
    application = submitted_application(call, idea_title="Открытые бюджеты айылов")
    owner = member_of(application.coalition, email="aigul@example.kg", first_name="Айгуль")
    expert = reviewer(email="expert@example.kg")
    staff = user_with_role(roles.PROGRAMME_STAFF, email="staff@example.kg")
    review.assign_reviewer(reviewed=application, reviewer=expert, stage=Stage.WORKSHOP, by=staff)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    admin_login(page, live_server, "expert@example.kg")
    page.get_by_role("link", name="Рецензии").first.click()
    page.get_by_role("link", name=re.compile("Открытые бюджеты айылов")).click()
    expect(page.get_by_text("станут видны после того, как вы отправите свою")).to_be_visible()
    inputs = page.locator("input[name^=points_]")
    inputs.nth(0).fill("12")  # out of range first
    inputs.nth(1).fill("4")
    page.select_option("select[name=recommendation]", "support")
    page.get_by_role("button", name="Отправить оценку").click()
    expect(page.get_by_text("Не больше 10 баллов.")).to_be_visible()
    page.locator("input[name^=points_]").nth(0).fill("9")
    page.get_by_role("button", name="Отправить оценку").click()
    expect(page.locator(".messagelist")).to_contain_text("успешно")
    context.close()

    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ru-RU")
    page = context.new_page()
    admin_login(page, live_server, "staff@example.kg")
    page.goto(live_server.url + f"/admin/applications/application/?call__id__exact={call.pk}")
    row = page.locator("#result_list tbody tr", has_text="Открытые бюджеты айылов")
    expect(row).to_contain_text("22.00")  # 9 × 2 + 4
    expect(row).to_contain_text("1/1")
    row.locator("input[type=checkbox]").check()
    page.select_option("select[name=action]", "select")
    page.get_by_role("button", name="Выполнить").click()
    expect(page.get_by_text("из 10 мест на практикуме")).to_be_visible()
    page.fill("textarea[name=reason]", "Сильная идея и данные")
    page.get_by_role("button", name="Подтвердить").click()
    expect(page.locator(".messagelist")).to_contain_text("Решение «отобрана» принято")
    context.close()

    assert any(m.to == ["aigul@example.kg"] and "отобрана" in m.subject for m in mail.outbox)

    page = phone
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", owner.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    card = page.locator("[data-application]", has_text="Открытые бюджеты айылов")
    expect(card.locator("[data-status]")).to_have_text("отобрана")
    expect(card.locator("[data-next-step]")).to_contain_text("Заявка отобрана на семинар-практикум")
