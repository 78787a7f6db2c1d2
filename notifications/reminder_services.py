"""Reminders on schedule: which are due now, and sending them once (previews for people
and staff: ``reminder_previews``).

A reminder is due when a rule's offset falls due for one *occurrence* (a dated thing of
the call: its deadline, one coalition's extended deadline, one report's due date). Each
person gets it once: the message key names the rule, the dated thing, **its date**, the
offset and the person, and ``OutgoingMessage.key`` is unique. A moved date makes new keys
(reminders follow the new date); messages already sent stay sent.

Timing, for a rule with offsets ``-7, -3, -1, 0, +2`` and send time 09:00 (Bishkek):

* offset *n* falls due at 09:00 on the day *n* days from the date's day;
* a reminder before the date (n ≤ 0) stays due until the next offset falls due or the
  date passes, whichever comes first — so a job that was down catches up with the
  latest missed reminder, never with a stale one, and never after the date;
* an overdue reminder (n > 0) stays due for ``OVERDUE_WINDOW`` (or until the next one).

At any moment at most one offset of a rule is due for an occurrence.
"""

import dataclasses
import datetime as dt
import hashlib
import logging
import string
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, CharField, Count, Exists, Func, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Concat, Left, Lower, Trim
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import registry
from .models import OutgoingMessage, ReminderRule
from .registry import Occurrence, Recipient, bishkek_moment
from .services import Notification, send_notifications

logger = logging.getLogger(__name__)

TEMPLATE = "emails/reminder"
OVERDUE_WINDOW = dt.timedelta(hours=24)
# pg_advisory_lock key of the reminder job ("EGEDREM1" as a number).
ADVISORY_LOCK_ID = 0x4547454452454D31


@dataclasses.dataclass(frozen=True)
class DueReminder:
    rule: ReminderRule
    occurrence: Occurrence
    offset: int
    due_at: dt.datetime


@dataclasses.dataclass
class RunReport:
    """What one run of the job did (also what the task returns, for the worker log)."""

    ran: bool = True
    due: int = 0
    created: int = 0
    already_sent: int = 0
    opted_out: int = 0


# --- When ------------------------------------------------------------------------------


def offset_schedule(
    *, rule: ReminderRule, occurrence: Occurrence
) -> list[tuple[int, dt.datetime, dt.datetime]]:
    """Each offset of the rule with the moment it falls due and the moment it lapses."""
    offsets = rule.offset_list()
    due = [bishkek_moment(occurrence.day + dt.timedelta(days=o), rule.send_time) for o in offsets]
    schedule = []
    for i, offset in enumerate(offsets):
        lapses = occurrence.passes_at if offset <= 0 else due[i] + OVERDUE_WINDOW
        if i + 1 < len(offsets):
            lapses = min(lapses, due[i + 1])
        schedule.append((offset, due[i], lapses))
    return schedule


def due_offset(
    *, rule: ReminderRule, occurrence: Occurrence, now: dt.datetime
) -> tuple[int, dt.datetime] | None:
    """The offset due at ``now`` for this occurrence, with its due moment, or ``None``."""
    for offset, due_at, lapses_at in offset_schedule(rule=rule, occurrence=occurrence):
        if due_at <= now < lapses_at:
            return offset, due_at
    return None


def active_rules():
    """The active rules of the calls that remind (the calls app says which: see
    ``registry.reminding_calls``)."""
    return ReminderRule.objects.filter(registry.reminding_calls_q(), is_active=True).select_related(
        "call"
    )


def occurrences_of(rule: ReminderRule) -> list[Occurrence]:
    source = registry.dates().get(rule.date)
    if source is None:
        logger.warning("Reminder rule %s names an unknown date %r", rule.pk, rule.date)
        return []
    return [o for o in source.occurrences(rule.call) if o.at is not None]


def due_reminders(*, now: dt.datetime | None = None) -> list[DueReminder]:
    now = now or timezone.now()
    due = []
    for rule in active_rules():
        for occurrence in occurrences_of(rule):
            found = due_offset(rule=rule, occurrence=occurrence, now=now)
            if found is not None:
                due.append(DueReminder(rule, occurrence, found[0], found[1]))
    return due


