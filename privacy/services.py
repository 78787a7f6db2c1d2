"""Erasure requests and the erasure itself.

Erasing a person replaces their name, addresses and phone with placeholders wherever the
portal keeps them (history included), and removes what only serves to sign in as them.
What the programme reports to the donor stays: memberships, applications, reviews and
scores, attendance, certificates, awards and money, now linked to an anonymous person.
"""

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from core.errors import PortalError
from notifications.services import send_notification

from .export import email_q, messages_to, participants_of, person_emails
from .models import ErasureLog, ErasureRequest, ErasureRequestStatusChange

# Stored data, not interface text: the placeholders are written in the programme's
# language once and read the same by everyone.
ERASED_PERSON = "Удалённый пользователь"
ERASED_PARTICIPANT = "Удалённый участник"
ERASED_TEXT = "[удалено]"


def erased_email(person_id: int) -> str:
    return f"erased-{person_id}@invalid"


def may_erase(user) -> bool:
    """Programme staff (and superusers) erase; finance and reviewers do not."""
    return bool(user and user.is_active and user.is_staff and roles.may_see_personal_data(user))


# --- Requests ----------------------------------------------------------------------------


def open_request(person) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(
        person=person, status=ErasureRequest.Status.REQUESTED
    ).first()


def _staff_to_notify():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=roles.PROGRAMME_STAFF))
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def request_erasure(*, person, reason: str = "") -> ErasureRequest:
    """Record a person's request; one open request per person. Programme staff are told."""
    if open_request(person) is not None:
        raise PortalError(_("Ваш запрос на удаление данных уже получен и ждёт решения."))
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(person=person, reason=reason.strip())
    except IntegrityError as exc:  # a second click at the same moment
        raise PortalError(_("Ваш запрос на удаление данных уже получен и ждёт решения.")) from exc
    ErasureRequestStatusChange.objects.create(
        request=request,
        from_status="",
        to_status=ErasureRequest.Status.REQUESTED,
        by=person,
    )
    for staff in _staff_to_notify():
        send_notification(
            to=staff,
            template="emails/erasure_requested",
            context={"request": request, "staff": staff},
            key=f"erasure-requested:{request.pk}:{staff.pk}",
        )
    return request


def _move(request: ErasureRequest, status: str, *, by, note: str = "") -> None:
    if not request.can_move_to(status):
        raise PortalError(
            _("Запрос в статусе «%(status)s» уже решён.") % {"status": request.get_status_display()}
        )
    ErasureRequestStatusChange.objects.create(
        request=request, from_status=request.status, to_status=status, by=by, note=note
    )
    request.status = status
    request.staff_note = note
    request.decided_at = timezone.now()


@transaction.atomic
def refuse_request(*, request: ErasureRequest, by, note: str) -> ErasureRequest:
    """Staff refuse a request; the person sees the note on their profile, so it is required."""
    if not may_erase(by):
        raise PortalError(_("Решать запросы на удаление данных могут сотрудники программы."))
    if not note.strip():
        raise PortalError(_("Напишите, почему в удалении отказано: человек увидит это."))
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    _move(request, ErasureRequest.Status.REFUSED, by=by, note=note.strip())
    request.save()
    return request


# --- Erasure -----------------------------------------------------------------------------

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


def _redact(queryset, fields: list[str], needles: Needles) -> int:
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


def _scrub_participants(ids: list[int], name_for) -> int:
    from workshops.models import HistoricalParticipant, Participant

    for pk in ids:
        values = {**PARTICIPANT_SCRUB, "full_name": name_for(pk)}
        Participant.objects.filter(pk=pk).update(**values)
        HistoricalParticipant.objects.filter(id=pk).update(**values)
    return len(ids)


def _log_entries(needles: Needles) -> int:
    return _redact(LogEntry.objects.all(), ["object_repr"], needles)


def _sessions_of(person) -> list[str]:
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(person.pk):
            keys.append(session.session_key)
    return keys


def _needles(person, emails: set[str], replacement: str) -> Needles:
    texts = set(emails)
    full_name = f"{person.first_name} {person.last_name}".strip()
    if person.first_name and person.last_name:
        texts |= {full_name, f"{person.last_name} {person.first_name}"}
    if person.phone:
        texts.add(person.phone)
    # Longest first, so that a full name goes before its parts.
    return Needles(sorted((t for t in texts if t), key=len, reverse=True), replacement)


