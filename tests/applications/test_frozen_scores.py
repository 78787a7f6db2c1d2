"""Scores freeze after the call's scoring deadline, once the call is closed or the
application decided; staff reopen them, and each reopening is recorded."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts import roles
from applications import decisions
from applications.models import Application
from calls.models import Call, Stage
from core.errors import PortalError
from reviews import scores
from reviews import services as review
from reviews.models import ScoringReopening
from tests.factories import user_with_role

from .factories import BISHKEK, CallFactory
from .review_factories import criteria, reviewer, scored, submitted_application

pytestmark = pytest.mark.django_db

DEADLINE = dt.datetime(2031, 3, 1, 18, 0, tzinfo=BISHKEK)
BEFORE = DEADLINE - dt.timedelta(days=1)
AFTER = DEADLINE + dt.timedelta(days=1)


@pytest.fixture
def scene():
    with time_machine.travel(BEFORE, tick=False):
        call = CallFactory(scoring_deadline=DEADLINE)
        criteria(call, (10, 1), (5, 1))
        application = submitted_application(call)
        person = reviewer()
        assignment = scored(application, person, [5, 5])
    return call, application, person, assignment


@pytest.fixture
def staff():
    return user_with_role(roles.PROGRAMME_STAFF)


def change_url(assignment):
    return reverse("admin:reviews_reviewassignment_change", args=[assignment.pk])


def rescore(client, assignment, points):
    data = {"recommendation": "support", "comment": ""}
    for criterion, value in zip(
        scores.criteria_for(call=assignment.call, stage=Stage.WORKSHOP), points, strict=True
    ):
        data[f"points_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = ""
    return client.post(change_url(assignment), data, follow=True)


def first_points(assignment):
    return assignment.scores.get(criterion__number=1).points


def submit(assignment, person, points):
    ordered = scores.criteria_for(call=assignment.call, stage=Stage.WORKSHOP)
    return review.submit_review(
        assignment=assignment,
        by=person,
        points={c.pk: Decimal(p) for c, p in zip(ordered, points, strict=True)},
        recommendation="support",
    )


def reopen(client, call, *, until, reason="Рецензент ошибся в критерии 1"):
    return client.post(
        reverse("admin:calls_call_changelist"),
        {
            "action": "reopen_scoring",
            "_selected_action": [call.pk],
            "apply": "1",
            "stage": Stage.WORKSHOP,
            "until": until,
            "reason": reason,
        },
        follow=True,
    )


def test_after_the_scoring_deadline_scores_are_frozen_with_a_clear_message(client, scene):
    _, _, person, assignment = scene
    with time_machine.travel(AFTER, tick=False):
        client.force_login(person)
        page = client.get(change_url(assignment)).content.decode()
        assert "Срок оценки по этому конкурсу истёк 1 марта 2031" in page
        assert "могут открыть оценку заново" in page
        assert "Отправить оценку" not in page
        answer = rescore(client, assignment, [9, 1]).content.decode()
        assert "Срок оценки по этому конкурсу истёк" in answer
        with pytest.raises(PortalError, match="оценки заморожены"):
            submit(assignment, person, [9, 1])
    assert first_points(assignment) == Decimal("5")


def test_the_message_is_in_the_reviewers_language(client, scene):
    _, _, person, assignment = scene
    person.language = "en"
    person.save()
    with time_machine.travel(AFTER, tick=False):
        client.force_login(person)
        client.cookies["django_language"] = "en"
        page = client.get(change_url(assignment)).content.decode()
    assert "The scoring deadline of this call passed" in page


def test_a_decision_freezes_the_applications_scores(client, scene, staff):
    _, application, person, assignment = scene
    with time_machine.travel(BEFORE, tick=False):
        decisions.decide_application(
            application=application, decision=Application.Status.SELECTED, by=staff
        )
        with pytest.raises(PortalError, match="уже принято решение"):
            submit(assignment, person, [9, 1])
        client.force_login(person)
        assert "уже принято решение" in rescore(client, assignment, [9, 1]).content.decode()
    assert first_points(assignment) == Decimal("5")


def test_a_closed_call_freezes_its_scores(scene):
    call, _, person, assignment = scene
    Call.objects.filter(pk=call.pk).update(status=Call.Status.CLOSED)
    assignment.refresh_from_db()
    with (
        time_machine.travel(BEFORE, tick=False),
        pytest.raises(PortalError, match="Конкурс закрыт"),
    ):
        submit(assignment, person, [9, 1])


def test_staff_reopen_scoring_recorded_and_it_closes_again_when_the_time_is_up(
    client, scene, staff
):
    call, _, person, assignment = scene
    with time_machine.travel(AFTER, tick=False):
        client.force_login(staff)
        page = reopen(client, call, until="2031-03-05T18:00").content.decode()
        assert "открыта заново и записана" in page
        reopening = ScoringReopening.objects.get()
        assert (reopening.call, reopening.stage, reopening.reopened_by) == (
            call,
            Stage.WORKSHOP,
            staff,
        )
        assert reopening.reason == "Рецензент ошибся в критерии 1"
        assert reopening.until == dt.datetime(2031, 3, 5, 18, 0, tzinfo=BISHKEK)
        listing = client.get(reverse("admin:reviews_scoringreopening_changelist")).content.decode()
        assert "Рецензент ошибся в критерии 1" in listing

        client.force_login(person)
        page = client.get(change_url(assignment)).content.decode()
        assert "Оценка открыта заново до 5 марта 2031, 18:00: Рецензент ошибся" in page
        rescore(client, assignment, [9, 1])
        assert first_points(assignment) == Decimal("9")

    with (
        time_machine.travel(dt.datetime(2031, 3, 6, 9, 0, tzinfo=BISHKEK), tick=False),
        pytest.raises(PortalError, match="оценки заморожены"),
    ):
        submit(assignment, person, [2, 2])
    assert first_points(assignment) == Decimal("9")


def test_a_reopening_needs_a_reason_and_a_future_end(client, scene, staff):
    call, *_ = scene
    with time_machine.travel(AFTER, tick=False):
        client.force_login(staff)
        page = reopen(client, call, until="2031-03-05T18:00", reason="").content.decode()
        assert "Напишите, почему оценка открывается заново." in page
        page = reopen(client, call, until="2031-02-01T18:00").content.decode()
        assert "Срок повторного открытия должен быть в будущем." in page
    assert not ScoringReopening.objects.exists()


def test_reviewers_neither_reopen_nor_read_the_record(client, scene):
    call, _, person, _ = scene
    with time_machine.travel(AFTER, tick=False):
        client.force_login(person)
        reopen(client, call, until="2031-03-05T18:00")
        listing = client.get(reverse("admin:reviews_scoringreopening_changelist"))
    assert listing.status_code == 403
    assert not ScoringReopening.objects.exists()
