"""The sections of the personal-data document about coalitions, events, reviews and
applications (``privacy.export`` puts them together)."""

from django.db.models import Q
from django.utils import timezone

from .selectors import email_q, participants_of


def when(value):
    return timezone.localtime(value).isoformat() if value else None


def memberships_section(person) -> list[dict]:
    from coalitions.models import Membership

    return [
        {
            "coalition_id": m.coalition_id,
            "coalition": m.coalition.name,
            "role": m.role,
            "since": when(m.created_at),
        }
        for m in Membership.objects.filter(user=person).select_related("coalition")
    ]


def coalition_contacts_section(person, emails: set[str]) -> list[dict]:
    """Coalitions whose contact address is the person's. Rows of others are matched by
    e-mail only: a phone is often an office's, shared by several people."""
    from coalitions.models import Coalition

    return [
        {
            "coalition_id": c.pk,
            "coalition": c.name,
            "contact_person": c.contact_person,
            "contact_email": c.contact_email,
            "contact_phone": c.contact_phone,
        }
        for c in Coalition.objects.filter(email_q("contact_email", emails))
    ]


def invitations_received_section(person, emails: set[str]) -> list[dict]:
    from coalitions.models import CoalitionInvitation

    rows = CoalitionInvitation.objects.filter(
        Q(accepted_by=person) | email_q("email", emails)
    ).select_related("coalition")
    return [
        {
            "coalition": i.coalition.name,
            "email": i.email,
            "role": i.role,
            "status": i.status,
            "sent_at": when(i.created_at),
            "decided_at": when(i.decided_at),
        }
        for i in rows.order_by("created_at")
    ]


def invitations_sent_section(person) -> list[dict]:
    """Invitations the person sent: without the invited people's addresses."""
    from coalitions.models import CoalitionInvitation

    return [
        {
            "coalition": i.coalition.name,
            "role": i.role,
            "status": i.status,
            "sent_at": when(i.created_at),
        }
        for i in CoalitionInvitation.objects.filter(invited_by=person)
        .select_related("coalition")
        .order_by("created_at")
    ]


def join_requests_section(person) -> list[dict]:
    from coalitions.models import JoinRequest

    return [
        {
            "coalition": j.coalition.name,
            "message": j.message,
            "status": j.status,
            "created_at": when(j.created_at),
            "decided_at": when(j.decided_at),
        }
        for j in JoinRequest.objects.filter(user=person).select_related("coalition")
    ]


def info_sessions_section(person, emails: set[str]) -> list[dict]:
    from calls.models import InfoSessionRegistration

    rows = InfoSessionRegistration.objects.filter(Q(user=person) | email_q("email", emails))
    return [
        {
            "call": r.call.title,
            "full_name": r.full_name,
            "email": r.email,
            "phone": r.phone,
            "organisation": r.organisation,
            "mode": r.mode,
            "language": r.language,
            "registered_at": when(r.created_at),
        }
        for r in rows.select_related("call").order_by("created_at")
    ]


def participant_section(p) -> dict:
    certificate = getattr(p, "certificate", None)
    return {
        "id": p.pk,
        "event": p.event.title,
        "event_dates": [p.event.starts_on.isoformat(), p.event.ends_on.isoformat()],
        "coalition": p.coalition.name,
        "full_name": p.full_name,
        "job_title": p.job_title,
        "organisation": p.organisation,
        "email": p.email,
        "phone": p.phone,
        "arriving_from": p.arriving_from,
        "region": p.region.name if p.region_id else None,
        "nights": list(p.nights or []),
        "diet": p.diet,
        "diet_notes": p.diet_notes,
        "accessibility": p.accessibility,
        "photo_consent": p.photo_consent,
        "attendance": [
            {"day": a.day.isoformat(), "present": a.present}
            for a in sorted(p.attendance.all(), key=lambda a: a.day)
        ],
        "certificate": (
            {"number": certificate.number, "issued_at": when(certificate.issued_at)}
            if certificate
            else None
        ),
    }


def participations_section(person, emails: set[str]) -> list[dict]:
    rows = (
        participants_of(person, emails)
        .select_related("event", "coalition", "region", "certificate")
        .prefetch_related("attendance")
        .order_by("event__starts_on", "pk")
    )
    return [participant_section(p) for p in rows]


def proposed_attendee_section(person, emails: set[str]) -> list[dict]:
    from applications.models import ProposedAttendee

    return [
        {
            "application_id": a.application_id,
            "call": a.application.call.title,
            "coalition": a.application.coalition.name,
            "full_name": a.full_name,
            "job_title": a.job_title,
            "organisation": a.organisation,
            "email": a.email,
            "phone": a.phone,
        }
        for a in ProposedAttendee.objects.filter(email_q("email", emails)).select_related(
            "application__call", "application__coalition"
        )
    ]


def reviews_section(person) -> list[dict]:
    from reviews.models import ReviewAssignment

    rows = (
        ReviewAssignment.objects.filter(reviewer=person)
        .select_related("call", "content_type")
        .prefetch_related("scores__criterion")
        .order_by("assigned_at")
    )
    return [
        {
            "call": r.call.title,
            "stage": r.stage,
            "reviewed": {"model": r.content_type.model, "id": r.object_id},
            "status": r.status,
            "recommendation": r.recommendation,
            "comment": r.comment,
            "assigned_at": when(r.assigned_at),
            "submitted_at": when(r.submitted_at),
            "recused_at": when(r.recused_at),
            "recusal_reason": r.recusal_reason,
            "scores": [
                {"criterion": s.criterion.name, "points": s.points, "comment": s.comment}
                for s in r.scores.all()
            ],
        }
        for r in rows
    ]


def applications_started_section(person) -> list[dict]:
    """The applications the person started, with the answers to the call's form and the
    question each answered (but for the personal-type ones: other members' contacts may
    be there, and the person's own are in ``named_in_answers``)."""
    from applications.models import Application
    from grants.models import TechnicalSupportApplication

    from .answers import readable

    rows = []
    for model, kind in [(Application, "workshop"), (TechnicalSupportApplication, "support")]:
        started = model.objects.filter(created_by=person)
        for a in started.select_related("call", "coalition", "form_version"):
            rows.append(
                {
                    "kind": kind,
                    "id": a.pk,
                    "call": a.call.title,
                    "coalition": a.coalition.name,
                    "title": str(a),
                    "status": a.status,
                    "created_at": when(a.created_at),
                    "submitted_at": when(a.submitted_at),
                    "answers": readable(a),
                }
            )
    return rows
