from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext as _

from eged_portal.translated import translated

register = template.Library()

NBSP = "\u00a0"


@register.filter
def som(value) -> str:
    """A KGS amount as people write it: ``870 000 сом``, tyiyn only when there are any."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, cents = divmod(abs(amount), 1)
    digits = f"{int(whole):,}".replace(",", NBSP)
    sign = "-" if amount < 0 else ""
    text = f"{sign}{digits}"
    if cents:
        text += "," + f"{cents:.2f}"[2:]
    return f"{text}{NBSP}{_('сом')}"


@register.simple_tag
def tr(instance, field):
    """Text a staff member wrote in three languages, in the reader's language."""
    return translated(instance, field)
