from django import template

from core import money
from core.translated import translated

register = template.Library()

register.filter("amount", money.amount)
register.filter("som", money.som)

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
