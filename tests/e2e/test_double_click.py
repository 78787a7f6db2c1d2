"""In Chromium, a double click on a form's button sends the form once (portal.js), and
the page shows the record made. The server holds this without JavaScript too
(tests/portal/test_double_submission.py)."""

import time

import pytest
from playwright.sync_api import expect

from coalitions.models import Coalition
from tests.factories import UserFactory

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_second_click_while_the_form_is_on_its_way_sends_nothing(
    browser, live_server, monkeypatch
):
    from coalitions import services

    create = services.create_coalition

    def slow_create(**kwargs):  # a slow network: the person clicks again meanwhile
        time.sleep(1.5)
        return create(**kwargs)

    monkeypatch.setattr(services, "create_coalition", slow_create)
    person = UserFactory()
    context = browser.new_context(locale="ru-RU")
    sign_in(context, live_server, person)
    page = context.new_page()
    page.set_default_timeout(15000)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    page.goto(live_server.url + "/coalitions/new/")
    page.fill("#id_name", "Сеть «Двойной щелчок»")
    page.locator("input[name=kind][value=civic]").check()
    page.select_option("#id_network_type", "platform")
    # Click, and click again 0.3 s later while the page still waits for the answer.
    page.evaluate(
        """() => {
            const button = document.querySelector("form button.btn-primary");
            button.click();
            setTimeout(() => button.click(), 300);
        }"""
    )

    coalition_url = "**/coalitions/*/"
    page.wait_for_url(coalition_url)
    expect(page.get_by_role("heading", name="Сеть «Двойной щелчок»")).to_be_visible()
    assert len(posts) == 1, posts
    assert Coalition.objects.count() == 1
    context.close()
