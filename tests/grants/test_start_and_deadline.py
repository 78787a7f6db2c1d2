"""Who may ask for technical support, and when: after the workshop, until the call's
technical-support deadline (Asia/Bishkek, to the second)."""

import datetime as dt

import pytest
import time_machine

from core.errors import PortalError
from grants import services, submission
from grants.models import TechnicalSupportApplication
from tests.applications.factories import BISHKEK, member_of
from tests.coalitions.factories import CoalitionFactory
from tests.workshops.factories import selected_application

from .factories import complete, started, support_call, took_part

pytestmark = pytest.mark.django_db


def test_a_coalition_that_took_part_starts_a_request(support_open):
    call = support_call()
    request, _owner = started(call)
    assert request.status == TechnicalSupportApplication.Status.DRAFT
    assert request.partner is None
    assert request.title == request.workshop_application.idea_title  # carried over


def test_a_pair_that_took_part_asks_together_and_either_coalition_edits(support_open):
    call = support_call()
    application = took_part(call, pair=True)
    partner_owner = member_of(application.partner)
    request = services.start_support_request(
        call=call, coalition=application.partner, by=partner_owner
    )
    assert (request.coalition, request.partner) == (application.coalition, application.partner)
    assert TechnicalSupportApplication.objects.editable_by(partner_owner).filter(pk=request.pk)
    with pytest.raises(PortalError, match="уже участвует"):
        services.start_support_request(
            call=call, coalition=application.coalition, by=member_of(application.coalition)
        )


def test_a_coalition_that_did_not_take_part_is_refused(support_open):
    call = support_call()
    took_part(call)
    selected_but_absent = selected_application(call)  # selected, sent nobody
    stranger = CoalitionFactory()
    for coalition in (selected_but_absent.coalition, stranger):
        with pytest.raises(PortalError, match="участвовали в семинаре"):
            services.start_support_request(call=call, coalition=coalition, by=member_of(coalition))


def test_without_a_workshop_event_the_selected_coalitions_may_ask(support_open):
    call = support_call()
    call.events.all().delete()
    application = selected_application(call)
    request = services.start_support_request(
        call=call, coalition=application.coalition, by=member_of(application.coalition)
    )
    assert request.pk


def test_a_viewer_of_the_coalition_cannot_start(support_open):
    call = support_call()
    application = took_part(call)
    viewer = member_of(application.coalition, role="viewer")
    with pytest.raises(PortalError, match="владелец или редактор"):
        services.start_support_request(call=call, coalition=application.coalition, by=viewer)


def test_requests_open_only_after_the_workshop():
    call = support_call()
    application = took_part(call)
    owner = member_of(application.coalition)
    last_day = dt.datetime(2030, 6, 17, 23, 59, 59, tzinfo=BISHKEK)
    with time_machine.travel(last_day, tick=False):
        assert not services.accepts_requests(call)
        with pytest.raises(PortalError):
            services.start_support_request(call=call, coalition=application.coalition, by=owner)
    with time_machine.travel(last_day + dt.timedelta(seconds=1), tick=False):
        assert services.accepts_requests(call)


def test_the_deadline_is_enforced_to_the_second_in_bishkek_time():
    call = support_call()
    with time_machine.travel(dt.datetime(2030, 6, 20, 12, 0, tzinfo=BISHKEK), tick=False):
        request, owner = started(call)
        complete(request, owner)
    with time_machine.travel(
        dt.datetime(2030, 6, 30, 23, 59, 59, 700000, tzinfo=BISHKEK), tick=False
    ):
        services.save_support_section(
            application=request, section="plan", answers={"title": "В последнюю секунду"}, by=owner
        )
    with time_machine.travel(dt.datetime(2030, 7, 1, 0, 0, 0, tzinfo=BISHKEK), tick=False):
        with pytest.raises(PortalError, match="крайний срок был 30 июня 2030"):
            services.save_support_section(
                application=request, section="plan", answers={"title": "Опоздали"}, by=owner
            )
        with pytest.raises(PortalError, match="закрыт"):
            submission.submit_support_request(application=request, by=owner)
    request.refresh_from_db()
    assert request.title == "В последнюю секунду"
