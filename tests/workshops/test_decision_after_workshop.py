"""A workshop decision that contradicts the workshop having taken place for the
coalition (its people came) is held back until staff confirm it."""

import pytest

from accounts import roles
from applications import decisions
from applications.models import Application
from tests.factories import user_with_role
from workshops.models import Attendance

from .factories import EventFactory, ParticipantFactory, selected_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return user_with_role(roles.PROGRAMME_STAFF)


def test_rejecting_a_coalition_whose_people_came_needs_a_confirmation(staff):
    event = EventFactory()
    application = selected_application(event.call)
    for _ in range(2):
        participant = ParticipantFactory(event=event, coalition=application.coalition)
        Attendance.objects.create(participant=participant, day=event.starts_on)
    with pytest.raises(decisions.ContradictsLaterStages) as refused:
        decisions.decide_application(
            application=application, decision=Application.Status.REJECTED, by=staff
        )
    assert "2 участника этих коалиций уже были на практикуме." in str(refused.value)
    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED

    decisions.decide_application(
        application=application, decision=Application.Status.REJECTED, by=staff, confirmed=True
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


def test_registered_people_who_did_not_come_do_not_hold_it_back(staff):
    event = EventFactory()
    application = selected_application(event.call)
    participant = ParticipantFactory(event=event, coalition=application.coalition)
    Attendance.objects.create(participant=participant, day=event.starts_on, present=False)
    decisions.decide_application(
        application=application, decision=Application.Status.RESERVE, by=staff
    )
    application.refresh_from_db()
    assert application.status == Application.Status.RESERVE
