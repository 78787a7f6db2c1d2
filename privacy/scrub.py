"""The steps of an erasure: each replaces or removes what identifies the person in one
part of the portal and returns how many rows it touched (for the erasure log).

Rows of others are matched by e-mail (and the name and phone inside free text), never by
a phone alone: a phone may be an office's, shared.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils import timezone

from applications.models import ProposedAttendee
from calls.models import InfoSessionRegistration
from coalitions.models import (
    Coalition,
    CoalitionInvitation,
    HistoricalCoalition,
    JoinRequest,
    MemberOrganisation,
)
from notifications.models import MessageAttachment, OutgoingMessage
from workshops.models import HistoricalParticipant, Participant

from .selectors import email_q, messages_to, participants_of

# Stored data, not interface text: the placeholders are written in the programme's
# language once and read the same by everyone.
ERASED_PERSON = "Удалённый пользователь"
ERASED_PARTICIPANT = "Удалённый участник"
ERASED_TEXT = "[удалено]"

PARTICIPANT_SCRUB = {
    "email": "",
    "phone": "",
    "job_title": "",
    "arriving_from": "",
    "diet_notes": "",
    "accessibility": "",
}
# Kept on participants: event, coalition, organisation, region, nights, diet, photo
# consent, attendance and certificate — what the workshop sheet and the hotel and catering
# lists count.


def erased_email(person_id: int) -> str:
    return f"erased-{person_id}@invalid"


@dataclass
class Needles:
    """The strings that would still identify the person inside free text."""

    texts: list[str]
    replacement: str

    def replace(self, value: str) -> str:
        for text in self.texts:
            start = value.lower().find(text.lower())
            while start != -1:
                value = value[:start] + self.replacement + value[start + len(text) :]
                start = value.lower().find(text.lower(), start + len(self.replacement))
        return value

    def q(self, field: str) -> Q:
        q = Q(pk__in=[])
        for text in self.texts:
            q |= Q(**{f"{field}__icontains": text})
        return q


def person_needles(person, emails: set[str], replacement: str) -> Needles:
    texts = set(emails)
    full_name = f"{person.first_name} {person.last_name}".strip()
    if person.first_name and person.last_name:
        texts |= {full_name, f"{person.last_name} {person.first_name}"}
    if person.phone:
        texts.add(person.phone)
    # Longest first, so that a full name goes before its parts.
    return Needles(sorted((t for t in texts if t), key=len, reverse=True), replacement)


def redact(queryset, fields: list[str], needles: Needles) -> int:
    """Replace the needles inside the given text fields; returns the rows changed."""
    q = Q(pk__in=[])
    for field in fields:
        q |= needles.q(field)
    changed = 0
    for row in queryset.filter(q):
        values = {field: needles.replace(getattr(row, field) or "") for field in fields}
        queryset.model.objects.filter(pk=row.pk).update(**values)
        changed += 1
    return changed


def scrub_participants(ids: list[int], name_for) -> int:
    for pk in ids:
        values = {**PARTICIPANT_SCRUB, "full_name": name_for(pk)}
        Participant.objects.filter(pk=pk).update(**values)
        HistoricalParticipant.objects.filter(id=pk).update(**values)
    return len(ids)


def log_entries(needles: Needles) -> int:
    return redact(LogEntry.objects.all(), ["object_repr"], needles)


def sessions_of(person) -> list[str]:
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(person.pk):
            keys.append(session.session_key)
    return keys


def sign_in(person) -> dict[str, int]:
    """Addresses, two-factor devices, open sessions."""
    return {
        "email_addresses": EmailAddress.objects.filter(user=person).delete()[0],
        "two_factor": Authenticator.objects.filter(user=person).delete()[0],
        "sessions": Session.objects.filter(session_key__in=sessions_of(person)).delete()[0],
    }


def coalition_rows(person, emails: set[str], needles: Needles) -> dict[str, int]:
    """Pending invitations and join requests go; decided ones lose the address; the
    coalitions' contacts lose the person (the phone goes with the address when it is the
    person's too)."""
    invitations = CoalitionInvitation.objects.filter(email_q("email", emails))
    counts = {
        "pending_invitations": invitations.filter(
            status=CoalitionInvitation.Status.PENDING
        ).delete()[0],
        "invitations": invitations.update(email=erased_email(person.pk)),
        "pending_join_requests": JoinRequest.objects.filter(
            user=person, status=JoinRequest.Status.PENDING
        ).delete()[0],
        "join_requests": JoinRequest.objects.filter(user=person).update(message=""),
    }
    contact = email_q("contact_email", emails)
    for model in (Coalition, HistoricalCoalition):
        rows = model.objects.filter(contact)
        if person.phone:
            rows.filter(contact_phone=person.phone).update(contact_phone="")
        changed = rows.update(contact_email="")
        if model is Coalition:
            counts["coalition_contacts"] = changed
    counts["coalition_contacts"] += redact(Coalition.objects.all(), ["contact_person"], needles)
    redact(HistoricalCoalition.objects.all(), ["contact_person"], needles)
    counts["member_organisation_contacts"] = redact(
        MemberOrganisation.objects.all(), ["contact"], needles
    )
    return counts


def registrations(person, emails: set[str], name: str) -> dict[str, int]:
    """Information sessions and proposed workshop attendees."""
    rows = InfoSessionRegistration.objects.filter(Q(user=person) | email_q("email", emails))
    count = 0
    for registration in rows:
        InfoSessionRegistration.objects.filter(pk=registration.pk).update(
            full_name=name, email=f"erased-{person.pk}-{registration.pk}@invalid", phone=""
        )
        count += 1
    attendees = ProposedAttendee.objects.filter(email_q("email", emails))
    return {
        "info_session_registrations": count,
        "proposed_attendees": attendees.update(full_name=name, email="", phone="", job_title=""),
    }


def participant_records(person, emails: set[str], name: str) -> int:
    """The workshop participant records and their history."""
    ids = set(participants_of(person, emails).values_list("pk", flat=True))
    ids |= set(
        HistoricalParticipant.objects.filter(Q(user=person) | email_q("email", emails)).values_list(
            "id", flat=True
        )
    )
    return scrub_participants(sorted(ids), lambda pk: name)


def messages(person, emails: set[str], needles: Needles) -> dict[str, int]:
    """Messages to the person lose address and text; others' mention them no more."""
    to_person = messages_to(person, emails)
    # What is still waiting to go is never sent: the address it would go to is gone.
    to_person.filter(
        status__in=[OutgoingMessage.Status.QUEUED, OutgoingMessage.Status.FAILED]
    ).update(status=OutgoingMessage.Status.GAVE_UP, next_attempt_at=None)
    return {
        "message_attachments": MessageAttachment.objects.filter(message__in=to_person).delete()[0],
        "messages_to_person": to_person.update(
            to_email=erased_email(person.pk),
            subject=ERASED_TEXT,
            body_text=ERASED_TEXT,
            body_html="",
            last_error="",
        ),
        "messages_mentioning_person": redact(
            OutgoingMessage.objects.all(), ["subject", "body_text", "body_html"], needles
        ),
        "admin_log_entries": log_entries(needles),
    }


def account(person) -> None:
    """The account stays (an anonymous owner of what the programme keeps) and is closed."""
    person.first_name = ERASED_PERSON
    person.last_name = f"#{person.pk}"
    person.email = erased_email(person.pk)
    person.phone = ""
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.receives_news = False
    person.set_unusable_password()
    person.save()
