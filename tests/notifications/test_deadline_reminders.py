"""Deadline reminders: at each offset and boundary (Bishkek time), once per person per
reminder, following a moved deadline, catching up after downtime, respecting opt-out."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Application
from calls.models import InfoSessionRegistration
from coalitions.models import Membership
from notifications.models import OutgoingMessage
from notifications.tasks import send_due_reminders as send_due_reminders_task
from tests.applications.factories import (
    BISHKEK,
    ApplicationFactory,
    CallFactory,
    CoalitionFactory,
    confirmed_pair,
    extension,
    member_of,
)

from .factories import ReminderRuleFactory, info_session_rule

pytestmark = pytest.mark.django_db

# CallFactory: application deadline 25 May 2030, 23:59:59; info session 16 May 2030, 10:00.


def at(month, day, hour=0, minute=0, second=0, year=2030):
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=BISHKEK)


def reminders_to(email):
    return [m for m in mail.outbox if m.to == [email]]


@pytest.fixture
def draft():
    call = CallFactory()
    coalition = CoalitionFactory(name="Коалиция «Чистый Ош»")
    application = ApplicationFactory(call=call, coalition=coalition, idea_title="Чистые арыки")
    owner = member_of(coalition, first_name="Айгуль", email="owner@example.kg")
    editor = member_of(coalition, role=Membership.Role.EDITOR, email="editor@example.kg")
    member_of(coalition, role=Membership.Role.VIEWER, email="viewer@example.kg")
    rule = ReminderRuleFactory(call=call)
    return {
        "call": call,
        "application": application,
        "owner": owner,
        "editor": editor,
        "rule": rule,
    }


def test_nothing_before_the_first_offset_then_the_week_reminder_at_nine(run_at, draft):
    assert run_at(at(5, 18, 8, 59, 59)).created == 0
    assert mail.outbox == []

    report = run_at(at(5, 18, 9, 0))
    assert report.created == 2  # owner and editor, not the viewer
    [message] = reminders_to("owner@example.kg")
    assert (
        message.subject
        == "EGED · Заявка не отправлена: крайний срок 25 мая 2030, 23:59 (время Бишкека)"
    )
    assert "Здравствуйте, Айгуль!" in message.body
    assert "Заявка «Чистые арыки»" in message.body
    link = f"http://127.0.0.1:8000/applications/{draft['application'].pk}/"
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0][0]
    assert reminders_to("viewer@example.kg") == []


@pytest.mark.parametrize(
    ("moment", "offset"),
    [
        (at(5, 18, 9, 0), -7),
        (at(5, 22, 8, 59, 59), -7),  # still the week reminder, one second before the next
        (at(5, 22, 9, 0), -3),
        (at(5, 24, 9, 0), -1),
        (at(5, 25, 8, 59, 59), -1),
        (at(5, 25, 9, 0), 0),
        (at(5, 25, 23, 59, 58), 0),  # the day itself, up to the deadline
    ],
)
def test_each_offset_is_due_from_its_day_at_nine_until_the_next(run_at, draft, moment, offset):
    run_at(moment)
    keys = set(OutgoingMessage.objects.values_list("key", flat=True))
    owner = draft["owner"]
    assert len(keys) == 2
    assert any(k.endswith(f":{offset:+d}:user:{owner.pk}") for k in keys), keys


def test_nothing_once_the_deadline_has_passed(run_at, draft):
    assert run_at(at(5, 25, 23, 59, 59)).created == 0
    assert run_at(at(5, 26, 0, 0)).created == 0
    assert mail.outbox == []


def test_every_offset_once_over_the_whole_period(run_at, draft):
    moment = at(5, 17, 0, 0)
    while moment < at(5, 26, 12):
        run_at(moment)
        moment += dt.timedelta(hours=1)
    offsets = sorted(
        int(k.split(":")[-3])
        for k in OutgoingMessage.objects.filter(recipient=draft["owner"]).values_list(
            "key", flat=True
        )
    )
    assert offsets == [-7, -3, -1, 0]
    assert len(reminders_to("owner@example.kg")) == 4


def test_running_twice_sends_once(run_at, draft):
    run_at(at(5, 22, 10, 0))
    second = run_at(at(5, 22, 10, 0))
    assert second.created == 0 and second.already_sent == 2
    assert len(reminders_to("owner@example.kg")) == 1
    send_due_reminders_task.apply()  # the beat task, now (in 2030's future): nothing due
    assert len(mail.outbox) == 2


def test_after_downtime_the_latest_missed_reminder_is_sent_once(run_at, draft):
    # The worker was down from before the week reminder until the 23rd.
    run_at(at(5, 23, 14, 0))
    run_at(at(5, 23, 14, 15))
    [message] = reminders_to("owner@example.kg")
    key = OutgoingMessage.objects.get(recipient=draft["owner"]).key
    assert key.endswith(f":-3:user:{draft['owner'].pk}")  # not the stale week reminder
    assert "25 мая 2030" in message.subject


def test_moved_deadline_reminders_follow_the_new_date(run_at, draft):
    call = draft["call"]
    run_at(at(5, 22, 10, 0))
    old = OutgoingMessage.objects.get(recipient=draft["owner"])

    call.application_deadline = at(5, 30, 23, 59, 59)
    call.save()
    assert run_at(at(5, 22, 10, 15)).created == 0  # a week before the 30th is the 23rd
    run_at(at(5, 23, 9, 0))
    run_at(at(5, 27, 9, 0))

    messages = reminders_to("owner@example.kg")
    assert [m.subject[-35:] for m in messages] == [
        "крайний срок 25 мая 2030, 23:59 (время Бишкека)"[-35:],
        "крайний срок 30 мая 2030, 23:59 (время Бишкека)"[-35:],
        "крайний срок 30 мая 2030, 23:59 (время Бишкека)"[-35:],
    ]
    old.refresh_from_db()
    assert old.status == OutgoingMessage.Status.SENT  # what was sent stays sent
    # On the old date nothing more comes.
    assert run_at(at(5, 25, 9, 0)).created == 0


def test_submitted_withdrawn_or_changed_after_submission_is_not_a_draft(run_at, draft):
    application = draft["application"]
    application.status = Application.Status.SUBMITTED
    application.has_unsent_changes = True
    application.save()
    other = ApplicationFactory(call=draft["call"], status=Application.Status.WITHDRAWN)
    member_of(other.coalition, email="withdrawn@example.kg")
    assert run_at(at(5, 22, 10, 0)).created == 0


def test_pair_partner_is_reminded_once_it_confirmed(run_at, draft):
    call = draft["call"]
    pair = confirmed_pair(call)
    application = ApplicationFactory(
        call=call, coalition=pair.inviter, partner=pair.invitee, partnership=pair
    )
    lead = member_of(pair.inviter, email="lead@example.kg")
    partner = member_of(pair.invitee, email="partner@example.kg")
    run_at(at(5, 18, 9, 0))
    assert len(reminders_to("lead@example.kg")) == 1
    assert reminders_to("partner@example.kg") == []

    application.partner_confirmed_at = at(5, 19)
    application.save()
    run_at(at(5, 22, 9, 0))
    assert len(reminders_to("partner@example.kg")) == 1
    assert f"/applications/{application.pk}/" in reminders_to("partner@example.kg")[0].body
    assert partner.pk != lead.pk


def test_a_person_with_two_drafts_gets_one_reminder(run_at, draft):
    other = ApplicationFactory(call=draft["call"])
    Membership.objects.create(
        coalition=other.coalition, user=draft["owner"], role=Membership.Role.OWNER
    )
    run_at(at(5, 18, 9, 0))
    assert len(reminders_to("owner@example.kg")) == 1


def test_extended_deadline_is_reminded_on_its_own_date(run_at, draft):
    call = draft["call"]
    extension(call, draft["application"].coalition, at(5, 28, 18, 0))
    late = ApplicationFactory(call=call)
    member_of(late.coalition, email="on-time@example.kg")

    run_at(at(5, 25, 9, 0))  # the call's deadline day: three days before the extended one
    [on_time] = reminders_to("on-time@example.kg")
    assert "25 мая 2030, 23:59" in on_time.subject
    [three_days] = reminders_to("owner@example.kg")
    assert "28 мая 2030, 18:00" in three_days.subject

    run_at(at(5, 27, 9, 0))  # the day before the extended deadline
    assert len(reminders_to("on-time@example.kg")) == 1
    day_before = reminders_to("owner@example.kg")[-1]
    assert "28 мая 2030, 18:00" in day_before.subject
    assert len(reminders_to("owner@example.kg")) == 2


def test_reminder_in_the_persons_language(run_at, draft):
    draft["owner"].language = "ky"
    draft["owner"].save()
    draft["editor"].language = "en"
    draft["editor"].save()
    run_at(at(5, 18, 9, 0))
    assert reminders_to("owner@example.kg")[0].subject.startswith(
        "EGED · Арыз жөнөтүлө элек: акыркы мөөнөт 25"
    )
    english = reminders_to("editor@example.kg")[0]
    assert english.subject.startswith("EGED · Your application is not submitted yet")
    assert "2030" in english.subject


def test_opt_out_silences_only_non_essential_reminders(run_at, draft):
    call = draft["call"]
    owner = draft["owner"]
    owner.receives_news = False
    owner.save()
    info_session_rule(call)  # non-essential
    InfoSessionRegistration.objects.create(
        call=call, full_name="Айгуль", email=owner.email, mode="online", user=owner
    )
    InfoSessionRegistration.objects.create(
        call=call, full_name="Гость", email="guest@example.kg", mode="offline", language="en"
    )

    run_at(at(5, 15, 9, 0))  # the day before the information session
    assert reminders_to(owner.email) == []
    [guest] = reminders_to("guest@example.kg")
    assert guest.subject == (
        "EGED · Information session of the call: 16 May 2030, 10:00 (Bishkek time)"
    )
    assert f"/calls/{call.slug}/" in guest.body  # offline: the call page

    run_at(at(5, 18, 9, 0))  # the draft deadline rule is essential
    assert len(reminders_to(owner.email)) == 1


def test_info_session_online_link_and_not_after_it_started(run_at, draft):
    call = draft["call"]
    info_session_rule(call)
    InfoSessionRegistration.objects.create(
        call=call, full_name="Бакыт", email="bakyt@example.kg", mode="online"
    )
    run_at(at(5, 16, 9, 30))
    [message] = reminders_to("bakyt@example.kg")
    assert "https://zoom.example/j/1" in message.body
    assert "Здравствуйте, Бакыт!" in message.body
    mail.outbox.clear()
    OutgoingMessage.objects.all().delete()
    assert run_at(at(5, 16, 10, 0)).created == 0  # the session has begun


def test_overdue_offset_within_its_window_only(run_at, draft):
    call = draft["call"]
    # An all-day date with a reminder two days after it (for later overdue reports, say).
    rule = ReminderRuleFactory(call=call, date="implementation_end", offsets="+2")
    draft["rule"].delete()
    assert rule.offset_list() == [2]
    assert run_at(at(1, 2, 8, 59, year=2031)).created == 0
    assert run_at(at(1, 2, 9, 0, year=2031)).created == 2
    OutgoingMessage.objects.all().delete()
    assert run_at(at(1, 3, 8, 59, year=2031)).created == 2  # still in its 24-hour window
    OutgoingMessage.objects.all().delete()
    assert run_at(at(1, 3, 9, 0, year=2031)).created == 0  # too late to say "2 days"


def test_inactive_rules_and_draft_calls_send_nothing(run_at, draft):
    draft["rule"].is_active = False
    draft["rule"].save()
    assert run_at(at(5, 18, 9, 0)).created == 0
    draft["rule"].is_active = True
    draft["rule"].save()
    draft["call"].status = "draft"
    draft["call"].save()
    assert run_at(at(5, 18, 9, 0)).created == 0


def test_queries_do_not_grow_with_the_audience(run_at, draft, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def queries_for_a_run_with(extra_people: int) -> int:
        for _ in range(extra_people):
            application = ApplicationFactory(call=draft["call"])
            member_of(application.coalition)
            member_of(application.coalition, role=Membership.Role.EDITOR)
        run_at(at(5, 18, 9, 0))  # record them all
        with CaptureQueriesContext(connection) as queries:
            report = run_at(at(5, 18, 10, 0))  # nothing new: all already sent
        assert report.created == 0
        return len(queries)

    few = queries_for_a_run_with(2)
    many = queries_for_a_run_with(40)
    assert many == few
    assert few < 15
