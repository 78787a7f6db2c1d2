"""The implementation desk in the admin: finance records spending and reallocations
(through ``grants.implementation``, which refuses overspending), staff accept reports or
ask for changes, and every grant page shows its money per line and its timeline."""

import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.exports import WorkbookExportMixin
from applications.attachments import check_attachment
from calls.models import Form
from core.errors import PortalError
from core.http import posted_id

from . import implementation, spending, timeline
from .exports_implementation import ReportResource, SpendingResource
from .form_answers import answers_context
from .models import AwardLine, Reallocation, Report, ReportFile, ReportResult, Spending
from .report_forms import ReviewForm


class AwardImplementationMixin:
    """For the award's admin: the money at a glance, the timeline, and finance's action
    «all spending recorded»."""

    implementation_fields = ["money_at_a_glance", "what_happened"]

    @admin.display(description=_("Деньги по строкам"))
    def money_at_a_glance(self, obj):
        if not obj or not obj.pk:
            return "—"
        return mark_safe(  # noqa: S308 — a template with autoescaping
            render_to_string("admin/grants/_award_money.html", {"money": spending.award_money(obj)})
        )

    @admin.display(description=_("Что происходило"))
    def what_happened(self, obj):
        if not obj or not obj.pk:
            return "—"
        return mark_safe(  # noqa: S308 — a template with autoescaping
            render_to_string("admin/grants/_timeline.html", {"moments": timeline.timeline(obj)})
        )

    def has_record_spending_permission(self, request):
        return request.user.has_perm("grants.add_spending")

    @admin.action(
        description=_("Финансы: все расходы внесены (закрыть, когда принят итоговый отчёт)"),
        permissions=["record_spending"],
    )
    def spending_complete(self, request, queryset):
        for award in queryset:
            implementation.mark_spending_complete(award=award, by=request.user)
        self.message_user(request, _("Отмечено."), messages.SUCCESS)


class ReportScheduleInline(admin.TabularInline):
    """The award's reporting schedule: staff add interim reports on dates they choose."""

    model = Report
    extra = 0
    fields = ["kind", "due_on", "status", "submitted_at"]
    readonly_fields = ["status", "submitted_at"]
    verbose_name_plural = _("график отчётов")
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        return False


class AwardLinesForm(forms.ModelForm):
    """The line fields offer the chosen award's lines only: the award sent with the form,
    or the one the page was opened for (``?award=<id>``, the award page's «Записать
    расход»). No script needed: with no award chosen yet, no lines are offered, and the
    form sent with an award comes back offering that award's lines."""

    line_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        award = self.data.get("award") if self.is_bound else self.initial.get("award")
        award = award if isinstance(award, int) else posted_id(award)
        for name in self.line_fields:
            if name in self.fields:
                field = self.fields[name]
                field.queryset = field.queryset.filter(award_id=award or 0)
                field.help_text = (
                    _("Строки выбранной поддержки.")
                    if award
                    else _("Сначала выберите поддержку и отправьте форму: появятся её строки.")
                )


class SpendingForm(AwardLinesForm):
    # A new key each time the empty form is shown, sent back with it: the same form sent
    # twice records one spending (see spending.record_spending).
    form_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    line_fields = ("line",)

    class Meta:
        model = Spending
        fields = ["award", "line", "spent_on", "amount", "supplier", "description", "document"]

    def clean_document(self):
        """The supporting document is checked as the coalitions' files are: by content."""
        document = self.cleaned_data.get("document")
        if isinstance(document, UploadedFile):  # a new upload, not the stored file
            try:
                check_attachment(document)
            except PortalError as error:
                raise forms.ValidationError(str(error)) from error
        return document

    def clean(self):
        cleaned = super().clean()
        award, line, amount = cleaned.get("award"), cleaned.get("line"), cleaned.get("amount")
        if self.instance.pk or not (award and line and amount):
            return cleaned
        description = cleaned.get("description") or ""
        try:
            spending.check_spending(award=award, line=line, amount=amount, description=description)
        except PortalError as error:
            raise forms.ValidationError(error.message) from error
        return cleaned


class ReallocationForm(AwardLinesForm):
    line_fields = ("from_line", "to_line")

    class Meta:
        model = Reallocation
        fields = ["award", "from_line", "to_line", "amount", "reason"]

    def clean(self):
        cleaned = super().clean()
        names = ["award", "from_line", "to_line", "amount", "reason"]
        if all(cleaned.get(name) for name in names):
            try:
                spending.check_reallocation(**{name: cleaned[name] for name in names})
            except PortalError as error:
                raise forms.ValidationError(error.message) from error
        return cleaned


