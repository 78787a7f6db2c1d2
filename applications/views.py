import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.answer_files import stored_file
from calls.models import Call
from coalitions.models import Coalition, Partnership
from core.errors import PortalError
from core.http import posted_id

from . import attachments, info_sessions, services, submission
from .autosave import autosave_response, locked_for_editing, next_revision, posted_revision
from .calendar import call_ics
from .forms import InfoSessionForm, SectionForm, StartApplicationForm
from .models import Application
from .permissions import can_open_files
from .sections import step_of, steps_of


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
        Application.objects.visible_to(request.user).select_related(
            "call", "coalition", "partner", "form_version"
        ),
        pk=pk,
    )


def _can_edit(request, application) -> bool:
    return Application.objects.editable_by(request.user).filter(pk=application.pk).exists()


def _editable(request, pk) -> Application:
    application = _visible(request, pk)
    if not _can_edit(request, application):
        raise PermissionDenied(_("Менять заявку могут только владелец или редактор коалиции."))
    return application


def _progress(steps, missing) -> list[dict]:
    incomplete = {item.section for item in missing}
    return [{"section": step, "complete": step.slug not in incomplete} for step in steps]


def _state(request, application) -> dict:
    deadline = services.deadline_for(
        call=application.call, coalition_ids=application.coalition_ids()
    )
    missing = submission.missing_answers(application)
    steps = steps_of(application.form_version)
    progress = _progress(steps, missing)
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
        "sections": steps,
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
    first = steps_of(application.form_version)[0]
    return redirect("applications:section", pk=application.pk, section=first.slug)


@login_required
def application_detail(request, pk):
    application = services.keep_draft_current(_visible(request, pk))
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
            answers={**form.answers(), **form.question_answers()},
            uploads={} if autosave else form.uploads(),
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


def _section_posted(request, pk, slug):
    """A POST of a section: the autosave's JSON, or the step buttons' redirect (or the form
    again with what was typed, when it could not be saved)."""
    with transaction.atomic():
        application = locked_for_editing(request, pk)
        steps = steps_of(application.form_version)
        step = step_of(steps, slug)
        if step is None:
            raise Http404
        # The form writes what was posted onto its instance while checking it; the service
        # compares the stored answers with the new ones, so the form gets a copy.
        form = SectionForm(
            request.POST, request.FILES, application=copy.copy(application), step=step
        )
        saved, stale = _save_section(request, application, slug, form)
    if request.POST.get("autosave") == "1":
        return autosave_response(
            form, saved=saved, stale=stale, revision=next_revision(application, slug) - 1
        )
    if saved and not form.errors:
        messages.success(request, _("Сохранено."))
        target = request.POST.get("go")
        if target == "overview":
            return redirect("applications:detail", pk=application.pk)
        if step_of(steps, target or "") is not None:
            return redirect("applications:section", pk=application.pk, section=target)
        return redirect("applications:section", pk=application.pk, section=slug)
    return _section_page(request, application, form)


def _section_page(request, application, form):
    context = _state(request, application)
    steps = context["sections"]
    index = [step.slug for step in steps].index(form.step.slug)
    context |= {
        "form": form,
        "items": form.items(
            file_url=lambda key: reverse("applications:answer_file", args=[application.pk, key])
        ),
        "section": form.step,
        "step_number": index + 1,
        "previous": steps[index - 1] if index > 0 else None,
        "next": steps[index + 1] if index + 1 < len(steps) else None,
        "attachments": application.attachments.all(),
        "max_upload_mb": settings.APPLICATION_ATTACHMENT_MAX_BYTES // (1024 * 1024),
        "revision": next_revision(application, form.step.slug),
    }
    return render(request, "applications/application_section.html", context)


@login_required
def application_section(request, pk, section):
    if request.method == "POST":
        return _section_posted(request, pk, section)
    application = services.keep_draft_current(_visible(request, pk))
    step = step_of(steps_of(application.form_version), section)
    if step is None:
        raise Http404
    return _section_page(request, application, SectionForm(application=application, step=step))


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


@login_required
def answer_file_download(request, pk, key):
    """A file answering one of the form's questions: for whoever may open the
    application's files (its coalitions, programme staff, its reviewers); 404 otherwise."""
    application = get_object_or_404(Application, pk=pk)
    stored = stored_file(application.answers, key)
    if stored is None or not can_open_files(request.user, application):
        raise Http404
    try:
        handle = default_storage.open(stored["path"], "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return private_file(handle, stored["name"], stored.get("content_type") or "")


def private_file(handle, name: str, content_type: str) -> FileResponse:
    """A private file as a download: never inline, never cached, its type not sniffed."""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def file_response(attachment):
    """A private file as a download: never inline, never cached, its type not sniffed."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return private_file(handle, attachment.original_name, attachment.content_type)


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
