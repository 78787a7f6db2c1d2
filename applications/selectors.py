"""Reads of what the member's dashboard shows about applications, in a fixed number of
queries however many applications, calls and coalitions the person has."""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models import prefetch_related_objects as prefetch

from calls.models import Call
from coalitions.models import Partnership
from coalitions.selectors import Member, confirmed_pairs

from . import services, submission
from .models import Application, DeadlineExtension

# What submission.missing_answers reads of a draft, read for all drafts at once: the rows,
# and whether any priority, region and topic is chosen (``chosen_lists``).
DRAFT_PARTS = ("joint_organisations", "attendees")


def chosen_lists() -> dict:
    """``has_priorities``, ``has_regions``, ``has_key_topics`` for an application query."""
    return {
        f"has_{name}": Exists(
            getattr(Application, name).through.objects.filter(application_id=OuterRef("pk"))
        )
        for name in ("priorities", "regions", "key_topics")
    }


def member_applications(member: Member) -> list[Application]:
    """The applications of the person's coalitions (their own, and pair applications their
    coalition confirmed or, as owner, has still to confirm), newest call first, each with
    ``extended_deadline``: the latest deadline staff granted one of its coalitions."""
    if not member.ids:
        return []
    granted = (
        DeadlineExtension.objects.filter(call=OuterRef("call_id"))
        .filter(Q(coalition=OuterRef("coalition_id")) | Q(coalition=OuterRef("partner_id")))
        .order_by("-deadline")
        .values("deadline")[:1]
    )
    return list(
        Application.objects.filter(
            Q(coalition_id__in=member.ids)
            | Q(partner_id__in=member.ids, partner_confirmed_at__isnull=False)
            | Q(partner_id__in=member.owned_ids, partner_confirmed_at__isnull=True)
        )
        .select_related("call", "coalition", "partner", "partnership", "form_version")
        .annotate(extended_deadline=Subquery(granted), **chosen_lists())
        .order_by("-call__application_deadline", "pk")
    )


def _is_members(application: Application, member: Member) -> bool:
    return application.coalition_id in member.ids or (
        application.partner_id in member.ids and application.partner_confirmed_at is not None
    )


def _row(application: Application) -> dict:
    deadline = application.call.application_deadline
    if application.extended_deadline and application.extended_deadline > deadline:
        deadline = application.extended_deadline
    is_open = services.accepts_changes(
        call=application.call, coalition_ids=application.coalition_ids(), deadline=deadline
    )
    return {
        "application": application,
        "deadline": deadline,
        "is_open": is_open,
        # The count of missing answers is shown only on a draft still open.
        "draft": is_open and application.status == Application.Status.DRAFT,
    }


def dashboard_board(member: Member, applications: list[Application], call: Call | None) -> dict:
    """What applications/_dashboard.html shows: each application with its deadline and the
    next thing to do, what can be started in ``call``, and pairs to confirm."""
    rows = [_row(a) for a in applications if _is_members(a, member)]
    drafts = [row["application"] for row in rows if row["draft"]]
    prefetch(drafts, *DRAFT_PARTS)
    # Drafts of one call answer one version: read its sections and questions once.
    versions = {}
    for draft in drafts:
        draft.form_version = versions.setdefault(draft.form_version_id, draft.form_version)
    for row in rows:
        draft = row.pop("draft")
        row["missing_count"] = len(submission.missing_answers(row["application"])) if draft else 0
    can_start = []
    if call is not None and call.is_accepting_applications:
        can_start = _can_start(member, call)
    return {
        "rows": rows,
        "call": call,
        "can_start": can_start,
        "to_confirm": [
            a
            for a in applications
            if a.partner_id in member.owned_ids and a.partner_confirmed_at is None
        ],
    }


def _can_start(member: Member, call: Call) -> list[dict]:
    """The person's editable coalitions without an application in the call, each with its
    confirmed pairs whose partner has none either: one query."""
    editable = [c for c in member.coalitions if c.pk in member.editable_ids]
    pairs: list[Partnership] = [
        p
        for p in confirmed_pairs(member, call)
        if p.inviter_id in member.editable_ids or p.invitee_id in member.editable_ids
    ]
    involved = (
        {c.pk for c in editable} | {p.inviter_id for p in pairs} | {p.invitee_id for p in pairs}
    )
    busy = {
        pk
        for pair in Application.objects.filter(call=call)
        .filter(Q(coalition_id__in=involved) | Q(partner_id__in=involved))
        .values_list("coalition_id", "partner_id")
        for pk in pair
        if pk
    }
    return [
        {
            "coalition": coalition,
            "pairs": [
                {"partnership": p, "partner": p.other(coalition)}
                for p in pairs
                if coalition.pk in (p.inviter_id, p.invitee_id)
                and p.other(coalition).pk not in busy
            ],
        }
        for coalition in editable
        if coalition.pk not in busy
    ]
