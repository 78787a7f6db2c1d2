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
from django.utils import timezone

from .answers import named_in_answers_section, reports_submitted_section
from .export_sections import (
    applications_started_section,
    coalition_contacts_section,
    info_sessions_section,
    invitations_received_section,
    invitations_sent_section,
    join_requests_section,
    memberships_section,
    participations_section,
    proposed_attendee_section,
    reviews_section,
    when,
)
from .selectors import messages_to, person_emails

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
    "grants.Report.submitted_by": "reports_submitted",
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
        "date_joined": when(person.date_joined),
        "last_login": when(person.last_login),
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


def _messages(person, emails: set[str]) -> list[dict]:
    return [
        {
            "kind": "reminder" if m.key.startswith("reminder:") else "notification",
            "to": m.to_email,
            "language": m.language,
            "subject": m.subject,
            "text": m.body_text,
            "status": m.status,
            "created_at": when(m.created_at),
            "sent_at": when(m.sent_at),
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
            "created_at": when(r.created_at),
            "decided_at": when(r.decided_at),
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
                    "at": when(version.history_date),
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
        "generated_at": when(timezone.now()),
        "person": _person(person),
        "email_addresses": _email_addresses(person),
        "two_factor": _two_factor(person),
        "coalition_memberships": memberships_section(person),
        "coalition_contacts": coalition_contacts_section(person, emails),
        "invitations_received": invitations_received_section(person, emails),
        "invitations_sent": invitations_sent_section(person),
        "join_requests": join_requests_section(person),
        "info_session_registrations": info_sessions_section(person, emails),
        "proposed_as_workshop_attendee": proposed_attendee_section(person, emails),
        "workshop_participations": participations_section(person, emails),
        "reviews": reviews_section(person),
        "applications_started": applications_started_section(person),
        "reports_submitted": reports_submitted_section(person),
        "named_in_answers": named_in_answers_section(person, emails),
        "messages_received": _messages(person, emails),
        "erasure_requests": _erasure_requests(person),
        "history": _history(person),
        ACTIONS: _actions(person),
    }


def personal_data_json(*, person) -> bytes:
    document = personal_data(person=person)
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