@transaction.atomic
def erase_person(*, person, by, erasure_request: ErasureRequest | None = None) -> ErasureLog:
    """Erase a person's personal data in one transaction and log it (counts only).

    Keeps the person's row, so memberships, reviews, applications and money keep an
    anonymous owner; it can no longer sign in.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

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
    from workshops.models import HistoricalParticipant

    if not may_erase(by):
        raise PortalError(_("Удалять персональные данные могут сотрудники программы."))
    User = get_user_model()
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.pk == by.pk:
        raise PortalError(_("Свои собственные данные удаляет другой сотрудник."))
    if (person.is_staff or person.is_superuser) and not by.is_superuser:
        # Erasing switches the account off: only a superuser may do that to staff.
        raise PortalError(_("Данные сотрудника портала удаляет суперпользователь."))
    if person.email == erased_email(person.pk):
        raise PortalError(_("Данные этого пользователя уже удалены."))
    if erasure_request is not None:
        erasure_request = ErasureRequest.objects.select_for_update().get(pk=erasure_request.pk)
        if erasure_request.person_id != person.pk:
            raise PortalError(_("Этот запрос подал другой человек."))
        if not erasure_request.can_move_to(ErasureRequest.Status.DONE):
            raise PortalError(
                _("Запрос в статусе «%(status)s» уже решён.")
                % {"status": erasure_request.get_status_display()}
            )
    emails = person_emails(person)
    name = f"{ERASED_PERSON} #{person.pk}"
    address = erased_email(person.pk)
    needles = _needles(person, emails, name)
    counts: dict[str, int] = {}

    # Sign-in: addresses, two-factor devices, open sessions.
    counts["email_addresses"] = EmailAddress.objects.filter(user=person).delete()[0]
    counts["two_factor"] = Authenticator.objects.filter(user=person).delete()[0]
    sessions = _sessions_of(person)
    counts["sessions"] = Session.objects.filter(session_key__in=sessions).delete()[0]

    # Coalitions: pending invitations and join requests go; decided ones lose the address.
    counts["pending_invitations"] = (
        CoalitionInvitation.objects.filter(email_q("email", emails))
        .filter(status=CoalitionInvitation.Status.PENDING)
        .delete()[0]
    )
    counts["invitations"] = CoalitionInvitation.objects.filter(email_q("email", emails)).update(
        email=address
    )
    counts["pending_join_requests"] = JoinRequest.objects.filter(
        user=person, status=JoinRequest.Status.PENDING
    ).delete()[0]
    counts["join_requests"] = JoinRequest.objects.filter(user=person).update(message="")
    # Rows of others are matched by e-mail only: a phone may be an office's, shared. The
    # coalition's phone goes with the address when it is the person's too.
    contact = email_q("contact_email", emails)
    counts["coalition_contacts"] = 0
    for model in (Coalition, HistoricalCoalition):
        rows = model.objects.filter(contact)
        if person.phone:
            rows.filter(contact_phone=person.phone).update(contact_phone="")
        changed = rows.update(contact_email="")
        if model is Coalition:
            counts["coalition_contacts"] = changed
    counts["coalition_contacts"] += _redact(Coalition.objects.all(), ["contact_person"], needles)
    _redact(HistoricalCoalition.objects.all(), ["contact_person"], needles)
    counts["member_organisation_contacts"] = _redact(
        MemberOrganisation.objects.all(), ["contact"], needles
    )

    # Information sessions and proposed workshop attendees.
    registrations = InfoSessionRegistration.objects.filter(
        Q(user=person) | email_q("email", emails)
    )
    counts["info_session_registrations"] = 0
    for registration in registrations:
        InfoSessionRegistration.objects.filter(pk=registration.pk).update(
            full_name=name, email=f"erased-{person.pk}-{registration.pk}@invalid", phone=""
        )
        counts["info_session_registrations"] += 1
    attendees = ProposedAttendee.objects.filter(email_q("email", emails))
    counts["proposed_attendees"] = attendees.update(
        full_name=name, email="", phone="", job_title=""
    )

    # Workshops: the participant records and their history.
    participant_ids = set(participants_of(person, emails).values_list("pk", flat=True))
    participant_ids |= set(
        HistoricalParticipant.objects.filter(Q(user=person) | email_q("email", emails)).values_list(
            "id", flat=True
        )
    )
    counts["workshop_participants"] = _scrub_participants(sorted(participant_ids), lambda pk: name)

    # E-mail: messages to the person lose address and text; others' mention them no more.
    to_person = messages_to(person, emails)
    # What is still waiting to go is never sent: the address it would go to is gone.
    to_person.filter(
        status__in=[OutgoingMessage.Status.QUEUED, OutgoingMessage.Status.FAILED]
    ).update(status=OutgoingMessage.Status.GAVE_UP, next_attempt_at=None)
    counts["message_attachments"] = MessageAttachment.objects.filter(
        message__in=to_person
    ).delete()[0]
    counts["messages_to_person"] = to_person.update(
        to_email=address, subject=ERASED_TEXT, body_text=ERASED_TEXT, body_html="", last_error=""
    )
    counts["messages_mentioning_person"] = _redact(
        OutgoingMessage.objects.all(), ["subject", "body_text", "body_html"], needles
    )
    counts["admin_log_entries"] = _log_entries(needles)

    # The person's own requests: the reason may say more than needed.
    ErasureRequest.objects.filter(person=person).update(reason="")

    person.first_name = ERASED_PERSON
    person.last_name = f"#{person.pk}"
    person.email = address
    person.phone = ""
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.receives_news = False
    person.set_unusable_password()
    person.save()

    log = ErasureLog.objects.create(
        person_id_erased=person.pk,
        request=erasure_request,
        erased_by=by,
        counts={key: value for key, value in counts.items() if value},
    )
    if erasure_request is not None:
        _move(erasure_request, ErasureRequest.Status.DONE, by=by)
        erasure_request.reason = ""
        erasure_request.save()
    return log


@transaction.atomic
def erase_participant(*, participant, by) -> ErasureLog:
    """Erase a workshop participant who has no account (a person with an account is erased
    as a person, which covers their participant records)."""
    from notifications.models import OutgoingMessage
    from workshops.models import Participant

    if not may_erase(by):
        raise PortalError(_("Удалять персональные данные могут сотрудники программы."))
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.user_id:
        raise PortalError(
            _("У участника есть учётная запись: удалите данные пользователя №%(id)s.")
            % {"id": participant.user_id}
        )
    name = f"{ERASED_PARTICIPANT} #{participant.pk}"
    texts = [t for t in [participant.email, participant.full_name, participant.phone] if t]
    needles = Needles(sorted(texts, key=len, reverse=True), name)
    counts = {"workshop_participants": _scrub_participants([participant.pk], lambda pk: name)}
    if participant.email:
        to_participant = OutgoingMessage.objects.filter(to_email__iexact=participant.email)
        counts["messages_to_person"] = to_participant.update(
            to_email=f"erased-participant-{participant.pk}@invalid",
            subject=ERASED_TEXT,
            body_text=ERASED_TEXT,
            body_html="",
            last_error="",
        )
    counts["messages_mentioning_person"] = _redact(
        OutgoingMessage.objects.all(), ["subject", "body_text", "body_html"], needles
    )
    counts["admin_log_entries"] = _log_entries(needles)
    return ErasureLog.objects.create(
        participant_id_erased=participant.pk,
        erased_by=by,
        counts={key: value for key, value in counts.items() if value},
    )


def erasure_preview(*, person) -> dict[str, int]:
    """What erasing the person will touch, for the confirmation page (nothing changes)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from coalitions.models import CoalitionInvitation, Membership

    emails = person_emails(person)
    return {
        _("адреса e-mail для входа"): EmailAddress.objects.filter(user=person).count(),
        _("двухфакторная защита"): Authenticator.objects.filter(user=person).count(),
        _("открытые сеансы"): len(_sessions_of(person)),
        _("ожидающие приглашения"): CoalitionInvitation.objects.filter(
            email_q("email", emails), status=CoalitionInvitation.Status.PENDING
        ).count(),
        _("записи участника мероприятий"): participants_of(person, emails).count(),
        _("письма этому человеку"): messages_to(person, emails).count(),
        _("членство в коалициях (остаётся)"): Membership.objects.filter(user=person).count(),
    }
