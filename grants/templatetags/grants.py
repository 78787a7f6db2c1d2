from django import template

from grants import services

register = template.Library()


@register.simple_tag(takes_context=True)
def member_support(context):
    return services.member_support_rows(context["request"].user)