# --- Who -------------------------------------------------------------------------------


def recipients_of(*, rule: ReminderRule, occurrence: Occurrence, user=None) -> Iterable[Recipient]:
    audience = registry.audiences().get(rule.audience)
    if audience is None:
        logger.warning("Reminder rule %s names an unknown audience %r", rule.pk, rule.audience)
        return []
    return audience.recipients(rule=rule, occurrence=occurrence, user=user)


def person_key(*, user=None, email: str = "") -> str:
    if user is not None:
        return f"user:{user.pk}"
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]
    return f"email:{digest}"


class _Sha256Hex(Func):
    """The SHA-256 of a text in hex: PostgreSQL's own ``sha256`` (no pgcrypto needed),
    Django's function on SQLite."""

    function = "SHA256"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "encode(sha256(convert_to(%(expressions)s, 'UTF8')), 'hex')"
        return self.as_sql(compiler, connection, template=template, **extra)


def person_key_expression(*, user_id: str, email: str):
    """``person_key`` in SQL: ``user:<id>`` when the field ``user_id`` is set (the caller
    leaves it null when the account does not count), else the address's key."""
    return Case(
        When(
            **{f"{user_id}__isnull": False},
            then=Concat(Value("user:"), Cast(user_id, CharField())),
        ),
        default=Concat(Value("email:"), Left(_Sha256Hex(Lower(Trim(email))), 24)),
        output_field=CharField(),
    )


def reminder_key_prefix(reminder: DueReminder) -> str:
    """The part of a reminder's key shared by everyone it goes to."""
    occurrence = reminder.occurrence
    return f"reminder:{reminder.rule.pk}:{occurrence.key}:{occurrence.stamp}:{reminder.offset:+d}:"


def reminder_key(*, reminder: DueReminder, recipient: Recipient) -> str:
    """Names one reminder to one person; its date is part of it, so a moved date makes
    new reminders while those sent for the old date stay sent."""
    return (reminder_key_prefix(reminder) + recipient.key)[:255]


# --- What ------------------------------------------------------------------------------


