from django import template

from .. import selectors
from ..answers import answer_steps

register = template.Library()


@register.simple_tag(takes_context=True)
def member_applications(context) -> dict:
    """What the member's dashboard shows about applications (``selectors.dashboard_board``)."""
    return selectors.dashboard_board(
        context["member"], context["member_applications"], context["call"]
    )


@register.simple_tag
def application_answers(application):
    """``(steps, removed)`` of ``answers.answer_steps`` for the answers' template."""
    return answer_steps(application)
