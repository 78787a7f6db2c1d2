"""Everything the portal holds about one person, as one JSON document.

One JSON file rather than a zip: the person uploads no files of their own (attachments
belong to their coalition's applications, which they can download there), so a single
UTF-8 document, readable in any text editor and by any program, holds it all.

``USER_LINKS`` names every foreign key to the user model and the section of the document
that covers it; ``tests/privacy/test_export.py`` fails when a model gains a link to people
that is not named here, so a new model cannot be forgotten.
"""

import json
from collections import defaultdict

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

FORMAT = "eged-personal-data/1"
ACTIONS = "recorded_actions"

# "<app_label>.<ModelName>.<field>" → the section of the export that covers it.
USER_LINKS: dict[str, str] = {
    "account.EmailAddress.user": "email_addresses",
    "mfa.Authenticator.user": "two_factor",
    "coalitions.Membership.user": "coalition_memberships",
    "coalitions.HistoricalMembership.user": "history",
    "coalitions.JoinRequest.user": "join_requests",
    "coalitions.CoalitionInvitation.accepted_by": "invitations_received",
    "coalitions.CoalitionInvitation.invited_by": "invitations_sent",
    "calls.InfoSessionRegistration.user": "info_session_registrations",
    "applications.Application.created_by": "applications_started",
    "grants.TechnicalSupportApplication.created_by": "applications_started",
    "reviews.ReviewAssignment.reviewer": "reviews",
    "reviews.HistoricalReviewAssignment.reviewer": "history",
    "workshops.Participant.user": "workshop_participations",
    "workshops.HistoricalParticipant.user": "history",
    "notifications.OutgoingMessage.recipient": "messages_received",
    "privacy.ErasureRequest.person": "erasure_requests",
    # What the person did (as a member, reviewer or staff): references only, because the
    # rows they acted on hold other people's data.
    **{
        link: ACTIONS
        for link in [
            "admin.LogEntry.user",
            "coalitions.HistoricalCoalition.history_user",
            "coalitions.HistoricalMembership.history_user",
            "coalitions.Partnership.invited_by",
            "coalitions.Partnership.responded_by",
            "coalitions.PartnershipStatusChange.by",
            "coalitions.JoinRequest.decided_by",
            "applications.Application.partner_confirmed_by",
            "applications.ApplicationStatusChange.by",
            "applications.ApplicationAttachment.uploaded_by",
            "applications.DeadlineExtension.granted_by",
            "reviews.ReviewAssignment.assigned_by",
            "reviews.ReviewAssignment.recused_by",
            "reviews.HistoricalReviewAssignment.assigned_by",
            "reviews.HistoricalReviewAssignment.recused_by",
            "reviews.ScoringReopening.reopened_by",
            "reviews.HistoricalReviewAssignment.history_user",
            "reviews.HistoricalScore.history_user",
            "workshops.Participant.confirmed_by",
            "workshops.HistoricalParticipant.confirmed_by",
            "workshops.HistoricalParticipant.history_user",
            "workshops.Attendance.marked_by",
            "workshops.Certificate.issued_by",
            "grants.SupportStatusChange.by",
            "grants.Award.awarded_by",
            "grants.Award.spending_complete_by",
            "grants.HistoricalAward.awarded_by",
            "grants.HistoricalAward.spending_complete_by",
            "grants.HistoricalAward.history_user",
            "grants.HistoricalAwardLine.history_user",
            "grants.HistoricalContract.history_user",
            "grants.ContractStatusChange.by",
            "grants.Spending.recorded_by",
            "grants.Spending.cost_decided_by",
            "grants.BudgetLine.cost_decided_by",
            "grants.HistoricalSpending.cost_decided_by",
            "grants.HistoricalSpending.recorded_by",
            "grants.HistoricalSpending.history_user",
            "grants.Reallocation.by",
            "grants.HistoricalReallocation.by",
            "grants.HistoricalReallocation.history_user",
            "grants.Report.submitted_by",
            "grants.HistoricalReport.submitted_by",
            "grants.HistoricalReport.history_user",
            "grants.ReportFile.uploaded_by",
            "grants.ReportStatusChange.by",
            "reports.ReportJob.requested_by",
            "privacy.ErasureRequestStatusChange.by",
            "privacy.ErasureLog.erased_by",
        ]
    },
}


