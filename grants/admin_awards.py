"""Awards in the admin: the amount per budget line, the contract, the campaign's course."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.exports import WorkbookExportMixin

from . import implementation
from .admin_budget import BudgetBarMixin
from .admin_implementation import AwardImplementationMixin, ReportScheduleInline
from .exports import AwardResource
from .models import (
    Award,
    AwardLine,
)
from .templatetags.grants import som_text


class AwardLineInline(admin.TabularInline):
    model = AwardLine
    extra = 0
    can_delete = False
    fields = ["budget_line", "requested", "amount"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("запрошено"))
    def requested(self, obj):
        return som_text(obj.budget_line.total)


@admin.register(Award)
class AwardAdmin(AwardImplementationMixin, BudgetBarMixin, WorkbookExportMixin, SimpleHistoryAdmin):
    resource_classes = [AwardResource]
    export_filename = "awards"
    list_display = [
        "application",
        "call",
        "amount_column",
        "revision",
        "contract_column",
        "status_column",
        "published",
    ]
    list_filter = ["call", "published"]
    list_select_related = ["application", "call", "contract"]
    readonly_fields = [
        "application",
        "call",
        "amount",
        "revision",
        "note",
        "awarded_by",
        "awarded_at",
        "money_at_a_glance",
        "what_happened",
        "spending_complete_at",
        "closed_at",
    ]
    fields = [*readonly_fields, "published", "public_summary"]
    inlines = [AwardLineInline, ReportScheduleInline]
    actions = ["spending_complete"]

    @admin.display(description=_("кампания"))
    def status_column(self, obj):
        return implementation.grant_status(obj)

    def has_add_permission(self, request):
        return False  # awards are made from the request (per line) or the assistant

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("присуждено"), ordering="amount")
    def amount_column(self, obj):
        return som_text(obj.amount)

    @admin.display(description=_("договор"))
    def contract_column(self, obj):
        contract = getattr(obj, "contract", None)
        if contract is None:
            return "—"
        url = reverse("admin:grants_contract_change", args=[contract.pk])
        return format_html(
            '<a href="{}">№ {}</a> ({})', url, contract.number, contract.get_status_display()
        )
