"""Pairs: civic with economic, never itself, one confirmed pair per call, deadline, history."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection

from coalitions import pairing
from coalitions.models import Membership, Partnership
from core.errors import PortalError
from tests.applications.factories import CallFactory
from tests.factories import UserFactory

from .factories import DEADLINE, CoalitionFactory, economic, member

pytestmark = pytest.mark.django_db

BEFORE = DEADLINE - dt.timedelta(seconds=1)
AFTER = DEADLINE + dt.timedelta(seconds=1)


@pytest.fixture
def call():
    return CallFactory()


@pytest.fixture
def civic_owner():
    return UserFactory(language="ru")


@pytest.fixture
def economic_owner():
    return UserFactory(language="en")


@pytest.fixture
def civic(civic_owner):
    return CoalitionFactory(name="Гражданская сеть", owner=civic_owner)


@pytest.fixture
def business(economic_owner):
    return economic(name="Бизнес-союз", owner=economic_owner)


@time_machine.travel(BEFORE, tick=False)
def test_invite_and_accept_confirms_the_pair_and_emails_both_sides(
    call, civic, business, civic_owner, economic_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pair = pairing.invite_partner(
            inviter=civic, invitee=business, call=call, by=civic_owner, message="Вместе за бюджет"
        )
    assert [m.to for m in mail.outbox] == [[economic_owner.email]]
    assert "Вместе за бюджет" in mail.outbox[0].body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        pairing.accept_partnership(partnership=pair, by=economic_owner)

    pair.refresh_from_db()
    assert pair.status == Partnership.Status.CONFIRMED
    assert pairing.confirmed_pair(coalition=civic, call=call) == pair
    recipients = {m.to[0]: m.subject for m in mail.outbox}
    assert recipients[civic_owner.email].endswith("Пара подтверждена: вы и «Бизнес-союз»")
    # The economic owner reads English: the message is rendered in their language
    # (the subject falls back to Russian until the English catalogue has it).
    assert economic_owner.email in recipients


def test_a_coalition_cannot_pair_with_itself(call, civic, civic_owner):
    with pytest.raises(PortalError, match="сама с собой"):
        pairing.invite_partner(inviter=civic, invitee=civic, call=call, by=civic_owner)


def test_two_coalitions_of_the_same_kind_cannot_pair(call, civic, civic_owner):
    other_civic = CoalitionFactory()
    with pytest.raises(PortalError, match="гражданская и экономическая"):
        pairing.invite_partner(inviter=civic, invitee=other_civic, call=call, by=civic_owner)
    assert not Partnership.objects.exists()


@time_machine.travel(BEFORE, tick=False)
def test_at_most_one_confirmed_pair_per_call(call, civic, business, civic_owner, economic_owner):
    second_business = economic(owner=UserFactory())
    first = pairing.invite_partner(inviter=civic, invitee=business, call=call, by=civic_owner)
    second = pairing.invite_partner(
        inviter=civic, invitee=second_business, call=call, by=civic_owner
    )
    pairing.accept_partnership(partnership=first, by=economic_owner)

    other_owner = second_business.memberships.get().user
    with pytest.raises(PortalError, match="уже есть подтверждённая пара"):
        pairing.accept_partnership(partnership=second, by=other_owner)
    second.refresh_from_db()
    assert second.status == Partnership.Status.INVITED
    # A new invitation while paired is refused too, until the pair is dissolved.
    with pytest.raises(PortalError, match="сначала её нужно распустить"):
        pairing.invite_partner(
            inviter=civic, invitee=economic(owner=UserFactory()), call=call, by=civic_owner
        )

    pairing.dissolve_partnership(partnership=first, by=civic_owner)
    pairing.accept_partnership(partnership=second, by=other_owner)
    assert pairing.confirmed_pair(coalition=civic, call=call) == second


@time_machine.travel(BEFORE, tick=False)
def test_pairs_for_different_calls_do_not_collide(civic, business, civic_owner, economic_owner):
    call_a, call_b = CallFactory(), CallFactory()
    for call in (call_a, call_b):
        pair = pairing.invite_partner(inviter=civic, invitee=business, call=call, by=civic_owner)
        pairing.accept_partnership(partnership=pair, by=economic_owner)
    assert Partnership.objects.filter(status=Partnership.Status.CONFIRMED).count() == 2


@time_machine.travel(BEFORE, tick=False)
def test_either_side_can_dissolve_before_the_deadline_and_history_is_kept(
    call, civic, business, civic_owner, economic_owner
):
    pair = pairing.invite_partner(inviter=civic, invitee=business, call=call, by=civic_owner)
    pairing.accept_partnership(partnership=pair, by=economic_owner)
    pairing.dissolve_partnership(partnership=pair, by=economic_owner)

    pair.refresh_from_db()
    assert pair.status == Partnership.Status.DISSOLVED
    moves = [(t.from_status, t.to_status, t.by) for t in pair.status_changes.all()]
    assert moves == [
        ("", "invited", civic_owner),
        ("invited", "confirmed", economic_owner),
        ("confirmed", "dissolved", economic_owner),
    ]


def test_dissolving_after_the_deadline_is_refused(
    call, civic, business, civic_owner, economic_owner
):
    with time_machine.travel(BEFORE, tick=False):
        pair = pairing.invite_partner(inviter=civic, invitee=business, call=call, by=civic_owner)
        pairing.accept_partnership(partnership=pair, by=economic_owner)
    with time_machine.travel(AFTER, tick=False), pytest.raises(PortalError, match="закрыт"):
        pairing.dissolve_partnership(partnership=pair, by=civic_owner)
    pair.refresh_from_db()
    assert pair.status == Partnership.Status.CONFIRMED


def test_at_the_deadline_second_a_pair_can_still_be_dissolved(
    call, civic, business, civic_owner, economic_owner
):
    with time_machine.travel(BEFORE, tick=False):
        pair = pairing.invite_partner(inviter=civic, invitee=business, call=call, by=civic_owner)
        pairing.accept_partnership(partnership=pair, by=economic_owner)
    with time_machine.travel(DEADLINE, tick=False):
        pairing.dissolve_partnership(partnership=pair, by=civic_owner)


@time_machine.travel(BEFORE, tick=False)
def test_declined_invitation_cannot_be_accepted_later(
    call, civic, business, civic_owner, economic_owner
):
    pair = pairing.invite_partner(inviter=civic, invitee=business, call=call, by=civic_owner)
    pairing.decline_partnership(partnership=pair, by=economic_owner)
    with pytest.raises(PortalError, match="уже ответили"):
        pairing.accept_partnership(partnership=pair, by=economic_owner)


@time_machine.travel(BEFORE, tick=False)
def test_only_the_invited_side_answers_and_viewers_cannot(
    call, civic, business, civic_owner, economic_owner
):
    pair = pairing.invite_partner(inviter=civic, invitee=business, call=call, by=civic_owner)
    viewer = member(business, Membership.Role.VIEWER)
    for person in (civic_owner, viewer):
        with pytest.raises(PortalError, match="приглашённой коалиции"):
            pairing.accept_partnership(partnership=pair, by=person)
    editor = member(business, Membership.Role.EDITOR)
    pairing.accept_partnership(partnership=pair, by=editor)


@time_machine.travel(BEFORE, tick=False)
def test_a_second_open_invitation_between_the_same_two_is_refused(
    call, civic, business, civic_owner, economic_owner
):
    pairing.invite_partner(inviter=civic, invitee=business, call=call, by=civic_owner)
    with pytest.raises(PortalError, match="ждущее ответа"):
        pairing.invite_partner(inviter=business, invitee=civic, call=call, by=economic_owner)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
)
@pytest.mark.django_db(transaction=True)
def test_two_acceptances_at_the_same_moment_make_only_one_pair(call, civic, civic_owner):
    """Both invited coalitions accept at once; the lock lets only one pair through."""
    # Time ticks while the test sets up: start an hour before the deadline, not a second.
    with time_machine.travel(DEADLINE - dt.timedelta(hours=1), tick=True):
        invited = [economic(owner=UserFactory()) for _ in range(2)]
        pairs = [
            pairing.invite_partner(inviter=civic, invitee=c, call=call, by=civic_owner)
            for c in invited
        ]
        barrier = threading.Barrier(2)
        errors = []

        def accept(pair, coalition):
            barrier.wait()
            try:
                pairing.accept_partnership(partnership=pair, by=coalition.memberships.get().user)
            except PortalError as error:
                errors.append(error)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=accept, args=pc) for pc in zip(pairs, invited, strict=True)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert Partnership.objects.filter(status=Partnership.Status.CONFIRMED).count() == 1
    assert len(errors) == 1
