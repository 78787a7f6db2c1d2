from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def member_applications(context) -> dict:
    """What the member's dashboard shows about applications (``selectors.dashboard_board``)."""
    return selectors.dashboard_board(
        context["member"], context["member_applications"], context["call"]
    )
