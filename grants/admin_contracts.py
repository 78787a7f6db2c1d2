"""Contracts and the call's support terms in the admin. Every write goes through
``grants.contracts``."""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.exports import WorkbookExportMixin
from calls.models import SupportTerms
from core.errors import PortalError

from . import contracts
from .admin_budget import BudgetBarMixin
from .exports import ContractResource
from .models import (
    Contract,
    ContractStatusChange,
    ContractVersion,
)
from .templatetags.grants import som_text


class ContractVersionInline(admin.TabularInline):
    model = ContractVersion
    extra = 0
    can_delete = False
    fields = ["number", "award_revision", "amount", "created_at", "download"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("файл PDF"))
    def download(self, obj):
        if obj.pk is None:  # a row a tampered form added: there is no file
            return "—"
        url = reverse("grants:staff_contract_version", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.filename)


class ContractStatusInline(admin.TabularInline):
    model = ContractStatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    verbose_name_plural = _("история статусов")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(BudgetBarMixin, WorkbookExportMixin, SimpleHistoryAdmin):
    resource_classes = [ContractResource]
    export_filename = "contracts"
    list_display = ["number", "applicants", "call", "status", "amount", "versions_count"]
    list_filter = ["call", "status"]
    list_select_related = ["award__application__coalition", "award__application__partner", "call"]
    search_fields = ["number", "award__application__title", "award__application__coalition__name"]
    readonly_fields = [
        "number",
        "call",
        "award",
        "status",
        "fit_to_sign",
        "signed_scan_link",
        "created_at",
    ]
    fields = readonly_fields
    inlines = [ContractVersionInline, ContractStatusInline]
    actions = ["send", "countersign", "activate", "rebuild"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("заявитель"))
    def applicants(self, obj):
        return obj.award.application.applicants

    @admin.display(description=_("сумма"))
    def amount(self, obj):
        return som_text(obj.award.amount)

    def get_queryset(self, request):
        # The versions are counted in the list's query, not once per row.
        return super().get_queryset(request).annotate(version_count=Count("versions"))

    @admin.display(description=_("версий"), ordering="version_count")
    def versions_count(self, obj):
        return obj.version_count

    @admin.display(description=_("готов к подписанию"))
    def fit_to_sign(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        problems = contracts.contract_problems(obj)
        if not problems:
            return _("Да: стороны, представители, реквизиты, даты и отчёты на месте.")
        return format_html(
            '<strong class="errornote">{}</strong><ul>{}</ul>',
            _("Нет — договор не отправится коалиции, пока не исправлено:"),
            format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
        )

    @admin.display(description=_("скан, подписанный коалицией"))
    def signed_scan_link(self, obj):
        if not obj.signed_scan:
            return "—"
        url = reverse("grants:staff_contract_scan", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.signed_scan_name)

    def _each(self, request, queryset, step, done_message):
        done = 0
        for contract in queryset:
            try:
                step(contract=contract, by=request.user)
                done += 1
            except PortalError as error:
                self.message_user(request, f"№ {contract.number}: {error}", messages.WARNING)
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Отправить коалиции (e-mail с PDF)"), permissions=["change"])
    def send(self, request, queryset):
        self._each(
            request, queryset, contracts.send_contract, _("Отправлено договоров: %(count)d.")
        )

    @admin.action(description=_("Подписан ИПР"), permissions=["change"])
    def countersign(self, request, queryset):
        self._each(
            request, queryset, contracts.countersign_contract, _("Подписано ИПР: %(count)d.")
        )

    @admin.action(description=_("Договор вступил в силу"), permissions=["change"])
    def activate(self, request, queryset):
        self._each(request, queryset, contracts.activate_contract, _("Действуют: %(count)d."))

    @admin.action(description=_("Напечатать PDF заново, если его нет"), permissions=["change"])
    def rebuild(self, request, queryset):
        for contract in queryset.select_related("award"):
            contracts.build_contract_version(
                award_id=contract.award_id, revision=contract.award.revision
            )
        self.message_user(request, _("PDF договоров готовы."), messages.SUCCESS)


@admin.register(SupportTerms)
class SupportTermsAdmin(BudgetBarMixin, admin.ModelAdmin):
    list_display = ["call", "number_prefix", "ipr_signatory", "updated_at"]
    fieldsets = [
        (None, {"fields": ["call"]}),
        (
            _("Институциональные расходы"),
            {"fields": ["excluded_costs_rule", "excluded_cost_words"]},
        ),
        (
            _("Отчётность"),
            {"fields": ["reporting_obligations", "interim_report_due", "final_report_due"]},
        ),
        (
            _("Договор"),
            {
                "fields": [
                    "number_prefix",
                    "ipr_representative",
                    "ipr_signatory",
                    "ipr_basis",
                    "ipr_address",
                    "ipr_bank_details",
                    "ipr_details",
                    "contract_body",
                ]
            },
        ),
    ]

    def get_changeform_initial_data(self, request):
        return {
            "excluded_costs_rule": contracts.DEFAULT_RULE,
            "excluded_cost_words": contracts.DEFAULT_MARKERS,
            "reporting_obligations": contracts.DEFAULT_REPORTING,
            "ipr_signatory": contracts.DEFAULT_SIGNATORY,
            "contract_body": contracts.default_contract_body(),
            **super().get_changeform_initial_data(request),
        }
