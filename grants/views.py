from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.models import Call
from coalitions.models import Coalition
from core.errors import PortalError
from core.http import posted_id

from . import contracts, services, submission
from .forms import SupportSectionForm
from .models import Contract, ContractVersion, TechnicalSupportApplication
from .sections import get_section, sections_for


def _visible(request, pk) -> TechnicalSupportApplication:
    return get_object_or_404(
        TechnicalSupportApplication.objects.visible_to(request.user).select_related(
            "call", "coalition", "partner"
        ),
        pk=pk,
    )


def _can_edit(request, application) -> bool:
    return (
        TechnicalSupportApplication.objects.editable_by(request.user)
        .filter(pk=application.pk)
        .exists()
    )


def _editable(request, pk) -> TechnicalSupportApplication:
    application = _visible(request, pk)
    if not _can_edit(request, application):
        raise PermissionDenied(_("Менять заявку могут только владелец или редактор коалиции."))
    return application


def _state(request, application) -> dict:
    version = services.request_version(application)
    sections = sections_for(version)
    missing = submission.missing_answers(application)
    incomplete = {item.section for item in missing}
    progress = [{"section": s, "complete": s.slug not in incomplete} for s in sections]
    contract = Contract.objects.filter(award__application=application).first()
    return {
        "application": application,
        "deadline": application.call.support_deadline,
        "opens_at": services.opens_at(application.call),
        "is_open": services.accepts_requests(application.call)
        and application.status in TechnicalSupportApplication.EDITABLE,
        "can_edit": _can_edit(request, application),
        "missing": missing,
        "progress": progress,
        "done_count": sum(1 for item in progress if item["complete"]),
        "sections": sections,
        "contract": contract,
        "contract_version": contract.current_version if contract else None,
    }


@login_required
@require_POST
def support_start(request):
    call = get_object_or_404(Call.objects.published(), pk=posted_id(request.POST.get("call")))
    coalition = get_object_or_404(
        Coalition.objects.editable_by(request.user), pk=posted_id(request.POST.get("coalition"))
    )
    try:
        application = services.start_support_request(
            call=call, coalition=coalition, by=request.user
        )
    except PortalError as error:
        existing = (
            TechnicalSupportApplication.objects.visible_to(request.user)
            .filter(call=call)
            .filter(Q(coalition=coalition) | Q(partner=coalition))
            .first()
        )
        if existing is not None:
            # A double click or a second tab: show the request that was started.
            messages.info(request, _("Заявка этой коалиции уже начата — вот она."))
            return redirect("grants:detail", pk=existing.pk)
        messages.error(request, str(error))
        return redirect("portal:dashboard")
    first = sections_for(services.request_version(application))[0]
    return redirect("grants:section", pk=application.pk, section=first.slug)


@login_required
def support_detail(request, pk):
    application = _visible(request, pk)
    context = _state(request, application)
    context["history"] = application.status_changes.select_related("by")
    return render(request, "grants/support_detail.html", context)


def _errors(form) -> dict:
    errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
    for formset in form.formsets():
        if formset.non_form_errors():  # e.g. rows posted without their management form
            errors[formset.prefix] = [str(m) for m in formset.non_form_errors()]
        for index, row_errors in enumerate(formset.errors):
            for name, messages_ in row_errors.items():
                errors[f"{formset.prefix}-{index}-{name}"] = [str(m) for m in messages_]
    return errors


def _section_form(request, application, section, *, posted=False) -> SupportSectionForm:
    return SupportSectionForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        application=application,
        version=services.request_version(application),
        section=section,
        language=request.LANGUAGE_CODE,
    )


def _save(request, application, section, form):
    """Save the posted section; returns the request and whether it was saved."""
    if not form.is_valid():
        return application, False
    try:
        application = services.save_support_section(
            application=application,
            section=section,
            answers=form.answers(),
            uploads=form.uploads(),
            by=request.user,
        )
    except PortalError as error:
        form.add_error(None, str(error))
        return application, False
    return application, True


