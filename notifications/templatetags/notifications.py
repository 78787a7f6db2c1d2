from django import template

from .. import reminder_previews
from ..models import OutgoingMessage

register = template.Library()

# allauth's messages carry sign-in and password links: listed, never shown in full.
_PRIVATE_TEMPLATES = ("account/",)


@register.simple_tag(takes_context=True)
def upcoming_deadlines(context, limit: int = 6) -> list:
    """Dates the member is reminded of that are still ahead, soonest first."""
    return reminder_previews.upcoming_for(user=context["request"].user, limit=limit)


@register.simple_tag(takes_context=True)
def my_notifications(context, limit: int = 8) -> list[dict]:
    """The latest e-mail the portal sent (or is sending) to the member."""
    messages = OutgoingMessage.objects.filter(recipient=context["request"].user).only(
        "subject", "body_text", "template", "status", "created_at", "sent_at"
    )[:limit]
    return [{"message": m, "private": m.template.startswith(_PRIVATE_TEMPLATES)} for m in messages]
