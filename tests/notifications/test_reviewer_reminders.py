"""Reviewers with unscored assignments are reminded of the call's scoring deadline, once."""

import datetime as dt

import pytest
from django.core import mail

from calls.models import Stage
from reviews import services as review
from tests.applications.factories import BISHKEK, CallFactory
from tests.applications.review_factories import criteria, reviewer, scored, submitted_application

from .factories import ReminderRuleFactory

pytestmark = pytest.mark.django_db

SCORING_DEADLINE = dt.datetime(2030, 6, 5, 18, 0, tzinfo=BISHKEK)


def test_only_reviewers_with_work_left_are_reminded_once(run_at):
    call = CallFactory(scoring_deadline=SCORING_DEADLINE)
    criteria(call, (10, 1))
    late = reviewer(email="late@example.kg", first_name="Нурлан")
    done = reviewer(email="done@example.kg")
    first, second = submitted_application(call), submitted_application(call)
    for application in (first, second):
        review.assign_reviewer(reviewed=application, reviewer=late, stage=Stage.WORKSHOP, by=None)
    scored(first, done, [7])
    ReminderRuleFactory(
        call=call,
        date="scoring_deadline",
        audience="reviewers_with_unscored",
        offsets="-1",
        subject="Оцените заявки до {date}",
        body="Здравствуйте, {name}! Осталось: {about}. Срок — {date}. {link}",
        subject_ky="",
        subject_en="",
        body_ky="",
        body_en="",
    )

    run_at(dt.datetime(2030, 6, 4, 8, 0, tzinfo=BISHKEK))
    assert mail.outbox == []
    run_at(dt.datetime(2030, 6, 4, 9, 30, tzinfo=BISHKEK))
    run_at(dt.datetime(2030, 6, 4, 12, 0, tzinfo=BISHKEK))
    assert [m.to for m in mail.outbox] == [["late@example.kg"]]
    letter = mail.outbox[0]
    assert "неоценённых заявок: 2" in letter.body
    assert "5 июня 2030" in letter.subject
    assert "/admin/reviews/reviewassignment/" in letter.body
