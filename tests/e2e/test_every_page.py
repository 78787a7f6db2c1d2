"""Every page of the demo, in a real browser (issue 19):

- no page, public, member or admin, reports a Content Security Policy violation (the
  selection assistant's call picker was an inline ``onchange`` the policy blocked);
- no public or member page has a serious or critical accessibility fault by axe-core
  (vendored in tests/e2e/vendor/axe-core), for a visitor and for a coalition member;
- every admin page (each model's list, «add» page and first object, and the admin's own
  views) answers, breaks no policy, and reads at 1366 px, a staff laptop's width, without
  sideways scrolling or clipped boxes — walked once, as the superuser (who sees every
  page), in Kyrgyz, whose words run longest: a page that fits in Kyrgyz fits in Russian,
  and what the policy blocks does not depend on the language.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from .conftest import sign_in
from .every_page import admin_pages, too_wide, walk_portal, watch, with_axe

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_STARTS = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/calls/eged-2022/",
    "/support/results/eged-2022/",
]
MEMBER_STARTS = [
    "/dashboard/",
    "/",
    "/coalitions/",
    "/accounts/profile/",
    "/accounts/2fa/",
]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ADMIN_2FA_REQUIRED = False
    with open("/dev/null", "w") as quiet:
        call_command("load_demo", stdout=quiet)


def new_page(browser, width=1280):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="ru-RU", timezone_id="Asia/Bishkek"
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    return context, page


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_public_and_member_pages_pass_axe_and_the_policy(browser, live_server, demo, who):
    context, page = new_page(browser)
    policy = watch(context)
    with_axe(context)
    starts = PUBLIC_STARTS
    if who == "member":
        member = get_user_model().objects.get(email="member@demo.eged.kg")
        sign_in(context, live_server, member)
        starts = MEMBER_STARTS
    visited, problems = walk_portal(page, live_server.url, starts, axe=True)
    context.close()
    assert len(visited) >= (7 if who == "visitor" else 20), visited
    assert problems + policy == [], "\n".join(problems + policy)


def test_admin_pages_break_nothing_and_fit_1366_px(browser, live_server, demo):
    root = get_user_model().objects.filter(is_superuser=True).first()
    get_user_model().objects.filter(pk=root.pk).update(language="ky")
    context, page = new_page(browser, width=1366)
    policy = watch(context)
    sign_in(context, live_server, root)
    page.goto(live_server.url + "/admin/")
    assert page.locator("html").get_attribute("lang") == "ky"
    problems = []
    pages = admin_pages(root)
    for path in pages:
        try:
            response = page.goto(live_server.url + path, wait_until="domcontentloaded")
        except PlaywrightError as error:
            if "Download is starting" in error.message:
                continue  # an export: a file, not a page
            problems.append(f"{path}: {error.message.splitlines()[0]}")
            continue
        if response is None or response.status >= 400:
            problems.append(f"{path}: answered {response.status if response else 'nothing'}")
        problems.extend(f"{path}: {r}" for r in page.evaluate("() => window.__policyViolations"))
        if response is not None and response.status == 200:
            page.wait_for_load_state("load")
            problems.extend(too_wide(page, path, 1366))
    # The selection assistant's call picker works: choosing a call shows that call.
    page.goto(live_server.url + reverse("admin:grants_technicalsupportapplication_propose"))
    picker = page.locator("select[name=call]")
    other = picker.locator("option:not([selected])").first.get_attribute("value")
    with page.expect_navigation():
        picker.select_option(other)
    context.close()
    assert f"call={other}" in page.url
    assert len(pages) > 60, pages
    assert problems + policy == [], "\n".join(problems + policy)
