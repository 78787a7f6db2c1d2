from django import template
from django.db.models import Exists, OuterRef, Q

from calls.models import Call
from coalitions.models import Coalition, Partnership

from .. import services, submission
from ..models import Application

register = template.Library()


@register.simple_tag(takes_context=True)
def member_applications(context) -> dict:
    """What the member's dashboard shows: the coalitions' applications, each with its
    deadline and the next thing to do, what can be started, and pairs to confirm."""
    user = context["request"].user
    applications = list(
        Application.objects.of_member(user)
        .select_related("call", "coalition", "partner")
        .order_by("-call__application_deadline", "pk")
    )
    rows = []
    for application in applications:
        ids = application.coalition_ids()
        deadline = services.deadline_for(call=application.call, coalition_ids=ids)
        is_open = services.accepts_changes(
            call=application.call, coalition_ids=ids, deadline=deadline
        )
        # The count of missing answers is shown only on a draft still open.
        draft = is_open and application.status == Application.Status.DRAFT
        rows.append(
            {
                "application": application,
                "deadline": deadline,
                "is_open": is_open,
                "missing_count": len(submission.missing_answers(application)) if draft else 0,
            }
        )
    # The dashboard's view has looked the current call up already.
    call = context["call"] if "call" in context else Call.objects.current()
    can_start = []
    if call is not None and call.is_accepting_applications:
        can_start = _can_start(user, call)
    return {
        "rows": rows,
        "call": call,
        "can_start": can_start,
        "to_confirm": Application.objects.awaiting_partner_confirmation_by(user).select_related(
            "coalition", "call"
        ),
    }


def _can_start(user, call) -> list[dict]:
    """The person's editable coalitions without an application in the call, each with its
    confirmed pairs whose partner has none either: three queries, whatever the number of
    applications in the call."""
    in_call = Application.objects.filter(call=call).order_by()
    # NOT EXISTS, not NOT IN: PostgreSQL looks up each of the person's few coalitions in
    # the indexes instead of hashing every application of the call (15 ms at 3,000).
    editable = list(
        Coalition.objects.editable_by(user).filter(
            ~Exists(in_call.filter(coalition=OuterRef("pk"))),
            ~Exists(in_call.filter(partner=OuterRef("pk"))),
        )
    )
    if not editable:
        return []
    pairs = list(
        Partnership.objects.filter(
            Q(inviter__in=editable) | Q(invitee__in=editable),
            call=call,
            status=Partnership.Status.CONFIRMED,
        ).select_related("inviter", "invitee")
    )
    partners = {p.inviter_id for p in pairs} | {p.invitee_id for p in pairs}
    busy = set()
    if partners:
        taken = in_call.filter(Q(coalition__in=partners) | Q(partner__in=partners))
        busy = {pk for pair in taken.values_list("coalition", "partner") for pk in pair if pk}
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
    ]
