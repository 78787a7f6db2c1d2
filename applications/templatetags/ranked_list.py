"""``{% ranked_result_list cl %}``: the admin's ``{% result_list cl %}``, with the rows of a
ranked list written by ``RankedChangeList.rows`` where it can write them (the staff
application list); any other list, the support requests' among them (their status column
is the model's field), is written by the admin as before."""

from django import template
from django.contrib.admin.templatetags.admin_list import (
    result_headers,
    result_hidden_fields,
    result_list,
)
from django.contrib.admin.templatetags.base import InclusionAdminNode

register = template.Library()


def ranked_result_list(cl) -> dict:
    rows = cl.rows() if hasattr(cl, "rows") else None
    if rows is None:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows,
    }


@register.tag(name="ranked_result_list")
def ranked_result_list_tag(parser, token):
    # The same template as the admin's tag, overridable per app and model the same way.
    return InclusionAdminNode(
        parser,
        token,
        func=ranked_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
