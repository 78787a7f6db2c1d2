"""What happens to events: who takes part, confirming attendees, attendance, certificates.
Views and the admin call these; they hold the rules (the programme: ``programme``; who
may see what: ``permissions``; staff's needs summary: ``needs``)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Application
from calls.models import Call
from coalitions.models import Coalition
from core.errors import PortalError
from core.queue import enqueue_on_commit
from notifications.services import Attachment, send_notification

from .models import Attendance, Certificate, Event, Participant

# --- Who takes part -------------------------------------------------------------------


def selected_coalition_ids(call: Call) -> set[int]:
    """Coalitions of the call's selected applications (a pair's partner once it confirmed)."""
    ids: set[int] = set()
    rows = Application.objects.filter(call=call, status=Application.Status.SELECTED).values_list(
        "coalition_id", "partner_id", "partner_confirmed_at"
    )
    for coalition_id, partner_id, partner_confirmed_at in rows:
        ids.add(coalition_id)
        if partner_id and partner_confirmed_at:
            ids.add(partner_id)
    return ids


def is_selected(coalition: Coalition, call: Call) -> bool:
    return coalition.pk in selected_coalition_ids(call)


def confirmation_deadline(event: Event):
    """Until when coalitions confirm attendees: the call's deadline, else the first day."""
    if event.call.attendee_confirmation_deadline:
        return event.call.attendee_confirmation_deadline
    start = dt.datetime.combine(event.starts_on, event.day_starts_at)
    return timezone.make_aware(start)


def is_confirmation_open(event: Event, *, now=None) -> bool:
    return (now or timezone.now()) <= confirmation_deadline(event)


def proposed_people(event: Event, coalition: Coalition) -> list[dict]:
    """The people the coalition's selected application proposed, not yet confirmed by the
    pair's other coalition: the starting point of its list of attendees."""
    application = (
        Application.objects.filter(call=event.call, status=Application.Status.SELECTED)
        .filter(Q(coalition=coalition) | Q(partner=coalition))
        .first()
    )
    if application is None:
        return []
    taken = {
        name.casefold()
        for name in Participant.objects.filter(event=event).values_list("full_name", flat=True)
    }
    return [
        {
            "full_name": person.full_name,
            "job_title": person.job_title,
            "organisation": person.organisation,
            "email": person.email,
            "phone": person.phone,
        }
        for person in application.attendees.all()
        if person.full_name.casefold() not in taken
    ]


@transaction.atomic
def save_participants(*, event: Event, coalition: Coalition, formset, by) -> list[Participant]:
    """Save the coalition's attendees from a valid formset, within the call's limit.

    The coalition row is locked so that two people saving at once cannot pass the limit.
    A new row for a person already confirmed (the same e-mail, or the same name without
    one) updates that person: the form sent twice (two tabs, a double click) lists each
    person once.
    """
    Coalition.objects.select_for_update().get(pk=coalition.pk)
    saved = formset.save(commit=False)
    for participant in formset.deleted_objects:
        participant.delete()
    # Rows this form changes or removes are matched by what the form says of them, not
    # by what they held: a new row may take the e-mail another row of the form gave up.
    rewritten = {p.pk for p in saved if p.pk} | {p.pk for p in formset.deleted_objects}
    confirmed = {
        _person_key(p): p
        for p in Participant.objects.filter(event=event, coalition=coalition).exclude(
            pk__in=rewritten
        )
    }
    accounts = _accounts_by_email([p.email for p in saved if p.email])
    for participant in saved:
        same = confirmed.get(_person_key(participant)) if participant.pk is None else None
        if same is not None:
            participant.pk, participant.created_at = same.pk, same.created_at
            participant._state.adding = False
        participant.event = event
        participant.coalition = coalition
        participant.confirmed_by = by
        participant.user = accounts.get(participant.email.lower()) if participant.email else None
        participant.save()
    limit = event.call.attendees_per_coalition
    if Participant.objects.filter(event=event, coalition=coalition).count() > limit:
        transaction.set_rollback(True)
        raise PortalError(
            _("От одной коалиции — не более %(limit)d участников. Уберите лишних.")
            % {"limit": limit}
        )
    return saved


def _person_key(participant: Participant) -> str:
    if participant.email:
        return "email:" + participant.email.strip().casefold()
    return "name:" + " ".join(participant.full_name.split()).casefold()


