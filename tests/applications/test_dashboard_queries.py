"""The member's dashboard costs the same queries with three coalitions in the call as with
forty, and shows a change at once (it is rendered for every request)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import decisions, submission
from applications.models import Application
from coalitions.models import Coalition
from tests.factories import user_with_role

from .factories import (
    ApplicationFactory,
    CallFactory,
    CoalitionFactory,
    complete,
    confirmed_pair,
    member_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]

# At most (tests/portal/test_dashboard_queries.py: the same for few and many of one's own).
DASHBOARD_QUERIES = 20  # 21 before the partner suggestions read less (#20)


def others_apply(call, count: int) -> None:
    """Other coalitions of the call: applications alone and in confirmed pairs."""
    for _ in range(count):
        pair = confirmed_pair(call)
        ApplicationFactory(call=call, coalition=pair.inviter)
        ApplicationFactory(call=call, coalition=CoalitionFactory(kind=Coalition.Kind.ECONOMIC))


def dashboard_queries(client) -> int:
    client.get(reverse("portal:dashboard"))  # warm: content types, translations
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def member(client):
    """An owner of a civic coalition with a draft, and of a second one in a confirmed pair
    that may still start an application."""
    call = CallFactory()
    first = CoalitionFactory(name="Сеть А")
    owner = member_of(first)
    ApplicationFactory(call=call, coalition=first, idea_title="Доступный транспорт")
    second = CoalitionFactory(name="Сеть Б")
    second.memberships.create(user=owner, role="owner")
    confirmed_pair(call, civic=second)
    client.force_login(owner)
    return call


def test_the_dashboard_queries_do_not_grow_with_the_call(client, member):
    others_apply(member, 3)
    small = dashboard_queries(client)
    others_apply(member, 40)
    assert dashboard_queries(client) == small <= DASHBOARD_QUERIES, small
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "Доступный транспорт" in page and "Подать заявку от коалиции «Сеть Б»" in page


def test_a_decision_shows_on_the_dashboard_at_once(client, member):
    application = Application.objects.get(idea_title="Доступный транспорт")
    owner = application.coalition.memberships.get().user
    complete(application)
    submission.submit_application(application=application, by=owner)
    assert "Заявка отобрана" not in client.get(reverse("portal:dashboard")).content.decode()
    decisions.decide_application(
        application=application,
        decision=Application.Status.SELECTED,
        by=user_with_role("programme_staff"),
    )
    assert "Заявка отобрана" in client.get(reverse("portal:dashboard")).content.decode()
