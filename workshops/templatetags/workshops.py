from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def member_workshops(context) -> list[dict]:
    """The workshops the person's selected coalitions take part in, for the dashboard."""
    return selectors.dashboard_rows(context["member"], context["member_applications"])
