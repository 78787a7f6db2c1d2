"""Reads of what the member's dashboard shows about technical support, in four queries
however many calls, coalitions and requests the person has."""

from collections import defaultdict

from django.db.models import Max, Q

from applications.models import Application
from calls.models import Call
from coalitions.selectors import Member
from workshops.models import Event, Participant
from workshops.selectors import selected_by_call

from .models import Contract, TechnicalSupportApplication
from .services import accepts_requests


def _took_part(member: Member):
    """The calls whose workshop one of the person's coalitions took part in, with those
    coalitions, and those calls."""
    took_part: dict[int, set[int]] = defaultdict(set)
    calls: dict[int, Call] = {}
    for participant in Participant.objects.filter(
        event__kind=Event.Kind.WORKSHOP, coalition_id__in=member.ids
    ).select_related("event__call"):
        took_part[participant.event.call_id].add(participant.coalition_id)
        calls[participant.event.call_id] = participant.event.call
    return took_part, calls


def _of(request: TechnicalSupportApplication, call: Call, coalition) -> bool:
    return request.call_id == call.pk and coalition.pk in (request.coalition_id, request.partner_id)


def dashboard_rows(member: Member, applications: list[Application]) -> list[dict]:
    """Per coalition of the person and call whose workshop it took part in: its request (or
    whether it may start one), the award and the contract once sent."""
    if not member.ids:
        return []
    took_part, calls = _took_part(member)
    requests = list(
        TechnicalSupportApplication.objects.filter(
            Q(coalition_id__in=member.ids) | Q(partner_id__in=member.ids)
        )
        .select_related("coalition", "partner", "call", "award")
        .order_by("-updated_at")
    )
    calls |= {r.call_id: r.call for r in requests}
    last_days = dict(
        Event.objects.filter(call_id__in=calls, kind=Event.Kind.WORKSHOP)
        .values("call_id")
        .annotate(last=Max("ends_on"))
        .values_list("call_id", "last")
    )
    # A call without a workshop event: its selected coalitions took part.
    selected = selected_by_call(member, applications)
    for call_id in calls.keys() - last_days.keys():
        took_part[call_id] = selected.get(call_id, set())
    awarded = [r.award.pk for r in requests if hasattr(r, "award")]
    contracts: dict[int, Contract] = {}
    for contract in Contract.objects.filter(award_id__in=awarded).exclude(
        status=Contract.Status.DRAFT
    ):
        contracts.setdefault(contract.award_id, contract)
    rows, seen = [], set()
    for call in sorted(calls.values(), key=lambda c: (-c.application_deadline.timestamp(), c.pk)):
        accepting = accepts_requests(call, last_day=last_days.get(call.pk))
        for coalition in member.coalitions:
            request = next((r for r in requests if _of(r, call, coalition)), None)
            if request is not None:
                if request.pk in seen:
                    continue
                seen.add(request.pk)
            elif coalition.pk not in took_part[call.pk] or not accepting:
                continue
            award = getattr(request, "award", None) if request else None
            rows.append(
                {
                    "call": call,
                    "coalition": coalition,
                    "request": request,
                    "can_start": request is None and coalition.pk in member.editable_ids,
                    "deadline": call.support_deadline,
                    "award": award,
                    "contract": contracts.get(award.pk) if award else None,
                }
            )
    return rows
