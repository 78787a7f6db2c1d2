"""The public results page on a phone: the campaigns by region and by kind of support
drawn under the strict policy, nothing wider than the screen."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.applications.factories import ApplicationFactory
from tests.coalitions.factories import RegionFactory
from tests.grants.award_factories import awarded

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_figures_on_a_phone(phone, live_server):
    first = awarded(published=True)
    call = first.call
    call.status = call.Status.CLOSED
    call.save(update_fields=["status"])
    second = awarded(call=call, published=True)
    for award, name in ((first, "Нарынская область (тест)"), (second, "г. Ош (тест)")):
        application = ApplicationFactory(call=call, coalition=award.application.coalition)
        application.regions.set([RegionFactory(name=name)])
        award.application.workshop_application = application
        award.application.save(update_fields=["workshop_application"])
    console: list[str] = []
    phone.on("console", lambda message: console.append(message.text))
    phone.goto(live_server.url + reverse("grants:public_results", args=[call.slug]))
    for chart in ("public-regions", "public-kinds"):
        expect(phone.locator(f'[data-chart="{chart}"] svg.chart-bar').first).to_be_visible()
    expect(phone.locator('[data-public-figures="regions"] tbody tr')).to_have_count(2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert not [text for text in console if "Content Security Policy" in text], console
    Path("test-results").mkdir(exist_ok=True)
    phone.screenshot(path="test-results/public-results-360.png", full_page=True)