def person_emails(person) -> set[str]:
    """The addresses the person has shown are theirs: the confirmed ones, and the account's
    own address unless it waits for confirmation (an account staff made has no allauth
    record of it). Anyone can add an address to their account without owning it, so an
    unconfirmed one finds nothing: it would hand them another person's mail."""
    from allauth.account.models import EmailAddress

    recorded = {
        email.lower(): verified
        for email, verified in EmailAddress.objects.filter(user=person).values_list(
            "email", "verified"
        )
    }
    emails = {email for email, verified in recorded.items() if verified}
    own = person.email.lower() if person.email else ""
    if own and recorded.get(own, True):
        emails.add(own)
    return emails


def email_q(field: str, emails: set[str]) -> Q:
    q = Q(pk__in=[])
    for email in emails:
        q |= Q(**{f"{field}__iexact": email})
    return q


def _when(value):
    return timezone.localtime(value).isoformat() if value else None


def _person(person) -> dict:
    return {
        "id": person.pk,
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "phone": person.phone,
        "language": person.language,
        "receives_news": person.receives_news,
        "is_active": person.is_active,
        "is_staff": person.is_staff,
        "roles": sorted(person.groups.values_list("name", flat=True)),
        "date_joined": _when(person.date_joined),
        "last_login": _when(person.last_login),
    }


def _email_addresses(person) -> list[dict]:
    from allauth.account.models import EmailAddress

    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=person).order_by("email")
    ]


def _two_factor(person) -> dict:
    from allauth.mfa.models import Authenticator

    kinds = sorted(Authenticator.objects.filter(user=person).values_list("type", flat=True))
    return {"enabled": bool(kinds), "methods": kinds}  # never the secrets


def _memberships(person) -> list[dict]:
    from coalitions.models import Membership

    return [
        {
            "coalition_id": m.coalition_id,
            "coalition": m.coalition.name,
            "role": m.role,
            "since": _when(m.created_at),
        }
        for m in Membership.objects.filter(user=person).select_related("coalition")
    ]


def _coalition_contacts(person, emails: set[str]) -> list[dict]:
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


def _invitations_received(person, emails: set[str]) -> list[dict]:
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
            "sent_at": _when(i.created_at),
            "decided_at": _when(i.decided_at),
        }
        for i in rows.order_by("created_at")
    ]


def _invitations_sent(person) -> list[dict]:
    """Invitations the person sent: without the invited people's addresses."""
    from coalitions.models import CoalitionInvitation

    return [
        {
            "coalition": i.coalition.name,
            "role": i.role,
            "status": i.status,
            "sent_at": _when(i.created_at),
        }
        for i in CoalitionInvitation.objects.filter(invited_by=person)
        .select_related("coalition")
        .order_by("created_at")
    ]


def _join_requests(person) -> list[dict]:
    from coalitions.models import JoinRequest

    return [
        {
            "coalition": j.coalition.name,
            "message": j.message,
            "status": j.status,
            "created_at": _when(j.created_at),
            "decided_at": _when(j.decided_at),
        }
        for j in JoinRequest.objects.filter(user=person).select_related("coalition")
    ]


def _info_sessions(person, emails: set[str]) -> list[dict]:
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
            "registered_at": _when(r.created_at),
        }
        for r in rows.select_related("call").order_by("created_at")
    ]


def _participant(p) -> dict:
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
            {"number": certificate.number, "issued_at": _when(certificate.issued_at)}
            if certificate
            else None
        ),
    }


def participants_of(person, emails: set[str] | None = None):
    from workshops.models import Participant

    emails = person_emails(person) if emails is None else emails
    return Participant.objects.filter(Q(user=person) | email_q("email", emails))


def _participations(person, emails: set[str]) -> list[dict]:
    rows = (
        participants_of(person, emails)
        .select_related("event", "coalition", "region", "certificate")
        .prefetch_related("attendance")
        .order_by("event__starts_on", "pk")
    )
    return [_participant(p) for p in rows]


def _proposed_attendee(person, emails: set[str]) -> list[dict]:
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


def _reviews(person) -> list[dict]:
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
            "assigned_at": _when(r.assigned_at),
            "submitted_at": _when(r.submitted_at),
            "recused_at": _when(r.recused_at),
            "recusal_reason": r.recusal_reason,
            "scores": [
                {"criterion": s.criterion.name, "points": s.points, "comment": s.comment}
                for s in r.scores.all()
            ],
        }
        for r in rows
    ]


