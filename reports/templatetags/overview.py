from django import template

from reports.permissions import overview_parts

register = template.Library()


@register.simple_tag
def may_see_overview(user) -> bool:
    """Whether the admin index offers the programme overview to ``user``."""
    return bool(overview_parts(user))
