"""What staff and people see of reminders: the dates ahead on a person's dashboard, a
rule's preview and schedule in the admin, test sends."""

import dataclasses
import datetime as dt
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import PortalError

from . import registry
from .models import OutgoingMessage, ReminderRule
from .registry import Occurrence, Recipient
from .reminder_services import (
    TEMPLATE,
    DueReminder,
    active_rules,
    due_offset,
    occurrences_of,
    offset_schedule,
    person_key,
    recipients_of,
    reminder_context,
    reminder_key,
)
from .services import render_email, send_notification


@dataclasses.dataclass(frozen=True)
class UpcomingDate:
    label: str
    occurrence: Occurrence
    recipient: Recipient
    call_title: str

    @property
    def at(self):
        return self.occurrence.at


def upcoming_for(*, user, now: dt.datetime | None = None, limit: int = 6) -> list[UpcomingDate]:
    """The dates the person is reminded of and that have not passed, soonest first.

    One entry per dated thing, whatever the number of rules about it.
    """

    now = now or timezone.now()
    seen = set()
    found = []
    rules = active_rules().order_by("call", "date", "pk")
    for rule in rules:
        source = registry.dates().get(rule.date)
        if source is None:
            continue
        for occurrence in occurrences_of(rule):
            identity = (rule.call_id, rule.date, occurrence.key)
            if identity in seen or occurrence.passes_at <= now:
                continue
            mine = next(iter(recipients_of(rule=rule, occurrence=occurrence, user=user)), None)
            if mine is None:
                continue
            seen.add(identity)
            found.append(UpcomingDate(str(source.label), occurrence, mine, rule.call.tr("title")))
    found.sort(key=lambda item: item.occurrence.passes_at)
    return found[:limit]


@dataclasses.dataclass(frozen=True)
class ReminderPreview:
    subject: str
    text: str
    html: str
    language: str
    occurrence: Occurrence | None
    recipient: Recipient
    in_audience: bool
    would_receive: bool
    schedule: list


def _stand_in(*, rule: ReminderRule, user) -> Recipient:
    """The person as a recipient when they are not in the audience (for a preview)."""
    return Recipient(
        key=person_key(user=user),
        email=user.email,
        name=user.first_name or user.email,
        language=user.language or settings.LANGUAGE_CODE,
        link=rule.call.get_absolute_url(),
        user=user,
        receives_optional=user.receives_news,
        about=rule.call.tr("title"),
    )


def preview_reminder(
    *, rule: ReminderRule, person, now: dt.datetime | None = None, language: str | None = None
) -> ReminderPreview:
    """The reminder as ``person`` would read it for the rule's next (or current) date,
    with the rule's schedule and whether this person is in the audience now."""
    now = now or timezone.now()
    occurrences = sorted(occurrences_of(rule), key=lambda o: o.passes_at)
    # Prefer the dated thing this person is reminded of, the next one still ahead.
    chosen, recipient = None, None
    ahead = [o for o in occurrences if o.passes_at > now]
    passed = [o for o in occurrences if o.passes_at <= now][::-1]
    for occurrence in ahead + passed:
        recipient = next(iter(recipients_of(rule=rule, occurrence=occurrence, user=person)), None)
        if recipient is not None:
            chosen = occurrence
            break
    in_audience = recipient is not None
    if chosen is None:
        chosen = (ahead + passed + [None])[0]
    recipient = recipient or _stand_in(rule=rule, user=person)
    language = language or recipient.language or settings.LANGUAGE_CODE
    schedule = []
    if chosen is not None:
        current = due_offset(rule=rule, occurrence=chosen, now=now)
        for offset, due_at, lapses_at in offset_schedule(rule=rule, occurrence=chosen):
            key = reminder_key(
                reminder=DueReminder(rule, chosen, offset, due_at), recipient=recipient
            )
            schedule.append(
                {
                    "offset": offset,
                    "due_at": due_at,
                    "lapses_at": lapses_at,
                    "is_due": current is not None and current[0] == offset,
                    "is_past": lapses_at <= now,
                    "message": OutgoingMessage.objects.filter(key=key).first(),
                }
            )
        context = reminder_context(
            rule=rule, occurrence=chosen, recipient=recipient, language=language, now=now
        )
        subject, text, html = render_email(template=TEMPLATE, context=context, language=language)
    else:
        subject, text, html = "", "", ""
    return ReminderPreview(
        subject=subject,
        text=text,
        html=html,
        language=language,
        occurrence=chosen,
        recipient=recipient,
        in_audience=in_audience,
        would_receive=in_audience and (rule.essential or recipient.receives_optional),
        schedule=schedule,
    )


@transaction.atomic
def send_test_reminder(*, rule: ReminderRule, person, to) -> OutgoingMessage:
    """E-mail ``to`` (a staff member) the reminder as ``person`` would receive it, marked
    as a test. Each test is a new message; the person receives nothing."""
    preview = preview_reminder(rule=rule, person=person)
    if preview.occurrence is None:
        raise PortalError(_("У конкурса нет этой даты — напоминать не о чем."))
    context = reminder_context(
        rule=rule,
        occurrence=preview.occurrence,
        recipient=preview.recipient,
        language=preview.language,
        is_test=True,
    )
    return send_notification(
        to=to.email,
        user=to,
        template=TEMPLATE,
        context=context,
        key=None,
        language=preview.language,
    )


def audience_sample(*, rule: ReminderRule, limit: int = 20) -> list[Recipient]:
    """A few people of the rule's audience for its next date (for choosing a preview)."""
    now = timezone.now()
    occurrences = sorted(occurrences_of(rule), key=lambda o: o.passes_at)
    ahead = [o for o in occurrences if o.passes_at > now] or occurrences[-1:]
    if not ahead:
        return []
    people = recipients_of(rule=rule, occurrence=ahead[0])
    return [r for r in islice(people, limit * 3) if r.user is not None][:limit]