def _applications_started(person) -> list[dict]:
    """References to the applications the person started: the coalition's content is the
    coalition's, and other members wrote in it too."""
    from applications.models import Application
    from grants.models import TechnicalSupportApplication

    rows = []
    for model, kind in [(Application, "workshop"), (TechnicalSupportApplication, "support")]:
        for a in model.objects.filter(created_by=person).select_related("call", "coalition"):
            rows.append(
                {
                    "kind": kind,
                    "id": a.pk,
                    "call": a.call.title,
                    "coalition": a.coalition.name,
                    "title": str(a),
                    "status": a.status,
                    "created_at": _when(a.created_at),
                    "submitted_at": _when(a.submitted_at),
                }
            )
    return rows


def messages_to(person, emails: set[str] | None = None):
    from notifications.models import OutgoingMessage

    emails = person_emails(person) if emails is None else emails
    return OutgoingMessage.objects.filter(Q(recipient=person) | email_q("to_email", emails))


def _messages(person, emails: set[str]) -> list[dict]:
    return [
        {
            "kind": "reminder" if m.key.startswith("reminder:") else "notification",
            "to": m.to_email,
            "language": m.language,
            "subject": m.subject,
            "text": m.body_text,
            "status": m.status,
            "created_at": _when(m.created_at),
            "sent_at": _when(m.sent_at),
            "attachments": [a.filename for a in m.attachments.all()],
        }
        for m in messages_to(person, emails).prefetch_related("attachments").order_by("created_at")
    ]


def _erasure_requests(person) -> list[dict]:
    from .models import ErasureRequest

    return [
        {
            "reason": r.reason,
            "status": r.status,
            "staff_note": r.staff_note,
            "created_at": _when(r.created_at),
            "decided_at": _when(r.decided_at),
        }
        for r in ErasureRequest.objects.filter(person=person)
    ]


# Historical rows about the person: which fields of each version are theirs to read.
HISTORY_FIELDS = {
    "coalitions.HistoricalMembership": ["coalition_id", "role"],
    "reviews.HistoricalReviewAssignment": ["object_id", "status", "recommendation", "comment"],
    "workshops.HistoricalParticipant": [
        "full_name",
        "job_title",
        "organisation",
        "email",
        "phone",
        "arriving_from",
        "nights",
        "diet",
        "diet_notes",
        "accessibility",
        "photo_consent",
    ],
}


def _history(person) -> list[dict]:
    rows = []
    for link, section in USER_LINKS.items():
        if section != "history":
            continue
        label, field = link.rsplit(".", 1)
        model = apps.get_model(label)
        for version in model.objects.filter(**{field: person}).order_by("history_date"):
            rows.append(
                {
                    "model": label,
                    "object_id": version.id,
                    "change": {"+": "created", "~": "changed", "-": "deleted"}[
                        version.history_type
                    ],
                    "at": _when(version.history_date),
                    **{name: getattr(version, name) for name in HISTORY_FIELDS[label]},
                }
            )
    return rows


def _actions(person) -> list[dict]:
    found = defaultdict(list)
    for link, section in USER_LINKS.items():
        if section != ACTIONS:
            continue
        label, field = link.rsplit(".", 1)
        model = apps.get_model(label)
        ids = list(model.objects.filter(**{field: person}).values_list("pk", flat=True))
        if ids:
            found[(label, field)] = sorted(ids)
    return [{"model": label, "field": field, "ids": ids} for (label, field), ids in found.items()]


def personal_data(*, person) -> dict:
    """The document a person downloads: their own data, and only references to the
    records of others they are linked to. No password hash, 2FA secret or session."""
    emails = person_emails(person)
    return {
        "format": FORMAT,
        "generated_at": _when(timezone.now()),
        "person": _person(person),
        "email_addresses": _email_addresses(person),
        "two_factor": _two_factor(person),
        "coalition_memberships": _memberships(person),
        "coalition_contacts": _coalition_contacts(person, emails),
        "invitations_received": _invitations_received(person, emails),
        "invitations_sent": _invitations_sent(person),
        "join_requests": _join_requests(person),
        "info_session_registrations": _info_sessions(person, emails),
        "proposed_as_workshop_attendee": _proposed_attendee(person, emails),
        "workshop_participations": _participations(person, emails),
        "reviews": _reviews(person),
        "applications_started": _applications_started(person),
        "messages_received": _messages(person, emails),
        "erasure_requests": _erasure_requests(person),
        "history": _history(person),
        ACTIONS: _actions(person),
    }


def personal_data_json(*, person) -> bytes:
    document = personal_data(person=person)
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
