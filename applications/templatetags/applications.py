from django import template
from django.db.models import Q

from coalitions.models import Coalition, Partnership

from .. import services
from ..models import Application, Call

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
        rows.append(
            {
                "application": application,
                "deadline": services.deadline_for(call=application.call, coalition_ids=ids),
                "is_open": services.accepts_changes(call=application.call, coalition_ids=ids),
                "missing_count": len(services.missing_answers(application)),
            }
        )
    call = Call.objects.current()
    can_start = []
    if call is not None and call.is_accepting_applications:
        taken = Application.objects.filter(call=call).values_list("coalition", "partner")
        busy = {pk for pair in taken for pk in pair if pk}
        editable = Coalition.objects.editable_by(user).exclude(pk__in=busy)
        for coalition in editable:
            pairs = Partnership.objects.filter(
                Q(inviter=coalition) | Q(invitee=coalition),
                call=call,
                status=Partnership.Status.CONFIRMED,
            ).select_related("inviter", "invitee")
            can_start.append(
                {
                    "coalition": coalition,
                    "pairs": [
                        {"partnership": p, "partner": p.other(coalition)}
                        for p in pairs
                        if p.other(coalition).pk not in busy
                    ],
                }
            )
    return {
        "rows": rows,
        "call": call,
        "can_start": can_start,
        "to_confirm": Application.objects.awaiting_partner_confirmation_by(user).select_related(
            "coalition", "call"
        ),
    }
