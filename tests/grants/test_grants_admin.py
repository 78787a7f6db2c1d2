"""The grants desk in the admin: the budget bar on every page, the per-line award page and
the selection assistant whose proposal staff accept in one step."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts import roles
from calls.models import Criterion, Stage
from grants import awards
from grants.models import Award
from reviews import scores
from reviews import services as review
from tests.applications.review_factories import reviewer
from tests.factories import user_with_role

from .factories import submitted, support_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return user_with_role(roles.PROGRAMME_STAFF)


@pytest.fixture
def call(support_open):
    call = support_call(budget=Decimal("300000"), min_awards=2, max_awards=3)
    Criterion.objects.create(call=call, stage=Stage.SUPPORT, number=1, name="План", max_points=10)
    return call


def scored(call, points, cost, *, pair=False):
    request = submitted(call, pair=pair, budget=((1, cost),))
    person = reviewer()
    assignment = review.assign_reviewer(
        reviewed=request, reviewer=person, stage=Stage.SUPPORT, by=None
    )
    criterion = scores.criteria_for(call=call, stage=Stage.SUPPORT).get()
    review.submit_review(
        assignment=assignment,
        by=person,
        points={criterion.pk: Decimal(points)},
        recommendation="support",
    )
    return request


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:grants_technicalsupportapplication_changelist",
        "admin:grants_award_changelist",
        "admin:grants_contract_changelist",
        "admin:calls_supportterms_changelist",
    ],
)
def test_every_grants_page_shows_the_budget_bar(client, staff, call, url_name):
    request = submitted(call, budget=((1, 120000),))
    awards.award_support(application=request, by=staff)
    client.force_login(staff)
    page = client.get(reverse(url_name), {"call__id__exact": call.pk}).content.decode()
    assert (
        "бюджет 300\xa0000\xa0сом, присуждено 120\xa0000\xa0сом (1), осталось 180\xa0000\xa0сом"
        in (page)
    )
    assert 'aria-valuenow="40"' in page
    assert "меньше, чем предусмотрено конкурсом (2–3)" in page
    change = reverse("admin:grants_award_change", args=[request.award.pk])
    assert "осталось 180\xa0000\xa0сом" in client.get(change).content.decode()


def test_the_award_page_takes_amounts_per_line(client, staff, call):
    request = submitted(call, budget=((1, 100000), (2, 10000)))
    first, second = request.budget_lines.all()
    client.force_login(staff)
    url = reverse("admin:grants_technicalsupportapplication_award", args=[request.pk])
    page = client.get(url).content.decode()
    assert "Эксперт по анализу бюджета, этап 2" in page
    response = client.post(url, {f"line_{first.pk}": "90000", f"line_{second.pk}": "20000"})
    assert response.status_code == 302
    assert Award.objects.get().amount == Decimal("110000")
    # More than a line asked for is refused on the form, and nothing changes.
    page = client.post(url, {f"line_{first.pk}": "100000.01", f"line_{second.pk}": "0"})
    assert "100000" in page.content.decode()
    assert Award.objects.get().amount == Decimal("110000")


def test_the_assistant_explains_and_its_proposal_is_accepted_in_one_step(client, staff, call):
    best = scored(call, 9, 150000)
    good = scored(call, 8, 140000)
    costly = scored(call, 10, 290000)
    client.force_login(staff)
    url = reverse("admin:grants_technicalsupportapplication_propose")
    page = client.get(url, {"call": call.pk}).content.decode()
    assert str(best) in page and "Принять предложение" in page
    assert "290\xa0000\xa0сом" in page  # the excluded one is explained
    proposal = awards.propose_selection(call)
    assert {c.key for c in proposal.chosen} == {best.pk, good.pk}
    response = client.post(f"{url}?call={call.pk}", {"key": [best.pk, good.pk]})
    assert response.status_code == 302
    assert set(Award.objects.values_list("application", flat=True)) == {best.pk, good.pk}
    assert not Award.objects.filter(application=costly).exists()


def test_accepting_is_all_or_nothing_within_the_budget(client, staff, call):
    first = scored(call, 9, 200000)
    second = scored(call, 8, 200000)
    client.force_login(staff)
    url = reverse("admin:grants_technicalsupportapplication_propose")
    client.post(f"{url}?call={call.pk}", {"key": [first.pk, second.pk]})
    assert not Award.objects.exists()  # 400 000 > 300 000: neither is awarded


def test_the_requests_list_costs_the_same_queries_at_any_size(client, staff, call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        scored(call, 7, 1000)
    client.force_login(staff)
    url = reverse("admin:grants_technicalsupportapplication_changelist")
    client.get(url)  # warm the per-request caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        scored(call, 6, 1000)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 15
