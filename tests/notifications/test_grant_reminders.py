"""Grantees are reminded of each report's own due date (before and after it, until they send
it), of a contract waiting for their signature, and workshop coalitions of the support
deadline — each person once per reminder, even after applications have closed."""

import datetime as dt

import pytest
from django.core import mail

from grants.models import Contract, Report, TechnicalSupportApplication
from notifications.reminder_previews import upcoming_for
from tests.applications.factories import BISHKEK, member_of
from tests.grants.award_factories import awarded, owner_of
from tests.workshops.factories import EventFactory, ParticipantFactory, selected_application

from .factories import ReminderRuleFactory

pytestmark = pytest.mark.django_db


def _rule(call, date, audience, offsets):
    return ReminderRuleFactory(
        call=call,
        date=date,
        audience=audience,
        offsets=offsets,
        subject="Напоминание: {about}, {date}",
        body="Здравствуйте, {name}! {about} — {date}. {link}",
        subject_ky="",
        subject_en="",
        body_ky="",
        body_en="",
    )


def test_each_report_is_reminded_of_its_own_due_date_until_it_is_sent(run_at):
    award = awarded()
    award.call.status = "closed"  # applications closed long ago; reports still run
    award.call.save()
    owner = owner_of(award)
    interim = Report.objects.create(award=award, kind="interim", due_on=dt.date(2030, 10, 1))
    Report.objects.create(award=award, kind="final", due_on=dt.date(2030, 12, 31))
    _rule(award.call, "report_due", "grantees_report_due", "-1, 2")

    run_at(dt.datetime(2030, 9, 30, 10, tzinfo=BISHKEK))
    run_at(dt.datetime(2030, 9, 30, 11, tzinfo=BISHKEK))
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "1 октября 2030" in mail.outbox[0].subject
    assert f"/support/reports/{interim.pk}/" in mail.outbox[0].body

    run_at(dt.datetime(2030, 10, 3, 10, tzinfo=BISHKEK))  # two days overdue, still not sent
    assert len(mail.outbox) == 2

    Report.objects.filter(pk=interim.pk).update(status="submitted")
    run_at(dt.datetime(2030, 12, 30, 10, tzinfo=BISHKEK))  # the final report's eve
    assert len(mail.outbox) == 3 and "31 декабря 2030" in mail.outbox[2].subject


def test_a_contract_sent_for_signature_is_reminded_until_the_scan_comes(run_at):
    award = awarded()
    owner = owner_of(award)
    award.call.selection_end = dt.date(2030, 7, 30)
    award.call.save()
    contract = Contract.objects.create(
        award=award, call=award.call, sequence=1, number="ТП-2030/1", status=Contract.Status.SENT
    )
    _rule(award.call, "selection_end", "contracts_awaiting_signature", "-3, 0")

    run_at(dt.datetime(2030, 7, 27, 10, tzinfo=BISHKEK))
    assert [m.to for m in mail.outbox] == [[owner.email]] and "ТП-2030/1" in mail.outbox[0].body
    Contract.objects.filter(pk=contract.pk).update(status=Contract.Status.SIGNED)
    run_at(dt.datetime(2030, 7, 30, 10, tzinfo=BISHKEK))
    assert len(mail.outbox) == 1


def test_workshop_coalitions_without_a_support_request_are_reminded(run_at):
    event = EventFactory()
    call = event.call
    call.support_deadline = dt.datetime(2030, 6, 30, 23, 59, tzinfo=BISHKEK)
    call.save()
    waiting, applied = selected_application(call), selected_application(call)
    waiting_owner = member_of(waiting.coalition)
    member_of(applied.coalition)
    for application in (waiting, applied):
        ParticipantFactory(event=event, coalition=application.coalition)
    TechnicalSupportApplication.objects.create(
        call=call, coalition=applied.coalition, status="submitted", title="Кампания"
    )
    _rule(call, "support_deadline", "workshop_coalitions_without_support_application", "-2")

    run_at(dt.datetime(2030, 6, 28, 10, tzinfo=BISHKEK))

    assert [m.to for m in mail.outbox] == [[waiting_owner.email]]


def test_a_dashboard_shows_the_support_deadline_only_to_a_coalition_still_waiting(run_at):
    """Asked for one person (the dashboard), the audience reads only that person's
    coalitions: the one still waiting sees the date, the one that applied and a
    coalition that did not take part do not."""
    event = EventFactory()
    call = event.call
    call.support_deadline = dt.datetime(2030, 6, 30, 23, 59, tzinfo=BISHKEK)
    call.save()
    waiting, applied, absent = (selected_application(call) for _ in range(3))
    people = {
        name: member_of(a.coalition)
        for name, a in (("waiting", waiting), ("applied", applied), ("absent", absent))
    }
    for application in (waiting, applied):
        ParticipantFactory(event=event, coalition=application.coalition)
    TechnicalSupportApplication.objects.create(
        call=call, coalition=applied.coalition, status="submitted", title="Кампания"
    )
    _rule(call, "support_deadline", "workshop_coalitions_without_support_application", "-2")
    now = dt.datetime(2030, 6, 28, 10, tzinfo=BISHKEK)

    shown = {
        name: [item.at for item in upcoming_for(user=person, now=now)]
        for name, person in people.items()
    }

    assert shown == {"waiting": [call.support_deadline], "applied": [], "absent": []}
