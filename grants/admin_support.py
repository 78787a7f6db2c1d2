"""Technical-support requests in the admin: their answers, reviews, scores and places
(the review engine's columns, ``reviews.admin_selection``), awards per budget line and the
selection assistant. Every write goes through ``grants.services`` and ``grants.awards``."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.exports import WorkbookExportMixin
from calls.models import Stage
from core.errors import PortalError
from core.http import posted_id
from reviews.admin_selection import ReviewSelectionMixin

from . import awards, contracts, submission
from .admin_budget import BudgetBarMixin, support_calls
from .exports import TechnicalSupportApplicationResource
from .models import (
    Award,
    SupportStatusChange,
    TechnicalSupportApplication,
)
from .templatetags.grants import som_text


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
    review_pair = Q(partner__isnull=False)
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
    search_fields = ["title", "coalition__name", "partner__name", "answers"]
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
        (_("Заявка, как её заполнил заявитель"), {"fields": ["answers_shown"]}),
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
        "answers_shown",
        "reviews_summary",
    ]

    def get_queryset(self, request):
        return self.score_queryset(
            TechnicalSupportApplication.objects.visible_to(request.user).select_related(
                "call", "coalition", "partner", "award", "form_version__form"
            )
        )

    def has_add_permission(self, request):
        return False

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
    def answers_shown(self, obj):
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
