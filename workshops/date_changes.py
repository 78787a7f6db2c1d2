"""The people of a workshop hear when staff move it.

``applications.date_changes`` tells the people it knows (registrants, applicants) when the
call's dates change, and asks the later layers for theirs through ``call_dates_changed``:
here, every participant of the call's workshop events. ``announce_event_changes`` does the
same when staff move one of the events themselves (its days, hours, venue or link): its
participants (and, for an information session, the call's registrants) get one message,
its sessions move with it (each on the same day of the event), and the programme's
calendar entries get a higher SEQUENCE.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import translation

from applications.date_changes import call_dates_changed
from calls.models import InfoSessionRegistration
from notifications.services import Attachment, send_notification

from .models import Event, Participant, Session

logger = logging.getLogger(__name__)

EVENT_TRACKED = ("starts_on", "ends_on", "day_starts_at", "venue", "online_link")


@receiver(call_dates_changed, dispatch_uid="workshops.participants_of_a_moved_workshop")
def _add_participants(sender, *, call, changes, add, **kwargs):
    if not any(change.step == "workshop" for change in changes):
        return
    participants = Participant.objects.filter(
        event__call=call, event__kind=Event.Kind.WORKSHOP
    ).select_related("user")
    for participant in participants:
        add(
            participant.email or getattr(participant.user, "email", ""),
            steps={"workshop"},
            user=participant.user,
            name=participant.full_name,
        )


@dataclass(frozen=True)
class EventChange:
    """One changed value of an event, as ``emails/call_dates_changed`` shows it."""

    name: str
    before: object
    after: object

    @property
    def label(self):
        return Event._meta.get_field(self.name).verbose_name

    @property
    def kind(self) -> str:
        value = self.after if self.after not in (None, "") else self.before
        if hasattr(value, "hour") and not hasattr(value, "day"):
            return "time"
        return "date" if hasattr(value, "day") else "text"


def event_snapshot(event: Event) -> dict:
    return {name: getattr(event, name) for name in EVENT_TRACKED}


def _people(event: Event) -> dict[str, tuple]:
    """Address → (user, language, name) of everyone who relies on the event."""
    people: dict[str, tuple] = {}
    for participant in event.participants.select_related("user"):
        email = participant.email or getattr(participant.user, "email", "")
        user = participant.user
        if email:
            people.setdefault(
                email.lower(), (user, getattr(user, "language", None), participant.full_name)
            )
    if event.kind == Event.Kind.INFO_SESSION:
        for registration in InfoSessionRegistration.objects.filter(call=event.call_id):
            people.setdefault(
                registration.email.lower(),
                (registration.user, registration.language, registration.full_name),
            )
    return people


def _programme_file(event: Event, language: str) -> list[Attachment]:
    from .calendar import programme_ics

    if not event.sessions.exists():
        return []
    with translation.override(language):
        content = programme_ics(event)
    return [Attachment(f"programme-{event.pk}.ics", content, "text/calendar")]


def _move_sessions(event: Event, before: dict) -> None:
    """A moved event keeps its programme: each session stays on the same day of it."""
    shift = event.starts_on - before["starts_on"]
    if not shift:
        return
    sessions = list(event.sessions.all())
    for session in sessions:
        session.day += shift
    Session.objects.bulk_update(sessions, ["day"])


@transaction.atomic
def announce_event_changes(event: Event, before: dict) -> int:
    """Tell each person relying on the event, once, what changed since ``before``."""
    changes = [
        EventChange(name, before[name], getattr(event, name))
        for name in EVENT_TRACKED
        if before[name] != getattr(event, name)
    ]
    if not changes:
        return 0
    _move_sessions(event, before)
    Event.objects.filter(pk=event.pk).update(calendar_sequence=F("calendar_sequence") + 1)
    event.refresh_from_db(fields=["calendar_sequence"])
    told = 0
    for address, (user, language, name) in _people(event).items():
        language = language or "ru"
        digest = hashlib.sha256(address.encode()).hexdigest()[:32]
        attachments = _programme_file(event, language)
        send_notification(
            to=user if user and user.email.lower() == address else address,
            template="emails/call_dates_changed",
            context={
                "call": event.call,
                "changes": changes,
                "name": name,
                "calendar": bool(attachments),
            },
            key=f"event-dates:{event.pk}:{event.calendar_sequence}:{digest}",
            language=language,
            attachments=attachments,
        )
        told += 1
    logger.info("Event %s moved (%s); %d people told", event.pk, changes, told)
    return told
