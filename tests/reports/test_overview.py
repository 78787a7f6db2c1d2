"""«Обзор программы»: every figure on the page against a count made here with plain
queries; every number a link to an admin list of exactly that many rows; who may see
which part; the same few queries at any size."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from applications.models import Application
from core.money import som
from tests.factories import user_with_role
from tests.reports import programme_factories
from tests.reports.overview_counts import build, expected

pytestmark = pytest.mark.django_db
URL = reverse("admin:reports_overview")
LINK = re.compile(r'<a href="([^"]+)" data-figure="([^"]+)">([^<]*)</a>')
LINK_OR_SPAN = re.compile(r'data-figure="([^"]+)">([^<]*)<')


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def call(travel):
    return build(travel)


@pytest.fixture
def staff(client):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    return client


def page_figures(content: bytes) -> dict[str, str]:
    return {key: unescape(text).strip() for key, text in LINK_OR_SPAN.findall(content.decode())}


def test_every_figure_on_the_page_equals_an_independent_count(call, staff):
    response = staff.get(f"{URL}?call={call.pk}")
    assert response.status_code == 200
    got = page_figures(response.content)
    want = expected(call)
    assert got == want
    # The programme is not empty: the comparison would pass on zeros alone otherwise.
    assert want["funnel:applied"] == "5" and want["funnel:attended"] == "3"
    assert want["budget:left"] == som(Decimal("550000")) == "550\xa0000\xa0сом"
    assert want["reports:reports-interim:1"] == "1"  # one late interim report


MONEY_FIGURES = {"budget:awarded", "budget:spent"}


def test_every_number_links_to_an_admin_list_of_exactly_that_many_rows(call, staff):
    """Follow each link as staff would: the list opens (no «?e=1» for a filter the admin
    refused) and holds as many rows as the number says — or, for money, rows whose
    amounts add up to it."""
    links = LINK.findall(staff.get(f"{URL}?call={call.pk}").content.decode())
    assert len(links) > 60
    nonzero = 0
    for href, key, text in links:
        url = unescape(href)
        response = staff.get(url)
        assert response.status_code == 200, (key, url)
        changelist = response.context["cl"]
        text = unescape(text).strip()
        if key.startswith("money:") or key in MONEY_FIGURES:
            total = sum((row.amount for row in changelist.queryset), Decimal(0))
            assert som(total) == text, (key, url)
        else:
            assert str(changelist.result_count) == text, (key, url)
            assert len(changelist.result_list) == min(int(text), changelist.list_per_page)
        nonzero += text not in ("0", som(0))
    assert nonzero > 25


def test_a_link_opens_the_filtered_list_in_the_admin(call, staff):
    """One link followed to the page itself: its rows are the applications counted."""
    page = staff.get(f"{URL}?call={call.pk}").content.decode()
    href = dict((key, url) for url, key, _text in LINK.findall(page))["funnel:selected"]
    listing = staff.get(unescape(href)).content.decode()
    rows = re.findall(r'<tr[^>]*>\s*<td class="action-checkbox">', listing)
    assert len(rows) == 2


def test_finance_sees_the_money_only(call, client):
    client.force_login(user_with_role(roles.FINANCE))
    response = client.get(f"{URL}?call={call.pk}")
    assert response.status_code == 200
    keys = {key.split(":")[0] for key in page_figures(response.content)}
    assert keys == {"money", "budget"}
    assert 'data-chart="funnel"' not in response.content.decode()


@pytest.mark.parametrize("role", [roles.REVIEWER, None])
def test_reviewers_and_other_staff_are_refused(call, client, role):
    person = user_with_role(role) if role else user_with_role(roles.REVIEWER)
    if role is None:
        person.groups.clear()
    client.force_login(person)
    assert client.get(f"{URL}?call={call.pk}").status_code == 403
    assert "programme-overview-link" not in client.get(reverse("admin:index")).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_admin_index_links_to_the_overview(staff):
    page = staff.get(reverse("admin:index")).content.decode()
    assert 'id="programme-overview-link"' in page
    assert f'href="{URL}"' in page


def test_a_call_is_chosen_and_an_unknown_one_falls_back(call, staff):
    other = call.__class__.objects.get(slug="eged-2031")
    page = staff.get(f"{URL}?call={other.pk}").content.decode()
    assert f'<option value="{other.pk}" selected>' in page
    assert page_figures(page.encode())["funnel:applied"] == "5"
    assert staff.get(f"{URL}?call=x%27").status_code == 200


def test_kyrgyz_and_english_pages(call, staff):
    for language, heading in (("ky", "Программанын сереби"), ("en", "Programme overview")):
        staff.cookies["django_language"] = language
        page = staff.get(f"{URL}?call={call.pk}", HTTP_ACCEPT_LANGUAGE=language)
        assert heading in page.content.decode(), language


def queries(client, call) -> int:
    client.get(f"{URL}?call={call.pk}")  # warm: content types, translations, templates
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{URL}?call={call.pk}").status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_at_any_size(travel, client):
    call = build(travel, scale=1)
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    small = queries(client, call)
    programme_factories.more(call, rounds=3)
    assert Application.objects.filter(call=call).count() == 4 * 7
    larger = queries(client, call)
    assert small == larger <= 20
