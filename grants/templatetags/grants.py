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


@register.simple_tag
def request_answers(application) -> dict:
    """``shown`` and ``removed`` for a support request's answers (``grants/_answers.html``
    is rendered by the request's page, the admin and the reviewer's page alike)."""
    from calls.models import Form
    from grants.form_answers import answers_context

    return answers_context(application, Form.Kind.SUPPORT_REQUEST, application.call)