class _Placeholders(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def fill(text: str, values: dict) -> str:
    """Staff text with ``{placeholders}`` filled; anything unknown is left as typed."""
    try:
        return string.Formatter().vformat(text, (), _Placeholders(values))
    except (ValueError, IndexError, KeyError, AttributeError):
        return text


def format_occurrence(occurrence: Occurrence) -> str:
    """The date in the active language, in Bishkek time."""
    if occurrence.has_time:
        moment = timezone.localtime(occurrence.at)
        return f"{date_format(moment, 'j E Y, H:i')} ({_('время Бишкека')})"
    return date_format(occurrence.at, "j E Y")


def days_between(today: dt.date, day: dt.date) -> str:
    days = (day - today).days
    if days == 0:
        return _("сегодня")
    if days > 0:
        return ngettext("остался %(n)d день", "осталось %(n)d дней", days) % {"n": days}
    return ngettext("прошёл %(n)d день", "прошло %(n)d дней", -days) % {"n": -days}


def reminder_context(
    *,
    rule: ReminderRule,
    occurrence: Occurrence,
    recipient: Recipient,
    language: str,
    now: dt.datetime | None = None,
    is_test: bool = False,
) -> dict:
    """The e-mail's context in the recipient's language: the rule's text with its
    placeholders filled, the date in Bishkek time, the link to the thing to do."""
    now = now or timezone.now()
    with translation.override(language):
        values = {
            "name": recipient.name,
            "date": format_occurrence(occurrence),
            "days_left": days_between(timezone.localtime(now).date(), occurrence.day),
            "call": rule.call.tr("title"),
            "about": recipient.about or rule.call.tr("title"),
            "link": recipient.url,
        }
        values["deadline"] = values["date"]
        date_label = registry.dates()[rule.date].label if rule.date in registry.dates() else ""
        return {
            "subject": fill(rule.tr("subject"), values),
            "body": fill(rule.tr("body"), values),
            "link": recipient.url,
            "date_label": str(date_label),
            "date_text": values["date"],
            "is_test": is_test,
        }


# --- Sending ---------------------------------------------------------------------------


@contextmanager
def _exclusive_run() -> Iterator[bool]:
    """On PostgreSQL one job at a time (a second one finds the lock taken and leaves);
    elsewhere the unique message key alone keeps reminders single."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_ID])
        locked = cursor.fetchone()[0]
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_ID])


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _send_batch(
    *, reminder: DueReminder, recipients: list[Recipient], now: dt.datetime, report: RunReport
) -> None:
    """One transaction: record the batch's new reminders; they leave after the commit."""
    wanted: dict[str, Recipient] = {}
    for recipient in recipients:
        if not reminder.rule.essential and not recipient.receives_optional:
            report.opted_out += 1
            continue
        wanted.setdefault(reminder_key(reminder=reminder, recipient=recipient), recipient)
    with transaction.atomic():
        sent = set(
            OutgoingMessage.objects.filter(key__in=list(wanted)).values_list("key", flat=True)
        )
        report.already_sent += len(sent)
        batch = []
        for key, recipient in wanted.items():
            if key in sent:
                continue
            language = recipient.language or settings.LANGUAGE_CODE
            batch.append(
                Notification(
                    to=recipient.user if recipient.user is not None else recipient.email,
                    template=TEMPLATE,
                    context=reminder_context(
                        rule=reminder.rule,
                        occurrence=reminder.occurrence,
                        recipient=recipient,
                        language=language,
                        now=now,
                    ),
                    key=key,
                    language=language,
                )
            )
        report.created += len(send_notifications(batch, recorded=sent))


# Longest ``Recipient.key`` an audience makes (``email:`` and 24 hex digits).
_PERSON_KEY_LENGTH = 30


def _everyone_has_it(*, reminder: DueReminder, report: RunReport) -> bool:
    """Whether everyone in the audience has had this reminder, asked in SQL: one
    anti-join of the audience's ``keys`` with the recorded messages, and one count for
    the run's report. ``False`` when someone has not (or the audience has no ``keys``):
    the run then walks the audience."""
    audience = registry.audiences().get(reminder.rule.audience)
    prefix = reminder_key_prefix(reminder)
    if audience is None or audience.keys is None or len(prefix) + _PERSON_KEY_LENGTH > 255:
        return False
    everyone = audience.keys(rule=reminder.rule, occurrence=reminder.occurrence)
    recorded = OutgoingMessage.objects.filter(
        key=Concat(Value(prefix), OuterRef("reminder_person_key"), output_field=CharField())
    )
    receiving = everyone
    if not reminder.rule.essential:
        receiving = everyone.filter(reminder_receives_optional=True)
    # PostgreSQL hashes the recorded keys once; the query stops at the first person found.
    if receiving.filter(~Exists(recorded)).exists():
        return False
    counts = everyone.aggregate(
        receiving=Count("pk", filter=Q(reminder_receives_optional=True)),
        everyone=Count("pk"),
    )
    if reminder.rule.essential:
        report.already_sent += counts["everyone"]
    else:
        report.already_sent += counts["receiving"]
        report.opted_out += counts["everyone"] - counts["receiving"]
    return True


def send_due_reminders(
    *, now: dt.datetime | None = None, batch_size: int | None = None
) -> RunReport:
    """Send every reminder due now to everyone in its audience who has not had it.

    Safe to run twice at once, to kill halfway or to retry: each batch commits on its own,
    and a reminder already recorded for a person is never recorded again. What a stopped
    worker missed is sent on the next run while it is still due (see the module notes).
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.REMINDER_BATCH_SIZE
    report = RunReport()
    with _exclusive_run() as mine:
        if not mine:
            logger.info("Another reminder run holds the lock; leaving it to finish")
            return RunReport(ran=False)
        for reminder in due_reminders(now=now):
            report.due += 1
            if _everyone_has_it(reminder=reminder, report=report):
                continue
            recipients = recipients_of(rule=reminder.rule, occurrence=reminder.occurrence)
            for batch in _batches(recipients, batch_size):
                _send_batch(reminder=reminder, recipients=batch, now=now, report=report)
    logger.info("Reminders: %s", report)
    return report
