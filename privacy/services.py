"""Erasure requests and the erasure itself.

Erasing a person replaces their name, addresses and phone with placeholders wherever the
portal keeps them (history included), and removes what only serves to sign in as them.
What the programme reports to the donor stays: memberships, applications, reviews and
scores, attendance, certificates, awards and money, now linked to an anonymous person.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_programme_staff, programme_staff_people
from core.errors import PortalError
from core.lifecycle import can_move, move
from notifications.services import send_notification

from . import scrub
from .answers import documents_naming, scrub_answers
from .models import ErasureLog, ErasureRequest
from .scrub import (
    ERASED_PARTICIPANT,
    ERASED_PERSON,
    ERASED_TEXT,
    Needles,
    erased_email,
    person_needles,
)
from .selectors import email_q, messages_to, participants_of, person_emails


def may_erase(user) -> bool:
    """Programme staff (and superusers) erase; finance and reviewers do not."""
    return bool(user and user.is_active and user.is_staff and is_programme_staff(user))


# --- Requests ----------------------------------------------------------------------------


def open_request(person) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(
        person=person, status=ErasureRequest.Status.REQUESTED
    ).first()


def _staff_to_notify():
    return programme_staff_people()


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
    # Its first status, recorded as it is filed (core.lifecycle.move records the moves).
    request.status_changes.create(
        from_status="", to_status=ErasureRequest.Status.REQUESTED, by=person
    )
    for staff in _staff_to_notify():
        send_notification(
            to=staff,
            template="emails/erasure_requested",
            context={"request": request, "staff": staff},
            key=f"erasure-requested:{request.pk}:{staff.pk}",
        )
    return request


def _decide(request: ErasureRequest, status: str, *, by, note: str = "") -> None:
    """Record the decision on the request and save it (refusing a decided request)."""
    request.staff_note = note
    request.decided_at = timezone.now()
    move(request, status, by=by, note=note)


@transaction.atomic
def refuse_request(*, request: ErasureRequest, by, note: str) -> ErasureRequest:
    """Staff refuse a request; the person sees the note on their profile, so it is required."""
    if not may_erase(by):
        raise PortalError(_("Решать запросы на удаление данных могут сотрудники программы."))
    if not note.strip():
        raise PortalError(_("Напишите, почему в удалении отказано: человек увидит это."))
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    _decide(request, ErasureRequest.Status.REFUSED, by=by, note=note.strip())
    return request


# --- Erasure -----------------------------------------------------------------------------


@transaction.atomic
def erase_person(*, person, by, erasure_request: ErasureRequest | None = None) -> ErasureLog:
    """Erase a person's personal data in one transaction and log it (counts only).

    Keeps the person's row, so memberships, reviews, applications and money keep an
    anonymous owner; it can no longer sign in.
    """
    person, erasure_request = _check_erasure(person=person, by=by, erasure_request=erasure_request)
    emails = person_emails(person)
    name = f"{ERASED_PERSON} #{person.pk}"
    needles = person_needles(person, emails, name)
    counts: dict[str, int] = {
        **scrub.sign_in(person),
        **scrub.coalition_rows(person, emails, needles),
        **scrub.registrations(person, emails, name),
        **scrub_answers(person, emails, needles),
        "workshop_participants": scrub.participant_records(person, emails, name),
        **scrub.messages(person, emails, needles),
    }
    # The person's own requests: the reason may say more than needed.
    ErasureRequest.objects.filter(person=person).update(reason="")
    scrub.account(person)
    log = ErasureLog.objects.create(
        person_id_erased=person.pk,
        request=erasure_request,
        erased_by=by,
        counts={key: value for key, value in counts.items() if value},
    )
    if erasure_request is not None:
        erasure_request.reason = ""
        _decide(erasure_request, ErasureRequest.Status.DONE, by=by)
    return log


def _check_erasure(*, person, by, erasure_request):
    """Lock the person (and the request) and refuse what may not be erased."""
    if not may_erase(by):
        raise PortalError(_("Удалять персональные данные могут сотрудники программы."))
    person = get_user_model().objects.select_for_update().get(pk=person.pk)
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
        if not can_move(erasure_request, ErasureRequest.Status.DONE):
            raise PortalError(
                _("Запрос в статусе «%(status)s» уже решён.")
                % {"status": erasure_request.get_status_display()}
            )
    return person, erasure_request


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
    counts = {"workshop_participants": scrub.scrub_participants([participant.pk], lambda pk: name)}
    if participant.email:
        to_participant = OutgoingMessage.objects.filter(to_email__iexact=participant.email)
        counts["messages_to_person"] = to_participant.update(
            to_email=f"erased-participant-{participant.pk}@invalid",
            subject=ERASED_TEXT,
            body_text=ERASED_TEXT,
            body_html="",
            last_error="",
        )
    counts["messages_mentioning_person"] = scrub.redact(
        OutgoingMessage.objects.all(), ["subject", "body_text", "body_html"], needles
    )
    counts["admin_log_entries"] = scrub.log_entries(needles)
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
        _("открытые сеансы"): len(scrub.sessions_of(person)),
        _("ожидающие приглашения"): CoalitionInvitation.objects.filter(
            email_q("email", emails), status=CoalitionInvitation.Status.PENDING
        ).count(),
        _("записи участника мероприятий"): participants_of(person, emails).count(),
        _("заявки и отчёты с его ответами в формах"): documents_naming(person, emails),
        _("письма этому человеку"): messages_to(person, emails).count(),
        _("членство в коалициях (остаётся)"): Membership.objects.filter(user=person).count(),
    }
