"""The deadline is enforced on the server, in Bishkek time, to the second."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from applications import submission
from applications.models import Application
from calls.models import Call
from core.errors import PortalError

from .factories import BISHKEK, ApplicationFactory, CoalitionFactory, complete, extension, member_of

pytestmark = pytest.mark.django_db

LAST_SECOND = dt.datetime(2030, 5, 25, 23, 59, 59, tzinfo=BISHKEK)
NEXT_DAY = dt.datetime(2030, 5, 26, 0, 0, 0, tzinfo=BISHKEK)


def _ready():
    coalition = CoalitionFactory()
    owner = member_of(coalition)
    return complete(ApplicationFactory(coalition=coalition)), owner


def test_submission_at_235959_bishkek_time_is_accepted():
    application, owner = _ready()
    with time_machine.travel(LAST_SECOND.replace(microsecond=900000), tick=False):
        submission.submit_application(application=application, by=owner)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_submission_at_midnight_is_refused_with_the_deadline_in_the_message(client):
    application, owner = _ready()
    with time_machine.travel(NEXT_DAY, tick=False):
        client.force_login(owner)
        response = client.post(reverse("applications:submit", args=[application.pk]), follow=True)
    assert (
        "Приём заявок закрыт: крайний срок был 25 мая 2030, 23:59:59" in response.content.decode()
    )
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_midnight_is_the_same_instant_whatever_the_server_clock_zone():
    # 00:00 in Bishkek is 18:00 UTC the day before: that instant is already too late.
    application, owner = _ready()
    utc_evening = dt.datetime(2030, 5, 25, 18, 0, 0, tzinfo=dt.UTC)
    with (
        time_machine.travel(utc_evening, tick=False),
        pytest.raises(PortalError),
    ):
        submission.submit_application(application=application, by=owner)


def test_after_the_deadline_answers_cannot_be_changed_or_withdrawn(client):
    application, owner = _ready()
    with time_machine.travel(LAST_SECOND, tick=False):
        submission.submit_application(application=application, by=owner)
    with time_machine.travel(NEXT_DAY, tick=False):
        client.force_login(owner)
        response = client.post(
            reverse("applications:section", args=[application.pk, "idea"]),
            {"idea_title": "Поздно"},
        )
        page = response.content.decode()
        with pytest.raises(PortalError):
            submission.withdraw_application(application=application, by=owner)
    assert "Приём заявок закрыт" in page
    application.refresh_from_db()
    assert application.idea_title == "Открытые местные бюджеты"
    assert application.status == Application.Status.SUBMITTED


def test_an_extension_lets_one_coalition_submit_later_but_not_the_others():
    application, owner = _ready()
    other, other_owner = _ready()
    other.call = application.call
    other.save()
    extension(
        application.call,
        application.coalition,
        dt.datetime(2030, 5, 28, 18, 0, 0, tzinfo=BISHKEK),
    )
    # The call was closed by staff as usual on the next morning.
    Call.objects.filter(pk=application.call_id).update(status=Call.Status.CLOSED)
    application.refresh_from_db()
    with time_machine.travel(dt.datetime(2030, 5, 28, 17, 59, 59, tzinfo=BISHKEK), tick=False):
        submission.submit_application(application=application, by=owner)
        with pytest.raises(PortalError):
            submission.submit_application(application=other, by=other_owner)
    too_late = dt.datetime(2030, 5, 28, 18, 0, 1, tzinfo=BISHKEK)
    with time_machine.travel(too_late, tick=False), pytest.raises(PortalError):
        submission.withdraw_application(application=application, by=owner)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
