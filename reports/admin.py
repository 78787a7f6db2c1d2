"""Programme reports in the admin: start one for a call, watch it build, download it."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from calls.models import Call

from . import programme
from .admin_overview import overview_view
from .models import ReportJob


class StartReportForm(forms.Form):
    call = forms.ModelChoiceField(
        label=_("Конкурс"), queryset=Call.objects.order_by("-application_deadline")
    )


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = [
        "call",
        "status",
        "progress_column",
        "requested_by",
        "created_at",
        "finished_at",
        "download_column",
    ]
    list_filter = ["status", "call"]
    list_select_related = ["call", "requested_by"]
    readonly_fields = [
        "call",
        "status",
        "progress",
        "step",
        "error",
        "language",
        "requested_by",
        "created_at",
        "started_at",
        "finished_at",
    ]
    exclude = ["file"]
    change_list_template = "admin/reports/reportjob/change_list.html"

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("готово"))
    def progress_column(self, obj):
        if obj.status == ReportJob.Status.FAILED:
            return format_html('<span style="color:#ba2121">{}</span>', obj.error[:200])
        return format_html(
            '<progress value="{}" max="100">{}%</progress> {}%{}',
            obj.progress,
            obj.progress,
            obj.progress,
            f" — {obj.step}" if obj.step and not obj.is_finished else "",
        )

    @admin.display(description=_("файл"))
    def download_column(self, obj):
        if obj.status != ReportJob.Status.DONE or not obj.file:
            return "—"
        url = reverse("admin:reports_reportjob_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Скачать .xlsx"))

    def get_urls(self):
        return [
            path(
                "overview/",
                self.admin_site.admin_view(self.overview_view),
                name="reports_overview",
            ),
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="reports_reportjob_download",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        building = ReportJob.objects.filter(
            status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING]
        ).exists()
        return super().changelist_view(request, {**(extra_context or {}), "building": building})

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StartReportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            programme.start_report(
                call=form.cleaned_data["call"],
                by=request.user,
                language=translation.get_language(),
            )
            self.message_user(
                request,
                _("Отчёт собирается. Когда он будет готов, здесь появится ссылка для скачивания."),
                messages.SUCCESS,
            )
            return redirect("admin:reports_reportjob_changelist")
        return render(
            request,
            "admin/reports/reportjob/start.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Собрать отчёт программы"),
                "form": form,
                "opts": self.model._meta,
            },
        )

    def overview_view(self, request):
        return overview_view(request, self.admin_site)

    def download_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = ReportJob.objects.filter(pk=pk, status=ReportJob.Status.DONE).first()
        if job is None or not job.file:
            raise Http404(_("Этот отчёт ещё не готов."))
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=programme.report_filename(job.call),
        )
