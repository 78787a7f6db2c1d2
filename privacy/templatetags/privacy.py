"""The personal-data section of the profile page and the erasure links of other apps'
admin pages: privacy adds itself to their templates, their code does not import it."""

from django import template

from privacy import services
from privacy.views import profile_context

register = template.Library()


@register.filter
def may_erase(user) -> bool:
    return services.may_erase(user)


@register.inclusion_tag("privacy/_profile_section.html", takes_context=True)
def personal_data_section(context):
    """The person's data and erasure requests; after a refused request form, that form
    (with its errors) comes in the page's context as ``erasure_form``."""
    return {
        **context.flatten(),
        **profile_context(context["user"], context.get("erasure_form")),
    }
