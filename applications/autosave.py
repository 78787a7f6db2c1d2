"""The application form's saves (autosave and the step buttons): one locked read of the
application, and the section's revision so an older save never overwrites a newer one."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coalitions.permissions import edits_any
from core.http import posted_id

from .models import Application


def locked_for_editing(request, pk) -> Application:
    """The application, read once by its key and locked (its own row only), if this person
    may change it (``edits_any``: owner or editor of its coalition, or of its partner once
    the partner confirmed); 404 if they may not even read it, 403 if they may only read it.
    Call it inside a transaction.

    Two plain queries instead of one: the read by key with the permission as a subquery
    cost more to plan and compile than both together (issue #20, docs/benchmarks.md)."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "coalition", "partner", "form_version")
        .filter(pk=pk)
        .first()
    )
    if application is not None and edits_any(request.user, editing_coalitions(application)):
        return application
    if not Application.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    raise PermissionDenied(_("Менять заявку могут только владелец или редактор коалиции."))


def editing_coalitions(application: Application) -> list[int]:
    """The coalitions whose owners and editors may change the application
    (``Application.objects.editable_by`` asks the same in SQL)."""
    ids = [application.coalition_id]
    if application.partner_id and application.partner_confirmed_at:
        ids.append(application.partner_id)
    return ids


def posted_revision(request) -> int | None:
    """The revision the page gave this save; None when none was posted (then the save is
    taken as the newest)."""
    value = request.POST.get("revision")
    if value in (None, ""):
        return None
    # A number that is not a plain revision can only be refused like an old one.
    return posted_id(value) or 0


def next_revision(application: Application, section: str) -> int:
    return application.section_revisions.get(section, 0) + 1


def form_errors(form) -> dict:
    return {
        **{k: [str(m) for m in v] for k, v in form.errors.items()},
        # e.g. rows posted without their management form
        **{
            fs.prefix: [str(m) for m in fs.non_form_errors()]
            for fs in form.formsets()
            if fs.non_form_errors()
        },
        **{
            f"{fs.prefix}-{i}-{k}": [str(m) for m in v]
            for fs in form.formsets()
            for i, errors in enumerate(fs.errors)
            for k, v in errors.items()
        },
    }


def autosave_response(form, *, saved: bool, stale: int | None, revision: int) -> JsonResponse:
    """What the form's script needs: saved or not, why not, and the stored revision.
    409 when the save was older than the stored one (nothing was written)."""
    status = 200 if saved else (409 if stale is not None else 400)
    return JsonResponse(
        {
            "saved": saved,
            "conflict": stale is not None,
            "revision": revision if stale is None else stale,
            "saved_at": date_format(timezone.localtime(), "H:i:s") if saved else "",
            "errors": form_errors(form),
        },
        status=status,
    )
