"""Technical-support requests go through the same review desk as workshop applications:
their own criteria, the same assignment, conflict-of-interest and scoring rules."""

from decimal import Decimal

import pytest
from django.db.models import Q
from django.urls import reverse

from accounts import roles
from calls.models import Criterion, Stage
from coalitions.models import Membership
from core.errors import PortalError
from grants.models import TechnicalSupportApplication
from reviews import scores
from reviews import services as review
from reviews.models import ReviewAssignment
from tests.applications.review_factories import reviewer
from tests.factories import user_with_role

from .factories import submitted, support_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(support_open):
    call = support_call(pair_preference="bonus")
    Criterion.objects.create(call=call, stage=Stage.WORKSHOP, number=1, name="Идея", max_points=10)
    for number, (name, weight) in enumerate([("Реалистичный план", 2), ("Бюджет", 1)], 1):
        Criterion.objects.create(
            call=call,
            stage=Stage.SUPPORT,
            number=number,
            name=name,
            max_points=10,
            weight=Decimal(weight),
        )
    return call


@pytest.fixture
def staff():
    return user_with_role(roles.PROGRAMME_STAFF)


def score(request, person, points):
    assignment = review.assign_reviewer(
        reviewed=request, reviewer=person, stage=Stage.SUPPORT, by=None
    )
    criteria = scores.criteria_for(call=request.call, stage=Stage.SUPPORT)
    return review.submit_review(
        assignment=assignment,
        by=person,
        points={c.pk: Decimal(p) for c, p in zip(criteria, points, strict=True)},
        recommendation="support",
    )


def test_a_member_of_the_coalition_cannot_review_its_request(call):
    request = submitted(call, pair=True)
    insider = reviewer()
    Membership.objects.create(coalition=request.partner, user=insider, role="viewer")
    with pytest.raises(PortalError, match="состоит в коалиции-заявителе"):
        review.assign_reviewer(reviewed=request, reviewer=insider, stage=Stage.SUPPORT, by=None)


def test_scores_use_the_support_criteria_and_the_pair_bonus(call):
    single = submitted(call)
    pair = submitted(call, pair=True)
    first, second = reviewer(), reviewer()
    score(single, first, [8, 6])  # 8×2 + 6 = 22
    score(single, second, [6, 4])  # 16 → mean 19
    score(pair, first, [7, 2])  # 16 + bonus 5 = 21
    ranked = scores.annotate_scores(
        TechnicalSupportApplication.objects.filter(call=call),
        stage=Stage.SUPPORT,
        is_pair=Q(partner__isnull=False),
    ).order_by("rank")
    assert [(r.pk, r.score, r.rank) for r in ranked] == [
        (pair.pk, Decimal("21"), 1),
        (single.pk, Decimal("19"), 2),
    ]
    assert ranked[0].max_total == Decimal("30")  # 10×2 + 10×1, not the workshop criteria


def test_staff_assign_in_the_admin_and_the_reviewer_scores_there(client, call, staff):
    request = submitted(call)
    person = reviewer()
    client.force_login(staff)
    changelist = reverse("admin:grants_technicalsupportapplication_changelist")
    client.post(
        changelist,
        {
            "action": "assign_reviewers",
            "_selected_action": [request.pk],
            "apply": "1",
            "reviewers": [person.pk],
        },
    )
    assignment = ReviewAssignment.objects.for_object(request).get()
    assert (assignment.reviewer, assignment.stage) == (person, Stage.SUPPORT)

    client.force_login(person)
    url = reverse("admin:reviews_reviewassignment_change", args=[assignment.pk])
    page = client.get(url).content.decode()
    assert "Реалистичный план" in page and "Идея" not in page
    assert "Запрашиваемая поддержка" in page  # the request's own answers
    criteria = scores.criteria_for(call=call, stage=Stage.SUPPORT)
    data = {"recommendation": "support", "comment": ""}
    for criterion, value in zip(criteria, [9, 7], strict=True):
        data[f"points_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = ""
    client.post(url, data)
    assignment.refresh_from_db()
    assert assignment.status == "submitted"

    client.force_login(staff)
    listing = client.get(changelist).content.decode()
    assert "25,00" in listing or "25.00" in listing  # 9×2 + 7
    progress = client.get(
        reverse("admin:reviews_reviewassignment_progress"),
        {"call": call.pk, "stage": Stage.SUPPORT},
    ).content.decode()
    assert str(request) in progress


def test_auto_assignment_takes_submitted_requests_only(call, staff):
    from tests.grants.factories import started

    ready = submitted(call)
    draft, _owner = started(call)
    people = [reviewer(), reviewer()]
    made = review.auto_assign_reviewers(
        reviewed_items=TechnicalSupportApplication.objects.filter(status="submitted"),
        per_item=2,
        reviewers=people,
        stage=Stage.SUPPORT,
        by=staff,
    )
    assert made == 2
    assert not ReviewAssignment.objects.for_object(draft).exists()
    assert ReviewAssignment.objects.for_object(ready).count() == 2
