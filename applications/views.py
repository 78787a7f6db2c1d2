import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.models import Call
from coalitions.models import Coalition, Partnership
from core.errors import PortalError
from core.http import posted_id

from . import attachments, info_sessions, services, submission
from .autosave import autosave_response, locked_for_editing, next_revision, posted_revision
from .calendar import call_ics
from .forms import SECTION_FORMS, InfoSessionForm, StartApplicationForm
from .models import Application
from .permissions import can_open_files
from .sections import SECTIONS, get_section


def call_calendar(request, slug, key=None):
    call = get_object_or_404(Call.objects.published(), slug=slug)
    content = call_ics(call, key=key)
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    filename = f"{call.slug}-{key}.ics" if key else f"{call.slug}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def info_session_register(request, slug):
    call = get_object_or_404(Call.objects.published(), slug=slug)
    initial = {}
    if request.user.is_authenticated:
        coalition = Coalition.objects.for_user(request.user).first()
        initial = {
            "full_name": request.user.get_full_name(),
            "email": request.user.email,
            "organisation": coalition.name if coalition else "",
            "phone": getattr(request.user, "phone", ""),
        }
    form = InfoSessionForm(request.POST or None, call=call, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration = info_sessions.register_for_info_session(
                call=call,
                user=request.user,
                language=request.LANGUAGE_CODE,
                **form.cleaned_data,
            )
        except PortalError as error:
            form.add_error(None, str(error))
        else:
            return render(
                request,
                "applications/info_session_done.html",
                {"call": call, "registration": registration},
            )
    return render(request, "applications/info_session_form.html", {"call": call, "form": form})


# --- The application -------------------------------------------------------------------


def _visible(request, pk) -> Application:
    """The application if this person may read it; 404 otherwise (it does not exist for them)."""
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related("call", "coalition", "partner"),
        pk=pk,
    )


def _can_edit(request, application) -> bool:
    return Application.objects.editable_by(request.user).filter(pk=application.pk).exists()


def _editable(request, pk) -> Application:
    application = _visible(request, pk)
    if not _can_edit(request, application):
        raise PermissionDenied(_("Менять заявку могут только владелец или редактор коалиции."))
    return application


def _progress(application, missing) -> list[dict]:
    incomplete = {item.section for item in missing}
    return [
        {"section": section, "complete": section.slug not in incomplete} for section in SECTIONS
    ]


def _state(request, application) -> dict:
    deadline = services.deadline_for(
        call=application.call, coalition_ids=application.coalition_ids()
    )
    missing = submission.missing_answers(application)
    progress = _progress(application, missing)
    return {
        "application": application,
        "deadline": deadline,
        "is_open": services.accepts_changes(
            call=application.call, coalition_ids=application.coalition_ids()
        ),
        "can_edit": _can_edit(request, application),
        "missing": missing,
        "progress": progress,
        "done_count": sum(1 for item in progress if item["complete"]),
        "sections": SECTIONS,
    }


@login_required
@require_POST
def application_start(request):
    call = get_object_or_404(Call.objects.published(), pk=posted_id(request.POST.get("call")))
    coalitions = Coalition.objects.editable_by(request.user)
    form = StartApplicationForm(
        request.POST,
        coalitions=coalitions,
        partnerships=Partnership.objects.filter(
            call=call, status=Partnership.Status.CONFIRMED
        ).filter(inviter__in=coalitions)
        | Partnership.objects.filter(
            call=call, status=Partnership.Status.CONFIRMED, invitee__in=coalitions
        ),
    )
    if not form.is_valid():
        # Tampering with the coalition or the pair: nothing of theirs exists for this person.
        raise Http404
    try:
        application = services.start_application(
            call=call,
            coalition=form.cleaned_data["coalition"],
            partnership=form.cleaned_data["partnership"],
            by=request.user,
        )
    except PortalError as error:
        existing = (
            Application.objects.visible_to(request.user)
            .filter(call=call)
            .filter(
                Q(coalition=form.cleaned_data["coalition"])
                | Q(partner=form.cleaned_data["coalition"])
            )
            .first()
        )
        if existing is not None:
            # A double click or a second tab: show the application that was started.
            messages.info(request, _("Заявка этой коалиции на конкурс уже начата — вот она."))
            return redirect("applications:detail", pk=existing.pk)
        messages.error(request, str(error))
        return redirect("portal:dashboard")
    return redirect("applications:section", pk=application.pk, section=SECTIONS[0].slug)


@login_required
def application_detail(request, pk):
    application = _visible(request, pk)
    context = _state(request, application)
    context["history"] = application.status_changes.select_related("by")
    return render(request, "applications/application_detail.html", context)


