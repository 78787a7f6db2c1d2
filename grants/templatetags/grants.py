from django import template

from grants import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def member_support(context):
    return selectors.dashboard_rows(context["member"], context["member_applications"])


def som_text(value) -> str:
    """A KGS amount as the portal writes it (``870 000 сом``), for Python code."""
    from core.money import som

    return som(value)
