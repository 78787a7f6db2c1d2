"""«Обзор программы» as staff see it: on a 1366 px screen and a 360 px phone, in Russian
and Kyrgyz — the charts drawn under the strict Content-Security-Policy (no violation in
the console), nothing wider than the screen, the figures' links there, and axe-core
(vendored in tests/e2e/vendor) finding nothing serious or critical."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts import roles
from tests.e2e.conftest import sign_in
from tests.factories import user_with_role
from tests.reports import programme_factories

pytestmark = pytest.mark.django_db(transaction=True)
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
HEADINGS = {"ru": "Обзор программы", "ky": "Программанын сереби"}
SERIOUS = ("serious", "critical")


def open_overview(browser, live_server, person, width, *, bypass_csp=False):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="ru-RU",
        timezone_id="Asia/Bishkek",
        bypass_csp=bypass_csp,
    )
    sign_in(context, live_server, person)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def serious_violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
    return [violation for violation in found if violation["impact"] in SERIOUS]


# Russian on the staff laptop, Kyrgyz (whose words run longest) on the phone.
@pytest.mark.parametrize(("language", "width"), [("ru", 1366), ("ky", 360)])
def test_overview_on_screen_and_phone(browser, live_server, language, width):
    call = programme_factories.programme(1)
    person = user_with_role(roles.PROGRAMME_STAFF, language=language)
    url = f"{live_server.url}{reverse('admin:reports_overview')}?call={call.pk}"

    context, page = open_overview(browser, live_server, person, width)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(url)
    expect(page.locator("h1")).to_have_text(HEADINGS[language])
    for chart in ("funnel", "regions", "priorities", "reviewers", "money", "budget", "reports"):
        bar = page.locator(f'[data-chart="{chart}"] svg.chart-bar').first
        expect(bar).to_be_visible()
        assert bar.bounding_box()["width"] > 40, chart
    expect(page.locator('a[data-figure="funnel:applied"]')).to_have_text("5")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"the page is {overflow} px wide on a {width} px screen"
    assert not [text for text in console if "Content Security Policy" in text], console
    Path("test-results").mkdir(exist_ok=True)
    page.screenshot(path=f"test-results/overview-{language}-{width}.png", full_page=True)
    context.close()

    # axe-core is injected as a script, which the portal's policy rightly refuses: this
    # second look lets it in, and only it.
    context, page = open_overview(browser, live_server, person, width, bypass_csp=True)
    page.goto(url)
    assert serious_violations(page) == []
    context.close()