def _accounts_by_email(emails):
    from accounts.models import User

    return {
        user.email.lower(): user
        for user in User.objects.filter(is_active=True, email__in=[e for e in emails if e])
    }


# --- Attendance and certificates --------------------------------------------------------


def attendance_grid(event: Event) -> tuple[list[Participant], set[tuple[int, dt.date]]]:
    """The participants (by coalition) and the (participant, day) pairs marked present."""
    participants = list(
        event.participants.select_related("coalition").order_by("coalition__name", "full_name")
    )
    present = set(
        Attendance.objects.filter(participant__event=event, present=True).values_list(
            "participant_id", "day"
        )
    )
    return participants, present


@transaction.atomic
def mark_attendance(
    *, event: Event, present: set[tuple[int, dt.date]], days: list[dt.date], by
) -> int:
    """Record who came on ``days``: the pairs in ``present`` came, the others did not.

    Returns how many check-ins changed.
    """
    ids = set(event.participants.values_list("pk", flat=True))
    if any(pk not in ids or day not in event.days for pk, day in present):
        raise PortalError(_("Отметка не относится к этому мероприятию."))
    current = {
        (row.participant_id, row.day): row
        for row in Attendance.objects.select_for_update().filter(
            participant_id__in=ids, day__in=days
        )
    }
    changed = 0
    for pk in ids:
        for day in days:
            wanted = (pk, day) in present
            row = current.get((pk, day))
            if row is None and wanted:
                Attendance.objects.create(participant_id=pk, day=day, present=True, marked_by=by)
                changed += 1
            elif row is not None and row.present != wanted:
                row.present, row.marked_by = wanted, by
                row.save(update_fields=["present", "marked_by", "marked_at"])
                changed += 1
    return changed


def days_attended(participant: Participant) -> int:
    return participant.attendance.filter(present=True).count()


def with_days_attended(queryset):
    return queryset.annotate(
        days_attended=Count("attendance", filter=Q(attendance__present=True), distinct=True)
    )


def is_eligible(participant: Participant, *, attended: int | None = None) -> bool:
    if attended is None:
        attended = days_attended(participant)
    return attended >= participant.event.certificate_min_days


@transaction.atomic
def issue_certificate(participant: Participant, *, by=None) -> Certificate:
    """The participant's certificate, numbered «<call>-<event>-<n>»; issued once."""
    existing = Certificate.objects.filter(participant=participant).first()
    if existing is not None:
        return existing
    if not is_eligible(participant):
        raise PortalError(
            _("Сертификат выдаётся за посещение не менее %(days)d дн. мероприятия.")
            % {"days": participant.event.certificate_min_days}
        )
    event = Event.objects.select_for_update().get(pk=participant.event_id)
    count = Certificate.objects.filter(participant__event=event).count()
    number = f"{event.call.slug.upper()}-{event.pk}-{count + 1:03d}"
    return Certificate.objects.create(participant=participant, number=number, issued_by=by)


def issue_certificates(event: Event, *, by=None) -> tuple[int, int]:
    """Issue the certificates of eligible participants who have none yet and e-mail each of
    those once; returns (issued now, not eligible). Holders of a certificate issued before
    (at the workshop, or downloaded from the portal) are not written to again."""
    from . import tasks

    issued = skipped = 0
    for participant in with_days_attended(event.participants.select_related("event__call")):
        if not is_eligible(participant, attended=participant.days_attended):
            skipped += 1
            continue
        if hasattr(participant, "certificate"):
            continue
        issue_certificate(participant, by=by)
        issued += 1
        if participant.email:
            enqueue_on_commit(tasks.send_certificate, participant_id=participant.pk)
    return issued, skipped


def send_certificate(participant: Participant) -> None:
    from .pdf import render_certificate

    certificate = participant.certificate
    language = participant.user.language if participant.user else settings.LANGUAGE_CODE
    with translation.override(language):
        pdf = render_certificate(certificate)
    send_notification(
        to=participant.user or participant.email,
        template="emails/certificate",
        context={"participant": participant, "event": participant.event},
        key=f"certificate:{certificate.pk}",
        language=language,
        attachments=[Attachment(f"certificate-{certificate.number}.pdf", pdf, "application/pdf")],
    )
