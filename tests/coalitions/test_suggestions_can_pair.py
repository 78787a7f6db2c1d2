"""Issue 19: partner search and the dashboard offer only coalitions that can still pair.

A coalition with a confirmed pair in the open call would refuse the invitation; it is not
offered, and the dashboard's three places are filled with coalitions that can pair.
"""

import pytest
import time_machine
from django.urls import reverse

from coalitions.matching import partner_suggestions
from coalitions.models import Membership
from tests.applications.factories import CallFactory, confirmed_pair

from .factories import CoalitionFactory, economic, member

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = "2030-05-01 10:00:00+06:00"


@pytest.fixture
def world():
    call = CallFactory()
    civic = CoalitionFactory(name="Ищущая пару", regions=["chui"])
    # The best match (shares a region) is already paired with another civic coalition.
    paired = economic(name="А Уже в паре", looking_for_partner=True, regions=["chui"])
    confirmed_pair(call, civic=CoalitionFactory(name="Чужая гражданская"), economic=paired)
    free = [economic(name=f"Свободная {n}", looking_for_partner=True) for n in range(3)]
    return call, civic, paired, free


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_paired_coalition_is_not_suggested_and_three_others_fill_the_list(world):
    _call, civic, paired, free = world
    suggested = [m.coalition for m in partner_suggestions(coalition=civic, limit=3)]
    assert paired not in suggested
    assert suggested == free


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_paired_in_another_call_only_is_still_offered(world):
    call, civic, paired, _free = world
    other = CallFactory(application_deadline=call.application_deadline)
    suggested = [m.coalition for m in partner_suggestions(coalition=civic, calls=[call, other])]
    assert paired in suggested  # free to pair for the other open call


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_dashboard_and_partner_search_leave_the_paired_coalition_out(client, world):
    _call, civic, paired, free = world
    client.force_login(member(civic, Membership.Role.OWNER))
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    search = client.get(reverse("coalitions:partners", kwargs={"pk": civic.pk})).content.decode()
    for page in (dashboard, search):
        assert paired.name not in page
        assert all(c.name in page for c in free)
