from django import template

from core import admin_titles

register = template.Library()


@register.simple_tag(takes_context=True)
def grammatical_title(context):
    """The page's title, with the model named in the accusative where Russian needs it."""
    return admin_titles.grammatical_title(context.get("title"), context.get("opts"))


@register.simple_tag
def accusative(opts):
    return admin_titles.accusative(opts)
