"""In a real browser the Content Security Policy blocks nothing the portal needs: no page
reports a violation, the menu opens, and the scripts moved out of the HTML still work (the
confirmation before handing over a coalition, the coalition switcher, the admin's call
picker)."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from coalitions.models import Coalition, Membership
from tests.applications.factories import CallFactory, member_of
from tests.coalitions.factories import CoalitionFactory
from tests.factories import PASSWORD, UserFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def watch_for_violations(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return violations


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_pages_work_under_the_policy(browser, live_server, settings):
    settings.ADMIN_2FA_REQUIRED = False
    call = CallFactory(slug="open-call")
    coalition = CoalitionFactory(name="За прозрачный бюджет")
    second = CoalitionFactory(name="Союз фермеров", kind=Coalition.Kind.ECONOMIC)
    owner = member_of(coalition, email="owner@example.kg")
    Membership.objects.create(coalition=second, user=owner, role=Membership.Role.OWNER)
    colleague = UserFactory(email="colleague@example.kg", first_name="Бакыт")
    Membership.objects.create(coalition=coalition, user=colleague, role=Membership.Role.EDITOR)
    user_with_role(roles.PROGRAMME_STAFF, email="staff@example.kg")

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15000)
    violations = watch_for_violations(page)

    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Меню").click()  # Bootstrap's script, from a file
    expect(page.locator("#main-nav").get_by_role("link", name="Войти")).to_be_visible()
    page.goto(f"{live_server.url}/calls/{call.slug}/")

    sign_in(page, live_server, "owner@example.kg")
    page.goto(f"{live_server.url}/coalitions/{coalition.pk}/people/")
    hand_over = page.locator("form[data-confirm]").first
    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", answer)
    hand_over.locator("button").click()
    expect(page.get_by_text("Бакыт")).to_be_visible()
    assert asked == ["Передать права владельца? Вы станете редактором."]
    assert (
        Membership.objects.get(coalition=coalition, user=colleague).role == Membership.Role.EDITOR
    )  # dismissed: nothing was sent

    page.goto(live_server.url + "/dashboard/")
    with page.expect_navigation():  # the switcher submits itself
        page.select_option("#coalition-switch", str(second.pk))
    page.reload()
    expect(page.locator("#coalition-switch")).to_have_value(str(second.pk))
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15000)
    admin_violations = watch_for_violations(page)
    sign_in(page, live_server, "staff@example.kg")
    for path in ["/admin/", "/admin/applications/application/", "/admin/calls/call/add/"]:
        page.goto(live_server.url + path)
        expect(page.locator("#content")).to_be_visible()
    context.close()

    assert violations == []
    assert admin_violations == []
