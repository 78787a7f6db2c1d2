"""What happens to events: who takes part, confirming attendees, attendance, certificates,
and publishing the programme. Views and the admin call these; they hold the rules."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Application
from calls.models import Call
from coalitions import permissions
from coalitions.models import Coalition, Membership
from core.errors import PortalError
from core.queue import enqueue_on_commit
from notifications.models import OutgoingMessage
from notifications.services import Attachment, send_notification

from .models import Attendance, Certificate, Event, Participant, Speaker

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


def may_see_participants(user, event: Event, coalition: Coalition) -> bool:
    """The coalition's own people (when it was selected), and staff who may see needs."""
    if user.is_superuser or (user.is_staff and user.has_perm("workshops.view_participant")):
        return True
    return permissions.can_see_private(user, coalition) and is_selected(coalition, event.call)


def may_edit_participants(user, event: Event, coalition: Coalition) -> bool:
    if user.is_superuser or (user.is_staff and user.has_perm("workshops.change_participant")):
        return True
    return (
        permissions.can_edit(user, coalition)
        and is_selected(coalition, event.call)
        and is_confirmation_open(event)
    )


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


# --- The programme ------------------------------------------------------------------------


def sessions_by_day(event: Event) -> list[tuple[dt.date, list]]:
    sessions = event.sessions.select_related("speaker", "key_topic").order_by(
        "day", "starts_at", "room"
    )
    days: dict[dt.date, list] = {day: [] for day in event.days}
    for session in sessions:
        days.setdefault(session.day, []).append(session)
    return sorted(days.items())


def may_see_programme(user, event: Event) -> bool:
    if user.is_superuser or (user.is_staff and user.has_perm("workshops.view_event")):
        return True
    if not event.is_published or not user.is_authenticated:
        return False
    mine = set(Membership.objects.filter(user=user).values_list("coalition_id", flat=True))
    return (
        bool(mine & selected_coalition_ids(event.call))
        or event.participants.filter(user=user).exists()
    )


def programme_recipients(event: Event) -> list[dict]:
    """Everyone the programme goes to: the people of selected coalitions and the confirmed
    participants, each address once, in their own language."""
    from accounts.models import User

    people: dict[str, dict] = {}
    members = User.objects.filter(
        is_active=True, coalition_memberships__coalition_id__in=selected_coalition_ids(event.call)
    ).distinct()
    for user in members.order_by("pk"):
        people.setdefault(user.email.lower(), {"to": user, "language": user.language})
    for participant in event.participants.select_related("user").order_by("pk"):
        if participant.email:
            account = participant.user
            people.setdefault(
                participant.email.lower(),
                {
                    "to": account or participant.email,
                    "language": account.language if account else settings.LANGUAGE_CODE,
                },
            )
    return [{"email": email, **person} for email, person in people.items()]


def publish_programme(event: Event) -> None:
    """Publish the programme and queue the mailing (each address gets it once)."""
    from . import tasks

    if event.programme_published_at is None:
        event.programme_published_at = timezone.now()
        event.save(update_fields=["programme_published_at"])
    enqueue_on_commit(tasks.send_programme, event_id=event.pk)


def send_programme(event: Event) -> int:
    """E-mail the published programme (PDF and calendar) to every recipient not yet sent
    it; returns how many messages were queued now."""
    from .calendar import programme_ics
    from .pdf import render_programme

    if not event.is_published:
        return 0
    pdfs: dict[str, bytes] = {}
    ics = programme_ics(event)
    sent = 0
    for person in programme_recipients(event):
        key = f"programme:{event.pk}:{person['email']}"
        if OutgoingMessage.objects.filter(key=key).exists():
            continue
        language = person["language"] or settings.LANGUAGE_CODE
        if language not in pdfs:
            with translation.override(language):
                pdfs[language] = render_programme(event)
        send_notification(
            to=person["to"],
            template="emails/programme",
            context={"event": event, "call": event.call},
            key=key,
            language=language,
            attachments=[
                Attachment(f"programme-{event.pk}.pdf", pdfs[language], "application/pdf"),
                Attachment(f"programme-{event.pk}.ics", ics, "text/calendar"),
            ],
        )
        sent += 1
    return sent


# --- What staff see ----------------------------------------------------------------------


@dataclass
class TopicNeed:
    topic: object
    applicants: int
    selected: int
    wishes: list[dict]
    # The call's speakers on the topic who have not declined.
    speakers: list = field(default_factory=list)

    @property
    def uncovered(self) -> bool:
        """Applicants need the topic and no speaker covers it yet: what planning must fill."""
        return self.applicants > 0 and not self.speakers


def needs_summary(call: Call) -> dict:
    """What applicants asked of the workshop: per key topic, how many coalitions need it
    (all applicants and selected ones), and the guest-speaker wishes grouped by topic."""
    applied = Application.objects.filter(call=call).exclude(
        status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN]
    )
    applications = list(
        applied.select_related("coalition", "partner").prefetch_related("key_topics")
    )
    needs = {
        topic.pk: TopicNeed(topic=topic, applicants=0, selected=0, wishes=[])
        for topic in call.key_topics.all()
    }
    without_topic = []
    for application in applications:
        selected = application.status == Application.Status.SELECTED
        wish = application.speaker_wishes.strip()
        entry = {"applicants": application.applicants, "text": wish, "selected": selected}
        topics = list(application.key_topics.all())
        for topic in topics:
            need = needs[topic.pk]
            need.applicants += 1
            need.selected += selected
            if wish:
                need.wishes.append(entry)
        if wish and not topics:
            without_topic.append(entry)
    speakers = Speaker.objects.filter(call=call, key_topic__isnull=False).exclude(
        status=Speaker.Status.DECLINED
    )
    for speaker in speakers.order_by("name"):
        if speaker.key_topic_id in needs:
            needs[speaker.key_topic_id].speakers.append(speaker)
    for need in needs.values():
        need.wishes.sort(key=lambda wish: not wish["selected"])  # selected coalitions first
    # Needed topics without a speaker first, then by how many coalitions need them.
    rows = sorted(
        needs.values(),
        key=lambda n: (not n.uncovered, -n.selected, -n.applicants, n.topic.number),
    )
    return {"topics": rows, "without_topic": without_topic, "applications": len(applications)}


def accommodation_by_night(event: Event) -> list[tuple[dt.date, list[Participant]]]:
    participants = list(event.participants.select_related("coalition"))
    return [(night, [p for p in participants if night in p.night_dates]) for night in event.nights]