@login_required
def support_section(request, pk, section):
    application = _visible(request, pk)
    sections = sections_for(services.request_version(application))
    current = get_section(sections, section)
    if current is None:
        raise Http404
    if request.method == "POST":
        application = _editable(request, pk)
        form = _section_form(request, application, section, posted=True)
        application, saved = _save(request, application, section, form)
        if request.POST.get("autosave") == "1":
            return JsonResponse(
                {
                    "saved": saved,
                    "saved_at": date_format(timezone.localtime(), "H:i:s") if saved else "",
                    "requested_total": str(application.requested_total),
                    "errors": _errors(form),
                },
                status=200 if saved else 400,
            )
        if saved:
            messages.success(request, _("Сохранено."))
            target = request.POST.get("go")
            if target == "overview":
                return redirect("grants:detail", pk=application.pk)
            if get_section(sections, target or "") is not None:
                return redirect("grants:section", pk=application.pk, section=target)
            return redirect("grants:section", pk=application.pk, section=section)
    else:
        form = _section_form(request, application, section)
    index = sections.index(current)
    context = _state(request, application) | {
        "form": form,
        "section": current,
        "step_number": index + 1,
        "previous": sections[index - 1] if index > 0 else None,
        "next": sections[index + 1] if index + 1 < len(sections) else None,
    }
    return render(request, "grants/support_section.html", context)


@login_required
@require_POST
def support_submit(request, pk):
    application = _editable(request, pk)
    try:
        submission.submit_support_request(application=application, by=request.user)
    except PortalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Заявка на техническую поддержку отправлена."))
    return redirect("grants:detail", pk=application.pk)


@login_required
@require_POST
def support_withdraw(request, pk):
    application = _editable(request, pk)
    try:
        submission.withdraw_support_request(application=application, by=request.user)
    except PortalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Заявка отозвана. До крайнего срока её можно отправить снова."))
    return redirect("grants:detail", pk=application.pk)


# --- Contracts --------------------------------------------------------------------------


def _pdf_response(version: ContractVersion):
    try:
        handle = version.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=version.filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _member_contract(request, pk) -> Contract:
    """A contract of the person's own request, once staff sent it (drafts stay with staff)."""
    contract = get_object_or_404(
        Contract.objects.select_related("award__application"),
        pk=pk,
        award__application__in=TechnicalSupportApplication.objects.visible_to(request.user),
    )
    if contract.status == Contract.Status.DRAFT and not request.user.is_staff:
        raise Http404
    return contract


@login_required
def contract_download(request, pk):
    contract = _member_contract(request, pk)
    version = contract.current_version
    if version is None:
        raise Http404
    return _pdf_response(version)


@login_required
@require_POST
def contract_upload_signed(request, pk):
    contract = _member_contract(request, pk)
    if not _can_edit(request, contract.award.application):
        raise PermissionDenied(_("Загрузить подписанный договор могут владелец или редактор."))
    upload = request.FILES.get("signed_scan")
    if upload is None:
        messages.error(request, _("Выберите файл со сканом подписанного договора."))
    else:
        try:
            contracts.upload_signed_contract(contract=contract, upload=upload, by=request.user)
        except PortalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Скан получен. ИПР подпишет договор со своей стороны."))
    return redirect("grants:detail", pk=contract.award.application_id)


def staff_contract_file(request, version_pk=None, contract_pk=None):
    """The admin's links: a version's PDF, or the coalition's signed scan."""
    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    if not request.user.has_perm("grants.view_contract"):
        raise PermissionDenied
    if version_pk is not None:
        return _pdf_response(get_object_or_404(ContractVersion, pk=version_pk))
    contract = get_object_or_404(Contract, pk=contract_pk)
    if not contract.signed_scan:
        raise Http404
    response = FileResponse(
        contract.signed_scan.open("rb"), as_attachment=True, filename=contract.signed_scan_name
    )
    response["Cache-Control"] = "private, no-store"
    return response