def _save_section(request, application, section, form) -> tuple[bool, int | None]:
    """Save the posted section (and, with the buttons, add or remove a file). Returns
    whether the answers were saved and, if the save was older than the stored one, the
    stored revision."""
    autosave = request.POST.get("autosave") == "1"
    if not form.is_valid():
        return False, None
    try:
        services.save_application_section(
            application=application,
            section=section,
            answers=form.answers(),
            by=request.user,
            revision=posted_revision(request),
            locked=True,
        )
    except services.StaleRevision as error:
        if not autosave:
            form.add_error(
                None,
                f"{error} "
                + _("Проверьте текст ниже и сохраните его ещё раз, чтобы он заменил сохранённый."),
            )
        return False, error.stored
    except PortalError as error:
        form.add_error(None, str(error))
        return False, None
    upload = form.cleaned_data.get("upload")
    if upload and not autosave:
        try:
            attachments.add_attachment(application=application, upload=upload, by=request.user)
        except PortalError as error:
            form.add_error("upload", str(error))
    remove = request.POST.get("remove_attachment")
    if remove and not autosave:
        attachment = application.attachments.filter(pk=posted_id(remove)).first()
        if attachment is None:
            raise Http404
        attachments.remove_attachment(attachment=attachment, by=request.user)
    return True, None


def _section_posted(request, pk, section):
    """A POST of a section: the autosave's JSON, or the step buttons' redirect (or the form
    again with what was typed, when it could not be saved)."""
    with transaction.atomic():
        application = locked_for_editing(request, pk)
        # The form writes what was posted onto its instance while checking it; the service
        # compares the stored answers with the new ones, so the form gets a copy.
        form = SECTION_FORMS[section](
            request.POST, request.FILES, application=copy.copy(application)
        )
        saved, stale = _save_section(request, application, section, form)
    if request.POST.get("autosave") == "1":
        return autosave_response(
            form, saved=saved, stale=stale, revision=next_revision(application, section) - 1
        )
    if saved and not form.errors:
        messages.success(request, _("Сохранено."))
        target = request.POST.get("go")
        if target == "overview":
            return redirect("applications:detail", pk=application.pk)
        if target in SECTION_FORMS:
            return redirect("applications:section", pk=application.pk, section=target)
        return redirect("applications:section", pk=application.pk, section=section)
    return _section_page(request, application, section, form)


def _section_page(request, application, section, form):
    current = get_section(section)
    index = SECTIONS.index(current)
    context = _state(request, application) | {
        "form": form,
        "section": current,
        "step_number": index + 1,
        "previous": SECTIONS[index - 1] if index > 0 else None,
        "next": SECTIONS[index + 1] if index + 1 < len(SECTIONS) else None,
        "attachments": application.attachments.all(),
        "max_upload_mb": settings.APPLICATION_ATTACHMENT_MAX_BYTES // (1024 * 1024),
        "revision": next_revision(application, section),
    }
    return render(request, "applications/application_section.html", context)


@login_required
def application_section(request, pk, section):
    if get_section(section) is None:
        raise Http404
    if request.method == "POST":
        return _section_posted(request, pk, section)
    application = _visible(request, pk)
    return _section_page(
        request, application, section, SECTION_FORMS[section](application=application)
    )


@login_required
@require_POST
def application_submit(request, pk):
    application = _editable(request, pk)
    try:
        submission.submit_application(application=application, by=request.user)
    except PortalError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Заявка отправлена. Копия ответов придёт на e-mail владельцев "
                "и редакторов коалиции."
            ),
        )
    return redirect("applications:detail", pk=application.pk)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = _editable(request, pk)
    try:
        submission.withdraw_application(application=application, by=request.user)
    except PortalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Заявка отозвана. До крайнего срока её можно отправить снова."))
    return redirect("applications:detail", pk=application.pk)


@login_required
@require_POST
def application_confirm_partner(request, pk):
    application = get_object_or_404(
        Application.objects.awaiting_partner_confirmation_by(request.user), pk=pk
    )
    try:
        services.confirm_partner_participation(application=application, by=request.user)
    except PortalError as error:
        messages.error(request, str(error))
        return redirect("portal:dashboard")
    messages.success(request, _("Участие подтверждено: заявка видна обеим коалициям."))
    return redirect("applications:detail", pk=application.pk)


@login_required
def attachment_download(request, pk, attachment_pk):
    """Files are private: served only to people who may read the application."""
    application = _visible(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    return file_response(attachment)


def file_response(attachment):
    """A private file as a download: never inline, never cached, its type not sniffed."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def staff_attachment_download(request, attachment_pk):
    """The admin's link to a file: for staff who may view applications and for the
    reviewers assigned to the application (not recused); 404 for anyone else (coalitions
    have their own link)."""
    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    from .models import ApplicationAttachment

    attachment = get_object_or_404(
        ApplicationAttachment.objects.select_related("application"), pk=attachment_pk
    )
    if not can_open_files(request.user, attachment.application):
        raise Http404
    return file_response(attachment)
