"""What the member's dashboard shows of technical support: requests, awards, contracts."""

from django.db.models import Q

from calls.models import Call
from coalitions.models import Coalition
from workshops.models import Event

from .models import Contract, TechnicalSupportApplication
from .services import accepts_requests, request_of, workshop_coalition_ids


def member_support_rows(user) -> list[dict]:
    """Per coalition of the person and call whose workshop it took part in: its request (or
    whether it may start one), the award and the contract once sent."""
    if not user.is_authenticated:
        return []
    coalitions = list(Coalition.objects.for_user(user))
    if not coalitions:
        return []
    editable = set(Coalition.objects.editable_by(user).values_list("pk", flat=True))
    ids = {c.pk for c in coalitions}
    # Subqueries, not joins: joining calls to every participant and request, then DISTINCT
    # over every column, took 30 ms at 3,000 coalitions.
    workshops = Event.objects.filter(kind=Event.Kind.WORKSHOP, participants__coalition_id__in=ids)
    requests = TechnicalSupportApplication.objects.filter(
        Q(coalition_id__in=ids) | Q(partner_id__in=ids)
    )
    calls = Call.objects.filter(
        Q(pk__in=workshops.values("call_id")) | Q(pk__in=requests.values("call_id"))
    )
    rows, seen = [], set()
    for call in calls:
        took_part = workshop_coalition_ids(call, among=ids)
        for coalition in coalitions:
            request = request_of(call, coalition)
            if request is not None:
                if request.pk in seen:
                    continue
                seen.add(request.pk)
            elif coalition.pk not in took_part or not accepts_requests(call):
                continue
            contract = (
                Contract.objects.filter(award__application=request)
                .exclude(status=Contract.Status.DRAFT)
                .first()
                if request
                else None
            )
            rows.append(
                {
                    "call": call,
                    "coalition": coalition,
                    "request": request,
                    "can_start": request is None and coalition.pk in editable,
                    "deadline": call.support_deadline,
                    "award": getattr(request, "award", None) if request else None,
                    "contract": contract,
                }
            )
    return rows
