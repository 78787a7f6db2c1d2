from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext as _

from eged_portal.translated import translated

register = template.Library()

NBSP = "\u00a0"


@register.filter
def amount(value) -> str:
    """A KGS amount without the currency, for a column headed «…, сом»: ``870 000``,
    tyiyn only when there are any."""
    if value is None or value == "":
        return ""
    total = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, cents = divmod(abs(total), 1)
    text = ("-" if total < 0 else "") + f"{int(whole):,}".replace(",", NBSP)
    if cents:
        text += "," + f"{cents:.2f}"[2:]
    return text


@register.filter
def som(value) -> str:
    """A KGS amount as people write it: ``870 000 сом``, tyiyn only when there are any."""
    text = amount(value)
    return f"{text}{NBSP}{_('сом')}" if text else ""


# The first word of a programme's name, and its genitive («в рамках …»).
GENITIVE_HEADS = {"программа": "программы", "проект": "проекта", "компонент": "компонента"}


@register.filter
def programme_genitive(name) -> str:
    """A programme's name after «в рамках» in a Russian contract: «Программа «EGED»» →
    «Программы «EGED»», «EGED» → «программы EGED»."""
    name = str(name).strip()
    head, _space, rest = name.partition(" ")
    if head.lower() in GENITIVE_HEADS.values():  # already «Программы …»
        return name
    genitive = GENITIVE_HEADS.get(head.lower())
    if genitive is None:
        return f"программы {name}"
    if head.isupper() and len(head) > 1:
        genitive = genitive.upper()
    elif head[:1].isupper():
        genitive = genitive.capitalize()
    return f"{genitive} {rest}" if rest else genitive


@register.simple_tag
def tr(instance, field):
    """Text a staff member wrote in three languages, in the reader's language."""
    return translated(instance, field)
