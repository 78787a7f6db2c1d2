from django import template

from .. import services

register = template.Library()


@register.simple_tag(takes_context=True)
def member_workshops(context) -> list[dict]:
    """The workshops the person's selected coalitions take part in, for the dashboard."""
    return services.member_events(context["request"].user)