class ServiceSavedAdmin(SimpleHistoryAdmin):
    """New rows are written by a service that checks the money again under a lock; if
    someone else spent the money in between, the person is told and nothing is saved."""

    def save_service(self, request, data):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            obj.pk = self.save_service(request, form.cleaned_data).pk
        except PortalError as error:
            request.refused_by_service = error.message

    def save_related(self, request, form, formsets, change):
        if not getattr(request, "refused_by_service", None):
            super().save_related(request, form, formsets, change)

    def response_add(self, request, obj, post_url_continue=None):
        refused = getattr(request, "refused_by_service", None)
        if refused:
            self.message_user(request, refused, messages.ERROR)
            return redirect(request.path)
        return super().response_add(request, obj, post_url_continue)


@admin.register(Spending)
class SpendingAdmin(WorkbookExportMixin, ServiceSavedAdmin):
    """Finance records spending; money fields are fixed once recorded (a mistake is
    deleted and recorded again, and both stay in the history)."""

    resource_classes = [SpendingResource]
    export_filename = "spending"

    form = SpendingForm
    list_display = ["spent_on", "award", "line", "amount", "supplier", "description"]
    list_filter = ["award__call", "line__budget_line__support_type"]
    search_fields = ["supplier", "description", "award__application__title"]
    list_select_related = ["award__application", "line__budget_line"]
    date_hierarchy = "spent_on"

    def get_readonly_fields(self, request, obj=None):
        return ["award", "line", "amount", "recorded_by", "recorded_at"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "line":
            kwargs["queryset"] = AwardLine.objects.select_related(
                "award__application", "budget_line"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_service(self, request, data):
        return spending.record_spending(
            award=data["award"],
            line=data["line"],
            spent_on=data["spent_on"],
            amount=data["amount"],
            supplier=data["supplier"],
            description=data["description"],
            document=data.get("document"),
            by=request.user,
            entry_key=data.get("form_key"),
        )


@admin.register(Reallocation)
class ReallocationAdmin(ServiceSavedAdmin):
    form = ReallocationForm
    list_display = ["at", "award", "from_line", "to_line", "amount", "reason", "by"]
    list_filter = ["award__call"]
    list_select_related = [
        "award__application",
        "from_line__budget_line",
        "to_line__budget_line",
        "by",
    ]

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_service(self, request, data):
        return spending.reallocate(
            award=data["award"],
            from_line=data["from_line"],
            to_line=data["to_line"],
            amount=data["amount"],
            reason=data["reason"],
            by=request.user,
        )


class ReportResultInline(admin.TabularInline):
    model = ReportResult
    extra = 0
    fields = ["expected", "achieved", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(WorkbookExportMixin, SimpleHistoryAdmin):
    resource_classes = [ReportResource]
    export_filename = "reports"
    list_display = ["award", "kind", "due_on", "status", "late", "submitted_at"]
    list_filter = ["status", "kind", "award__call"]
    search_fields = ["award__application__title", "award__application__coalition__name", "answers"]
    list_select_related = ["award__application__coalition", "award__application__partner"]
    actions = ["accept", "ask_for_changes"]
    inlines = [ReportResultInline, ReportFileInline]
    fields = [
        "award",
        "kind",
        "due_on",
        "status",
        "submitted_at",
        "answers_shown",
        "staff_comment",
    ]

    def get_readonly_fields(self, request, obj=None):
        answers = ["status", "submitted_at", "answers_shown", "staff_comment"]
        return ["award", "kind", *answers] if obj else answers

    @admin.display(description=_("ответы"))
    def answers_shown(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        context = answers_context(obj, Form.Kind.REPORT, obj.award.call)
        html = render_to_string("grants/_report_answers.html", context)
        return mark_safe(html.replace("\n", " "))  # noqa: S308 — rendered, autoescaped template

    @admin.display(description=_("с опозданием"), boolean=True)
    def late(self, obj):
        return obj.is_late()

    def _review(self, request, queryset, *, accept: bool):
        if not request.user.has_perm("grants.change_report"):
            raise PermissionDenied
        form = ReviewForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done, refused = 0, []
            for report in queryset:
                try:
                    implementation.review_report(
                        report=report,
                        accept=accept,
                        comment=form.cleaned_data["comment"],
                        by=request.user,
                    )
                    done += 1
                except PortalError as error:
                    refused.append(f"{report.award}: {error.message}")
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "Готово: %(count)d отчёт; коалиции получат письмо.",
                        "Готово: %(count)d отчётов; коалиции получат письма.",
                        done,
                    )
                    % {"count": done},
                    messages.SUCCESS,
                )
            for message in refused:
                self.message_user(request, message, messages.ERROR)
            return None
        return render(
            request,
            "admin/grants/review_report.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Принять отчёт") if accept else _("Попросить исправить отчёт"),
                "opts": self.model._meta,
                "reports": queryset,
                "form": form,
                "action": "accept" if accept else "ask_for_changes",
                "accept": accept,
            },
        )

    @admin.action(description=_("Принять отчёт"))
    def accept(self, request, queryset):
        return self._review(request, queryset, accept=True)

    @admin.action(description=_("Попросить исправить (с комментарием)"))
    def ask_for_changes(self, request, queryset):
        return self._review(request, queryset, accept=False)
