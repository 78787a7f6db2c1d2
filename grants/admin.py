"""The grants desk in the admin: requests with their reviews and scores, awards within the
budget (shown as a bar on every page), the selection assistant, contracts and their terms.

Every write goes through ``grants.services``, ``grants.awards`` and ``grants.contracts``.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.exports import WorkbookExportMixin
from applications.admin_review import ReviewSelectionMixin, register_reviewable
from calls.models import Call, Stage, SupportTerms
from core.errors import PortalError
from core.http import posted_id

from . import (
    admin_costs,  # noqa: F401 — registers the doubtful lines and payments
    awards,
    contracts,
    implementation,
    permissions,
    submission,
)
from .admin_implementation import AwardImplementationMixin, ReportScheduleInline
from .exports import AwardResource, ContractResource, TechnicalSupportApplicationResource
from .models import (
    Award,
    AwardLine,
    Contract,
    ContractStatusChange,
    ContractVersion,
    SupportStatusChange,
    TechnicalSupportApplication,
)
from .templatetags.grants import som_text

PAIR = Q(partner__isnull=False)

register_reviewable(
    model=TechnicalSupportApplication,
    stage=Stage.SUPPORT,
    answers_template="grants/_answers.html",
    queryset=lambda call: (
        TechnicalSupportApplication.objects.filter(call=call)
        .exclude(status__in=["draft", "withdrawn"])
        .select_related("coalition", "partner")
    ),
    is_pair=PAIR,
)


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


class StatusChangeInline(admin.TabularInline):
    model = SupportStatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    verbose_name_plural = _("история статусов")

    def has_add_permission(self, request, obj=None):
        return False


class AwardForm(forms.Form):
    """One amount per budget line, at most the line's total."""

    note = forms.CharField(label=_("Примечание"), required=False, max_length=255)

    def __init__(self, *args, request: TechnicalSupportApplication, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget_lines = list(request.budget_lines.all())
        award = Award.objects.filter(application=request).first()
        current = {line.budget_line_id: line.amount for line in award.lines.all()} if award else {}
        fields = {}
        for line in self.budget_lines:
            cost = f"{line.quantity.normalize()} × {som_text(line.unit_cost)}"
            refused = f" — {line.get_cost_decision_display()}" if line.is_refused else ""
            fields[f"line_{line.pk}"] = forms.DecimalField(
                label=f"{line.position + 1}. {line.get_support_type_display()}: "
                f"{line.description} ({cost} = {som_text(line.total)}){refused}",
                min_value=Decimal("0"),
                max_value=Decimal("0") if line.is_refused else line.total,
                decimal_places=2,
                initial=Decimal("0") if line.is_refused else current.get(line.pk, line.total),
            )
        self.fields = {**fields, **self.fields}

    def line_amounts(self) -> dict[int, Decimal]:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.budget_lines}


