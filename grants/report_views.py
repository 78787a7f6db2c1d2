"""Reports on the portal: the coalition fills in, autosaves and submits each report of its
award; files are served only to people who may read the report. And the public page of a
call's supported campaigns."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.attachments import check_attachment
from applications.views import file_response
from calls.models import Call
from core.errors import PortalError
from core.http import posted_id

from . import implementation
from .models import Report, ReportFile
from .public_figures import public_charts
from .report_forms import ReportForm

MAX_FILES = 20


def _visible(request, pk) -> Report:
    reports = Report.objects.select_related(
        "award__call", "award__application__coalition", "award__application__partner"
    )
    user = request.user
    if not (user.is_superuser or (user.is_staff and user.has_perm("grants.view_report"))):
        reports = reports.filter(pk__in=Report.objects.of_member(user).values("pk"))
    return get_object_or_404(reports, pk=pk)


def _add_file(report: Report, upload, by) -> None:
    if report.files.count() >= MAX_FILES:
        raise PortalError(
            _("К отчёту можно приложить не больше %(count)d файлов.") % {"count": MAX_FILES}
        )
    try:
        mime = check_attachment(upload)
    except PortalError as error:
        raise PortalError(str(error)) from error
    attached = ReportFile(
        report=report,
        original_name=upload.name[-255:],
        content_type=mime,
        size=upload.size,
        uploaded_by=by,
    )
    attached.file.save(upload.name, upload, save=False)
    attached.save()


def _just_submitted(report: Report, user) -> bool:
    """Whether this person's submission of the report is the one in force."""
    report.refresh_from_db(fields=["status", "submitted_by"])
    return report.status == Report.Status.SUBMITTED and report.submitted_by_id == user.pk


@login_required
def report(request, pk):
    report = _visible(request, pk)
    can_edit = implementation.can_edit_report(request.user, report)
    if request.method != "POST":
        return _render_report(request, report, _form(request, report), can_edit)
    autosave = request.POST.get("autosave") == "1"
    if request.POST.get("submit") and not autosave and _just_submitted(report, request.user):
        # The same report sent twice (a double click, a second tab): it is sent.
        return _sent(request, report)
    if not can_edit:
        if autosave:
            return JsonResponse({"saved": False, "errors": {}}, status=403)
        messages.error(request, _("Этот отчёт сейчас нельзя изменить."))
        return redirect("grants:report", pk=report.pk)
    form = _form(request, report, posted=True)
    saved = False
    if form.is_valid():
        report, saved, response = _save_posted(request, report, form, autosave=autosave)
        if response is not None:
            return response
    if autosave:
        return JsonResponse(
            {
                "saved": saved,
                "saved_at": date_format(timezone.localtime(), "H:i:s") if saved else "",
                "errors": {k: [str(m) for m in v] for k, v in form.errors.items()},
            },
            status=200 if saved else 400,
        )
    if saved and not form.errors:
        messages.success(request, _("Черновик отчёта сохранён."))
        return redirect("grants:report", pk=report.pk)
    messages.error(request, _("Не сохранено: исправьте отмеченное — всё, что вы ввели, на месте."))
    return _render_report(request, report, form, can_edit)


def _form(request, report: Report, *, posted: bool = False) -> ReportForm:
    return ReportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        report=report,
        version=implementation.report_version(report),
        language=request.LANGUAGE_CODE,
    )


def _save_posted(request, report: Report, form, *, autosave: bool):
    """Save the posted answers, then (unless autosaving) the file changes and the
    submission. Returns the report, whether the answers were saved, and a redirect once
    the report is sent."""
    saved = False
    try:
        report = implementation.save_report(
            report=report,
            answers=form.answers(),
            results=form.results(),
            uploads=form.uploads(),
            by=request.user,
        )
        saved = True
        upload = form.uploaded_file()
        if upload and not autosave:
            _add_file(report, upload, request.user)
        remove = request.POST.get("remove_file")
        if remove and not autosave:
            report.files.filter(pk=posted_id(remove)).delete()
        if request.POST.get("submit") and not autosave:
            implementation.submit_report(report=report, by=request.user)
            return report, saved, _sent(request, report)
    except PortalError as error:
        if request.POST.get("submit") and _just_submitted(report, request.user):
            # Sent by the same person's other click a moment ago.
            return report, saved, _sent(request, report)
        form.add_error("upload" if request.FILES else None, error.message)
    return report, saved, None


def _sent(request, report: Report):
    messages.success(request, _("Отчёт отправлен. Спасибо!"))
    return redirect("grants:report", pk=report.pk)


def _render_report(request, report: Report, form, can_edit: bool):
    return render(
        request,
        "grants/report.html",
        {
            "report": report,
            "award": report.award,
            "form": form,
            "can_edit": can_edit,
            "files": report.files.all(),
            "history": report.status_changes.select_related("by"),
            "is_late": report.is_late(),
        },
    )


@login_required
def report_file(request, pk, file_pk):
    report = _visible(request, pk)
    return file_response(get_object_or_404(report.files, pk=file_pk))


def public_results(request, slug):
    """The supported campaigns of a call, for everyone: organisations, campaign, money,
    status and accepted results — no personal data."""
    call = get_object_or_404(Call.objects.published(), slug=slug)
    campaigns = implementation.public_campaigns(call)
    if not campaigns and not request.user.is_staff:
        raise Http404
    total = sum((row["award"].amount for row in campaigns), start=0)
    return render(
        request,
        "grants/public_results.html",
        {
            "call": call,
            "campaigns": campaigns,
            "total": total,
            "figures": public_charts(call) if campaigns else None,
        },
    )
