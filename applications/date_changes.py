"""Dates and places people rely on, changed by staff after the call was published.

The call says its dates «may be refined». When staff move the information session, a
deadline or the workshop (its dates or venue), ``announce_changes`` — called where staff
save the call — tells each person concerned once, in their language, what changed (old →
new), and raises the SEQUENCE of the moved steps' calendar events: the .ics files people
hold are updated (same UID), not doubled.

Who is concerned: the people registered for the information session (its time, link,
place, format); the owners and editors of the coalitions applying to the call (drafts
and submitted applications, and those still in the race for the workshop); receivers of
``call_dates_changed`` add their own people (workshops adds the workshop's participants).
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.dispatch import Signal
from django.utils import translation

from calls.models import Call, InfoSessionRegistration, call_timeline
from notifications.services import Attachment, send_notification

from .models import Application

logger = logging.getLogger(__name__)

# Tracked field → the timeline step (and calendar event) it belongs to.
TRACKED = {
    "info_session_at": "info_session",
    "info_session_format": "info_session",
    "info_session_link": "info_session",
    "info_session_venue": "info_session",
    "application_deadline": "application_deadline",
    "workshop_start": "workshop",
    "workshop_end": "workshop",
    "workshop_venue": "workshop",
    "support_deadline": "support_deadline",
}
APPLYING = {
    "application_deadline": [Application.Status.DRAFT, Application.Status.SUBMITTED],
    "support_deadline": [Application.Status.SELECTED],
    "workshop": [
        Application.Status.DRAFT,
        Application.Status.SUBMITTED,
        Application.Status.SHORTLISTED,
        Application.Status.SELECTED,
        Application.Status.RESERVE,
    ],
}

# Sent with ``call``, ``changes`` and ``add(email, *, steps, user=None, language=None,
# name="")``, so that later layers can add the people they know about.
call_dates_changed = Signal()


@dataclass(frozen=True)
class Change:
    name: str
    old: object
    new: object

    @property
    def step(self) -> str:
        return TRACKED[self.name]

    @property
    def label(self):
        return Call._meta.get_field(self.name).verbose_name

    @property
    def kind(self) -> str:
        value = self.new if self.new not in (None, "") else self.old
        if hasattr(value, "hour"):
            return "datetime"
        return "date" if hasattr(value, "day") else "text"

    def _shown(self, value):
        if self.name == "info_session_format" and value:
            return Call.SessionFormat(value).label
        if self.name in VENUES:  # (ru, ky, en): the reader's, else the Russian one
            languages = ("ru", "ky", "en")
            language = translation.get_language()
            wanted = languages.index(language) if language in languages else 0
            return value[wanted] or value[0]
        return value

    @property
    def before(self):
        return self._shown(self.old)

    @property
    def after(self):
        return self._shown(self.new)


@dataclass
class Recipient:
    email: str
    user: object = None
    language: str | None = None
    name: str = ""
    steps: set = field(default_factory=set)


# A venue is written in each language: a change to any of them is a change of the venue,
# told to each reader in their language.
VENUES = {"info_session_venue", "workshop_venue"}


def _tracked(call: Call, name: str):
    if name in VENUES:
        return tuple(getattr(call, f"{name}{suffix}") for suffix in ("", "_ky", "_en"))
    return getattr(call, name)


def snapshot(call: Call) -> dict:
    """The tracked values of the call as stored, to compare with after the save."""
    return {name: _tracked(call, name) for name in TRACKED}


def changes_between(before: dict, call: Call) -> list[Change]:
    return [
        Change(name, before[name], _tracked(call, name))
        for name in TRACKED
        if before[name] != _tracked(call, name)
    ]


class _Audience:
    def __init__(self):
        self.people: dict[str, Recipient] = {}

    def add(self, email, *, steps, user=None, language=None, name=""):
        if not email:
            return
        person = self.people.setdefault(email.strip().lower(), Recipient(email=email.strip()))
        person.user = person.user or user
        person.language = person.language or language or getattr(user, "language", None)
        person.name = person.name or name
        person.steps |= set(steps)


def _gather(call: Call, changes: list[Change]) -> _Audience:
    from coalitions.permissions import people_to_notify

    audience, steps = _Audience(), {change.step for change in changes}
    if "info_session" in steps:
        for registration in InfoSessionRegistration.objects.filter(call=call).select_related(
            "user"
        ):
            audience.add(
                registration.email,
                steps={"info_session"},
                user=registration.user,
                language=registration.language,
                name=registration.full_name,
            )
    for step in steps & set(APPLYING):
        applications = Application.objects.filter(call=call, status__in=APPLYING[step])
        for application in applications.select_related("coalition", "partner"):
            for coalition in filter(None, (application.coalition, application.partner)):
                for person in people_to_notify(coalition):
                    audience.add(
                        person.email, steps={step}, user=person, name=person.get_full_name()
                    )
    call_dates_changed.send(sender=Call, call=call, changes=changes, add=audience.add)
    return audience


def _raise_sequences(call: Call, changes: list[Change]) -> str:
    """Raise the SEQUENCE of each moved step; the revision names this change once."""
    sequences = dict(call.calendar_sequences or {})
    for step in sorted({change.step for change in changes}):
        sequences[step] = sequences.get(step, 0) + 1
    Call.objects.filter(pk=call.pk).update(calendar_sequences=sequences)
    call.calendar_sequences = sequences
    return "+".join(f"{step}.{sequences[step]}" for step in sorted({c.step for c in changes}))


def _calendar_file(call: Call, steps: set, language: str) -> Attachment | None:
    from .calendar import steps_ics

    with translation.override(language):
        content = steps_ics(call, keys=steps)
    if not content:
        return None
    return Attachment(f"{call.slug}-update.ics", content, "text/calendar")


@transaction.atomic
def announce_changes(call: Call, before: dict) -> int:
    """Tell each person concerned, once, what changed since ``before`` (``snapshot`` of
    the call as it was stored); return how many people were told. A save that changed no
    tracked value, or a call nobody sees (a draft, the archive), sends nothing."""
    past = {step.key for step in call_timeline(call) if step.is_past}
    changes = [change for change in changes_between(before, call) if change.step not in past]
    if not changes or call.status not in (Call.Status.OPEN, Call.Status.CLOSED):
        return 0  # nobody relies on a step already over (a typo fixed in the archive)
    revision = _raise_sequences(call, changes)
    told = 0
    for address, person in _gather(call, changes).people.items():
        theirs = [change for change in changes if change.step in person.steps]
        if not theirs:
            continue
        language = person.language or "ru"
        attachment = _calendar_file(call, {c.step for c in theirs}, language)
        digest = hashlib.sha256(address.encode()).hexdigest()[:32]
        send_notification(
            to=person.user if person.user and person.user.email.lower() == address else address,
            template="emails/call_dates_changed",
            context={
                "call": call,
                "changes": theirs,
                "name": person.name,
                "calendar": attachment is not None,
            },
            key=f"call-dates:{call.pk}:{revision}:{digest}",
            language=language,
            attachments=[attachment] if attachment else [],
        )
        told += 1
    logger.info("Call %s: %s changed (%s); %d people told", call.slug, revision, changes, told)
    return told