@admin.register(TechnicalSupportApplication)
class TechnicalSupportApplicationAdmin(
    BudgetBarMixin, WorkbookExportMixin, ReviewSelectionMixin, admin.ModelAdmin
):
    resource_classes = [TechnicalSupportApplicationResource]
    export_filename = "support-requests"
    review_stage = Stage.SUPPORT
    review_pair = PAIR
    review_ready_statuses = (TechnicalSupportApplication.Status.SUBMITTED,)

    list_display = [
        "__str__",
        "applicants_column",
        "call_column",
        "status",
        "requested_column",
        "awarded_column",
        "score_column",
        "rank_column",
        "reviews_column",
    ]
    list_filter = ["call", "status"]
    search_fields = ["title", "coalition__name", "partner__name"]
    list_select_related = ["call", "coalition", "partner", "award"]
    actions = ["assign_reviewers", "auto_assign", "award_requested", "decline"]
    inlines = [StatusChangeInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "call",
                    "coalition",
                    "partner",
                    "status",
                    "submitted_at",
                    "requested_total",
                    "award_summary",
                ]
            },
        ),
        (_("Заявка, как её заполнил заявитель"), {"fields": ["answers"]}),
        (_("Рецензии"), {"fields": ["reviews_summary"]}),
    ]
    readonly_fields = [
        "call",
        "coalition",
        "partner",
        "status",
        "submitted_at",
        "requested_total",
        "award_summary",
        "answers",
        "reviews_summary",
    ]

    def get_queryset(self, request):
        return self.score_queryset(
            TechnicalSupportApplication.objects.visible_to(request.user).select_related(
                "call", "coalition", "partner", "award"
            )
        )

    def has_add_permission(self, request):
        return False

    def may_see_reviews(self, user) -> bool:
        return permissions.may_see_reviews(user)

    @admin.display(description=_("конкурс"), ordering="call__support_deadline")
    def call_column(self, obj):
        return obj.call.slug

    @admin.display(description=_("заявитель"), ordering="coalition__name")
    def applicants_column(self, obj):
        return obj.applicants

    @admin.display(description=_("запрошено"), ordering="requested_total")
    def requested_column(self, obj):
        return som_text(obj.requested_total)

    @admin.display(description=_("присуждено"), ordering="award__amount")
    def awarded_column(self, obj):
        award = getattr(obj, "award", None)
        return som_text(award.amount) if award else "—"

    @admin.display(description=_("ответы"))
    def answers(self, obj):
        html = render_to_string("grants/_answers.html", {"application": obj})
        return mark_safe(html.replace("\n", " "))  # noqa: S308 — rendered, autoescaped template

    @admin.display(description=_("поддержка"))
    def award_summary(self, obj):
        award = getattr(obj, "award", None)
        url = reverse("admin:grants_technicalsupportapplication_award", args=[obj.pk])
        if award is None:
            return format_html('<a class="button" href="{}">{}</a>', url, _("Присудить поддержку…"))
        return format_html(
            '{} · <a href="{}">{}</a>', som_text(award.amount), url, _("изменить сумму по строкам")
        )

    # --- Award, decline, the assistant ----------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/award/",
                self.admin_site.admin_view(self.award_view),
                name="grants_technicalsupportapplication_award",
            ),
            path(
                "propose/",
                self.admin_site.admin_view(self.propose_view),
                name="grants_technicalsupportapplication_propose",
            ),
            *super().get_urls(),
        ]

    def _require_change(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied

    def award_view(self, request, pk):
        self._require_change(request)
        request_obj = get_object_or_404(self.get_queryset(request), pk=pk)
        form = AwardForm(request.POST or None, request=request_obj)
        if request.method == "POST" and form.is_valid():
            try:
                award = awards.award_support(
                    application=request_obj,
                    by=request.user,
                    line_amounts=form.line_amounts(),
                    note=form.cleaned_data["note"],
                )
            except PortalError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    _("Присуждено %(amount)s: «%(title)s». Договор готовится.")
                    % {"amount": som_text(award.amount), "title": request_obj},
                    messages.SUCCESS,
                )
                for problem in contracts.contract_problems(award.contract):
                    self.message_user(request, problem, messages.WARNING)
                return redirect("admin:grants_technicalsupportapplication_change", pk)
        return render(
            request,
            "admin/grants/award.html",
            {
                **self.admin_site.each_context(request),
                **self.budget_context(request, request_obj),
                "title": _("Присудить поддержку: %(title)s") % {"title": request_obj},
                "form": form,
                "request_obj": request_obj,
                "opts": self.model._meta,
            },
        )

    def propose_view(self, request):
        self._require_change(request)
        call = self.budget_call(request)
        if call is None:
            raise PermissionDenied
        if request.method == "POST":
            keys = [k for k in map(posted_id, request.POST.getlist("key")) if k is not None]
            try:
                made = awards.accept_proposal(call=call, keys=keys, by=request.user)
            except PortalError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Предложение принято: присуждена %d поддержка.",
                        "Предложение принято: присуждено поддержек — %d.",
                        len(made),
                    )
                    % len(made),
                    messages.SUCCESS,
                )
                url = reverse("admin:grants_technicalsupportapplication_changelist")
                return redirect(f"{url}?call__id__exact={call.pk}")
        proposal = awards.propose_selection(call)
        return render(
            request,
            "admin/grants/proposal.html",
            {
                **self.admin_site.each_context(request),
                **self.budget_context(request),
                "title": _("Помощник отбора: %(call)s") % {"call": call},
                "call": call,
                "proposal": proposal,
                "calls": support_calls(),
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Присудить запрошенную поддержку"), permissions=["change"])
    def award_requested(self, request, queryset):
        done = 0
        for obj in queryset:
            try:
                awards.award_support(application=obj, by=request.user)
                done += 1
            except PortalError as error:
                self.message_user(request, f"«{obj}»: {error}", messages.WARNING)
        if done:
            self.message_user(
                request, _("Присуждено поддержек: %(count)d.") % {"count": done}, messages.SUCCESS
            )

    @admin.action(description=_("Решение: не поддерживать"), permissions=["change"])
    def decline(self, request, queryset):
        for obj in queryset:
            try:
                submission.decline_support_request(application=obj, by=request.user)
            except PortalError as error:
                self.message_user(request, f"«{obj}»: {error}", messages.WARNING)


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
