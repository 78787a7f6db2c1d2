"""Every grants page shows the call's budget: total, awarded, remaining."""

from calls.models import Call
from core.http import posted_id

from . import awards


def support_calls():
    return Call.objects.filter(support_deadline__isnull=False).order_by("-support_deadline")


class BudgetBarMixin:
    """Every grants page shows the call's budget: total, awarded, remaining, and a warning
    when the number of awards leaves the call's range."""

    change_list_template = "admin/grants/change_list.html"
    change_form_template = "admin/grants/change_form.html"

    def budget_call(self, request, obj=None):
        call = getattr(obj, "call", None) if obj is not None else None
        if call is None:
            wanted = request.GET.get("call__id__exact") or request.GET.get("call")
            calls = support_calls()
            wanted = posted_id(wanted)
            call = (calls.filter(pk=wanted).first() if wanted else None) or calls.first()
        return call

    def budget_context(self, request, obj=None) -> dict:
        call = self.budget_call(request, obj)
        return {"budget": awards.budget_summary(call) if call else None}

    def listed_calls(self, request) -> list:
        """The calls whose rows the list shows: the call filtered by, or each call with
        rows (the latest first); the latest call when the list is empty."""
        calls = support_calls()
        wanted = posted_id(request.GET.get("call__id__exact") or request.GET.get("call"))
        if wanted:
            return list(calls.filter(pk=wanted))
        listed = list(calls.filter(pk__in=self.get_queryset(request).order_by().values("call")))
        return listed or list(calls[:1])

    def changelist_view(self, request, extra_context=None):
        budgets = [awards.budget_summary(call) for call in self.listed_calls(request)]
        return super().changelist_view(
            request,
            {
                **(extra_context or {}),
                "budgets": budgets,
                # The one call's links (selection assistant, progress) when one is listed.
                "budget": budgets[0] if len(budgets) == 1 else None,
            },
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        return super().changeform_view(
            request,
            object_id,
            form_url,
            {**(extra_context or {}), **self.budget_context(request, obj)},
        )
