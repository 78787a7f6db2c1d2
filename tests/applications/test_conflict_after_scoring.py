"""A conflict of interest declared after a review was submitted keeps the review as a
record, marked recused, out of the mean."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts import roles
from applications.models import Application
from calls.models import Stage
from reviews import scores
from reviews import services as review
from reviews.models import ReviewAssignment
from tests.factories import user_with_role

from .factories import CallFactory
from .review_factories import criteria, reviewer, scored, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed():
    call = CallFactory()
    criteria(call, (10, 2), (5, 1))
    application = submitted_application(call, idea_title="Открытые бюджеты")
    first, second = reviewer(first_name="Айгуль"), reviewer(first_name="Бакыт")
    kept = scored(application, first, [8, 4])  # 20
    late = scored(application, second, [2, 1])  # 5
    return application, kept, late


def test_a_submitted_review_keeps_its_scores_when_its_reviewer_declares_a_conflict(
    client, reviewed
):
    application, _, late = reviewed
    client.force_login(late.reviewer)
    response = client.post(
        reverse("admin:reviews_reviewassignment_conflict", args=[late.pk]),
        {"reason": "Узнал, что моя сестра в коалиции"},
        follow=True,
    )
    assert "сохранена как запись с отметкой об отводе" in response.content.decode()
    late.refresh_from_db()
    assert late.status == ReviewAssignment.Status.RECUSED
    assert late.submitted_at is not None
    assert sorted(late.scores.values_list("points", flat=True)) == [Decimal("1"), Decimal("2")]
    assert late.recusal_reason == "Узнал, что моя сестра в коалиции"

    application.refresh_from_db()
    assert application.review_mean == Decimal("20")
    assert (application.reviews_submitted, application.reviews_active) == (1, 1)
    computed = scores.computed_scores(Application.objects.filter(pk=application.pk)).get()
    assert computed.mean_score == Decimal("20")
    ranks = scores.places(Application.objects.filter(pk=application.pk), stage=Stage.WORKSHOP)
    assert ranks == {application.pk: 1}


def test_staff_see_the_recused_review_marked_and_outside_the_mean(client, reviewed):
    application, _, late = reviewed
    review.recuse_reviewer(assignment=late, by=None, reason="родственник в коалиции")
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    page = client.get(
        reverse("admin:applications_application_change", args=[application.pk])
    ).content.decode()
    assert "отвод после оценки: не входит в средний балл" in page
    assert "<s>5.00</s>" in page or "<s>5,00</s>" in page
    assert "Средний балл: <strong>20" in page


def test_a_review_not_yet_submitted_loses_its_draft_scores_on_recusal(reviewed):
    application, _, _ = reviewed
    person = reviewer()
    assignment = review.assign_reviewer(
        reviewed=application, reviewer=person, stage=Stage.WORKSHOP, by=None
    )
    review.declare_conflict(assignment=assignment, by=person, reason="Работал у них")
    assignment.refresh_from_db()
    assert assignment.status == ReviewAssignment.Status.RECUSED
    assert assignment.submitted_at is None
    assert not assignment.scores.exists()
