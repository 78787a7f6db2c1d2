from django import template

from ..implementation import reports_of_member

register = template.Library()


@register.simple_tag(takes_context=True)
def member_reports(context) -> list[dict]:
    """The reports of the person's coalitions' awards, for the dashboard."""
    return [
        {"report": report, "late": report.is_late()}
        for report in reports_of_member(context["request"].user)
    ]
