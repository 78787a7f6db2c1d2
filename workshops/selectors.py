"""Reads of what the member's dashboard shows about workshops: the workshop events of calls
where one of the person's coalitions was selected, in two queries."""

from collections import Counter, defaultdict

from applications.models import Application
from coalitions.permissions import EDIT_ROLES
from coalitions.selectors import Member

from .models import Event, Participant
from .services import confirmation_deadline, is_confirmation_open, is_eligible, with_days_attended


def selected_by_call(member: Member, applications: list[Application]) -> dict[int, set[int]]:
    """Call id → the person's coalitions selected in it (a pair's partner once confirmed);
    ``applications`` are ``applications.selectors.member_applications``."""
    by_call: dict[int, set[int]] = defaultdict(set)
    for a in applications:
        if a.status != Application.Status.SELECTED:
            continue
        if a.coalition_id in member.ids:
            by_call[a.call_id].add(a.coalition_id)
        if a.partner_id in member.ids and a.partner_confirmed_at is not None:
            by_call[a.call_id].add(a.partner_id)
    return by_call


def dashboard_rows(member: Member, applications: list[Application]) -> list[dict]:
    by_call = selected_by_call(member, applications)
    if not by_call:
        return []
    events = list(
        Event.objects.filter(call_id__in=by_call, kind=Event.Kind.WORKSHOP)
        .select_related("call")
        .order_by("-starts_on")
    )
    participants = with_days_attended(
        Participant.objects.filter(event__in=events, coalition_id__in=member.ids).select_related(
            "event"
        )
    ).order_by("full_name")
    counts: Counter = Counter()
    eligible: dict[tuple[int, int], list[Participant]] = defaultdict(list)
    for participant in participants:
        counts[participant.event_id, participant.coalition_id] += 1
        if is_eligible(participant, attended=participant.days_attended):
            eligible[participant.event_id, participant.coalition_id].append(participant)
    coalitions = {c.pk: c for c in member.coalitions}
    return [
        {
            "event": event,
            "coalition": coalitions[coalition_id],
            "confirmed": counts[event.pk, coalition_id],
            "deadline": confirmation_deadline(event),
            "can_edit": member.roles[coalition_id] in EDIT_ROLES and is_confirmation_open(event),
            "certificates": eligible[event.pk, coalition_id],
        }
        for event in events
        for coalition_id in sorted(by_call[event.call_id])
    ]
