"""The member's dashboard is rendered for every request (no page cache) in a fixed number
of queries: a member of one coalition with one of everything costs the same as a member of
four coalitions with applications in two calls, awards, reports, workshops and invitations
(each block reads through its app's selectors)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from calls.models import Call
from coalitions.models import Coalition, CoalitionInvitation, Membership
from grants.models import Report
from tests.applications.conftest import before_deadline  # noqa: F401 — the fixture
from tests.applications.factories import ApplicationFactory, CallFactory, confirmed_pair
from tests.coalitions.factories import CoalitionFactory
from tests.factories import UserFactory
from tests.grants.award_factories import awarded
from tests.workshops.factories import EventFactory, ParticipantFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]

LIMIT = 24  # 25 before the partner suggestions read less (#20)


def give(owner, current: Call, past: Call, count: int) -> None:
    """``count`` more coalitions of ``owner``, each with a draft in the open call, a
    selected application, a workshop, an award with its reports in the past call, a
    confirmed pair and an invitation waiting."""
    event = EventFactory(call=past, starts_on=dt.date(2030, 4, 1), ends_on=dt.date(2030, 4, 3))
    for number in range(count):
        coalition = CoalitionFactory(name=f"Сеть {owner.pk}-{number}")
        Membership.objects.create(coalition=coalition, user=owner, role=Membership.Role.OWNER)
        ApplicationFactory(call=current, coalition=coalition, idea_title=f"Идея {number}")
        ApplicationFactory(call=past, coalition=coalition, status="selected")
        ParticipantFactory(event=event, coalition=coalition)
        award = awarded(call=past, coalition=coalition, published=True)
        for kind, due in (("interim", dt.date(2030, 5, 1)), ("final", dt.date(2030, 9, 1))):
            Report.objects.create(award=award, kind=kind, due_on=due)
        confirmed_pair(current, civic=CoalitionFactory(), economic=None)
        CoalitionInvitation.objects.create(coalition=CoalitionFactory(), email=owner.email)


def queries(client) -> tuple[int, str]:
    client.get(reverse("portal:dashboard"))  # warm: content types, translations
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_dashboard_costs_the_same_for_few_and_many(client):
    current = CallFactory()
    past = CallFactory(
        slug="past", status=Call.Status.CLOSED, application_deadline=current.application_deadline
    )
    owner = UserFactory(email="owner@example.kg")
    client.force_login(owner)
    give(owner, current, past, 1)
    few, page = queries(client)
    assert "Идея 0" in page
    give(owner, current, past, 3)
    many, page = queries(client)
    assert "Идея 2" in page
    assert many == few <= LIMIT, (few, many)
    assert Coalition.objects.for_user(owner).count() == 4
