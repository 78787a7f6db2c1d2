"""Doubtful costs in the admin: the budget lines and payments the institutional-costs rule
let through but flagged. Staff accept or refuse each with a reason (``grants.costs``);
who decided, when and why is shown beside it. Finance sees the lists, staff decide."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.errors import PortalError

from . import costs, permissions
from .models import DoubtfulBudgetLine, DoubtfulSpending
from .templatetags.grants import som_text


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина решения"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Её увидят коллеги и коалиция; она сохраняется с вашим именем и временем."),
    )


class DecisionFilter(admin.SimpleListFilter):
    title = _("решение сотрудников")
    parameter_name = "decision"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("ждёт решения")),
            ("accepted", _("принята")),
            ("refused", _("отклонена")),
        ]

    def queryset(self, request, queryset):
        value = {"waiting": ""}.get(self.value(), self.value())
        return queryset if value is None else queryset.filter(cost_decision=value)


class CostSettlingAdmin(admin.ModelAdmin):
    """A read-only list of flagged rows with two actions that ask for the reason."""

    list_filter = [DecisionFilter]
    actions = ["accept_costs", "refuse_costs"]
    decided = ["cost_decision", "cost_decision_reason", "cost_decided_by", "cost_decided_at"]

    def may_settle(self, request) -> bool:
        raise NotImplementedError

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(cost_flag="")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # decisions are made with the actions, each with its reason

    def has_settle_permission(self, request):
        return self.may_settle(request)

    @admin.display(description=_("что и почему сомнительно"), ordering="description")
    def what(self, obj):
        return format_html("{}<br><small>{}</small>", obj.description, obj.get_cost_flag_display())

    @admin.display(description=_("решение"), ordering="cost_decision")
    def decision(self, obj):
        if not obj.cost_decision:
            return _("ждёт решения")
        who = obj.cost_decided_by.get_full_name() if obj.cost_decided_by else "—"
        when = date_format(timezone.localtime(obj.cost_decided_at), "j E Y, H:i")
        return f"{obj.get_cost_decision_display()}: {obj.cost_decision_reason} ({who}, {when})"

    def _settle(self, request, queryset, *, accept: bool):
        if not self.may_settle(request):
            raise PermissionDenied
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for item in queryset:
                try:
                    costs.settle(
                        item=item,
                        accept=accept,
                        reason=form.cleaned_data["reason"],
                        by=request.user,
                    )
                    done += 1
                except PortalError as error:
                    self.message_user(request, str(error), messages.ERROR)
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "Решение записано: %(count)d строка.",
                        "Решение записано: %(count)d строк.",
                        done,
                    )
                    % {"count": done},
                    messages.SUCCESS,
                )
            return None
        return render(
            request,
            "admin/grants/settle_costs.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Принять сомнительные расходы")
                if accept
                else _("Отклонить сомнительные расходы"),
                "opts": self.model._meta,
                "items": queryset,
                "form": form,
                "action": "accept_costs" if accept else "refuse_costs",
                "accept": accept,
            },
        )

    @admin.action(description=_("Принять (с причиной)"), permissions=["settle"])
    def accept_costs(self, request, queryset):
        return self._settle(request, queryset, accept=True)

    @admin.action(
        description=_("Отклонить: не оплачивается из поддержки (с причиной)"),
        permissions=["settle"],
    )
    def refuse_costs(self, request, queryset):
        return self._settle(request, queryset, accept=False)


@admin.register(DoubtfulBudgetLine)
class DoubtfulBudgetLineAdmin(CostSettlingAdmin):
    list_display = ["what", "request", "total_column", "decision"]
    list_display_links = ["what"]
    list_select_related = ["application__coalition", "application__partner", "cost_decided_by"]
    search_fields = ["description", "application__title", "application__coalition__name"]
    fields = [
        "application",
        "support_type",
        "description",
        "unit",
        "quantity",
        "unit_cost",
        "total",
        "cost_flag",
        *CostSettlingAdmin.decided,
    ]
    readonly_fields = fields

    def may_settle(self, request) -> bool:
        return permissions.can_settle_budget_lines(request.user)

    @admin.display(description=_("заявка"), ordering="application__title")
    def request(self, obj):
        return obj.application.title

    @admin.display(description=_("сумма"), ordering="total")
    def total_column(self, obj):
        return som_text(obj.total)


@admin.register(DoubtfulSpending)
class DoubtfulSpendingAdmin(CostSettlingAdmin):
    list_display = ["what", "campaign", "amount_column", "decision"]
    list_display_links = ["what"]
    list_select_related = ["award__application", "cost_decided_by"]
    search_fields = ["description", "supplier", "award__application__title"]
    fields = [
        "award",
        "line",
        "spent_on",
        "amount",
        "supplier",
        "description",
        "cost_flag",
        *CostSettlingAdmin.decided,
    ]
    readonly_fields = fields

    def may_settle(self, request) -> bool:
        return permissions.can_settle_spending(request.user)

    @admin.display(description=_("кампания"), ordering="award__application__title")
    def campaign(self, obj):
        return obj.award.application.title

    @admin.display(description=_("сумма"), ordering="amount")
    def amount_column(self, obj):
        return som_text(obj.amount)
