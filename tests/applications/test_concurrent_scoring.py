"""Reviewers scoring at the same moment on PostgreSQL: every reviewer's scores are kept
and the mean is right; one reviewer sending the form from two tabs keeps one whole set
of scores (one tab's, never a mix) and sees no error page."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import Application
from calls.models import Stage
from reviews import scores
from reviews import services as review
from reviews.models import ReviewAssignment, Score
from tests.concurrency import at_once, needs_postgresql

from .factories import CallFactory
from .review_factories import criteria, reviewer, submitted_application

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]


@pytest.fixture
def call(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call = CallFactory()
    criteria(call, (10, 2), (5, 1))  # weighted sum: 2 × first + second
    return call


def _form(call, points):
    data = {"recommendation": "support", "comment": "Сильная идея."}
    for criterion, value in zip(
        scores.criteria_for(call=call, stage=Stage.WORKSHOP), points, strict=True
    ):
        data[f"points_{criterion.pk}"] = str(value)
        data[f"comment_{criterion.pk}"] = f"оценка {value}"
    return data


def _post(assignment, person, data):
    client = Client()
    client.force_login(person)
    return client.post(reverse("admin:reviews_reviewassignment_change", args=[assignment.pk]), data)


def _assign(application, person):
    return review.assign_reviewer(
        reviewed=application, reviewer=person, stage=Stage.WORKSHOP, by=None
    )


def test_three_reviewers_scoring_at_once_are_all_kept_and_the_mean_is_right(call):
    application = submitted_application(call)
    people = [reviewer() for _ in range(3)]
    assignments = [_assign(application, person) for person in people]
    points = [(8, 4), (6, 2), (10, 5)]  # weighted sums 20, 14, 25

    responses = at_once(3, lambda i: _post(assignments[i], people[i], _form(call, points[i])))

    assert [r.status_code for r in responses] == [302, 302, 302]
    for assignment, expected in zip(assignments, points, strict=True):
        assignment.refresh_from_db()
        assert assignment.status == ReviewAssignment.Status.SUBMITTED
        kept = assignment.scores.order_by("criterion__number").values_list("points", flat=True)
        assert list(kept) == [Decimal(p) for p in expected]
    scored = scores.annotate_scores(
        Application.objects.filter(pk=application.pk), stage=Stage.WORKSHOP
    ).get()
    assert scored.reviews_done == 3
    assert scored.mean_score.quantize(Decimal("0.01")) == Decimal("19.67")  # (20+14+25)/3


def test_one_reviewer_in_two_tabs_keeps_one_whole_set_of_scores(call):
    application = submitted_application(call)
    person = reviewer()
    assignment = _assign(application, person)
    tabs = [(9, 1), (3, 5), (7, 2), (1, 4)]

    responses = at_once(len(tabs), lambda i: _post(assignment, person, _form(call, tabs[i])))

    assert {r.status_code for r in responses} == {302}
    scores = Score.objects.filter(assignment=assignment).order_by("criterion__number")
    assert scores.count() == 2
    kept = tuple(int(s.points) for s in scores)
    assert kept in tabs  # one tab's set, whole
    assert {s.comment for s in scores} == {f"оценка {p}" for p in kept}
    assignment.refresh_from_db()
    assert assignment.status == ReviewAssignment.Status.SUBMITTED
    # Every tab's save is in the history, in the order the saves took the lock.
    first = scores[0]
    assert first.history.count() == len(tabs)
