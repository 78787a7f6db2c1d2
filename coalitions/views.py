"""Thin views: find the coalition the person may see, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.models import Call
from core.errors import PortalError
from core.http import next_url, posted_id

from . import pairing, permissions, services
from .forms import (
    CoalitionForm,
    MemberOrganisationForm,
)
from .matching import partner_suggestions
from .models import (
    Coalition,
    JoinRequest,
    Membership,
    Partnership,
)
from .selectors import SESSION_KEY

# --- Lookups: a coalition outside the person's reach is simply not found -----------------


def _mine(request, pk) -> Coalition:
    return get_object_or_404(Coalition.objects.for_user(request.user), pk=pk)


def _editable(request, pk) -> Coalition:
    return get_object_or_404(Coalition.objects.editable_by(request.user), pk=pk)


def _owned(request, pk) -> Coalition:
    coalition = _mine(request, pk)
    if not permissions.can_manage_people(request.user, coalition):
        raise Http404
    return coalition


def current_coalition(request) -> Coalition | None:
    """The coalition the person works in now: the one chosen last, else their first."""
    mine = Coalition.objects.for_user(request.user)
    chosen = request.session.get(SESSION_KEY)
    coalition = mine.filter(pk=chosen).first() if chosen else None
    return coalition or mine.order_by("name").first()


def _fail(request, error: PortalError):
    messages.error(request, error.message)


def _pair_context(coalition, call) -> dict:
    pair = pairing.confirmed_pair(coalition=coalition, call=call) if call else None
    return {"confirmed_pair": pair, "pair_partner": pair.other(coalition) if pair else None}


def _open_invitations(coalition):
    return (
        Partnership.objects.filter(pairing.involving(coalition), status=Partnership.Status.INVITED)
        .select_related("inviter", "invitee", "call")
        .order_by("-created_at")
    )


# --- Profiles ------------------------------------------------------------------------


@login_required
def my_coalitions(request):
    coalitions = (
        Coalition.objects.for_user(request.user)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(user=request.user),
                to_attr="my_membership",
            )
        )
        .order_by("name")
    )
    return render(
        request,
        "coalitions/my_coalitions.html",
        {"coalitions": coalitions, "current": current_coalition(request)},
    )


@login_required
def create_coalition(request):
    form = CoalitionForm(request.POST or None)
    duplicates = []
    if request.method == "POST":
        # Warn about a duplicate name even while other fields still have errors.
        typed_name = request.POST.get("name", "").strip()
        # A NUL cannot be searched for in PostgreSQL; the form's own error says so.
        if typed_name and "\x00" not in typed_name:
            duplicates = list(services.find_duplicate_coalitions(name=typed_name))
        own = form.is_valid() and services.owned_coalition_named(
            by=request.user, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"]
        )
        if own:
            # A double click or a second tab: the coalition exists, show it.
            request.session[SESSION_KEY] = own.pk
            messages.info(request, _("Вы уже создали коалицию «%(name)s».") % {"name": own.name})
            return redirect("coalitions:detail", pk=own.pk)
    confirmed = not duplicates or request.POST.get("create_anyway")
    if request.method == "POST" and form.is_valid() and confirmed:
        coalition = services.create_coalition(by=request.user, data=form.cleaned_data)
        request.session[SESSION_KEY] = coalition.pk
        messages.success(request, _("Коалиция создана. Вы — её владелец."))
        return redirect("coalitions:detail", pk=coalition.pk)
    return render(
        request, "coalitions/coalition_form.html", {"form": form, "duplicates": duplicates}
    )


@login_required
def coalition_detail(request, pk):
    coalition = get_object_or_404(Coalition.objects.prefetch_related("regions", "interests"), pk=pk)
    role = permissions.role_in(request.user, coalition)
    context = {
        "coalition": coalition,
        "role": role,
        "can_edit": permissions.can_edit(request.user, coalition),
    }
    if role:
        call = Call.objects.current()
        context |= {
            "member_counts": coalition.member_counts(),
            "organisations": coalition.member_organisations.select_related("region"),
            "suggestions": partner_suggestions(coalition=coalition, limit=3),
            "pair_call": call,
            **_pair_context(coalition, call),
            "open_invitations": _open_invitations(coalition),
            "pair_history": Partnership.objects.filter(pairing.involving(coalition))
            .exclude(status=Partnership.Status.INVITED)
            .select_related("inviter", "invitee", "call")
            .prefetch_related("status_changes__by"),
            "now": timezone.now(),
        }
    else:
        context["already_asked"] = coalition.join_requests.filter(
            user=request.user, status=JoinRequest.Status.PENDING
        ).exists()
    return render(request, "coalitions/coalition_detail.html", context)


@login_required
def edit_coalition(request, pk):
    coalition = _editable(request, pk)
    form = CoalitionForm(request.POST or None, instance=coalition)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_coalition(coalition=coalition, by=request.user, data=form.cleaned_data)
        except PortalError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Профиль коалиции сохранён."))
            return redirect("coalitions:detail", pk=coalition.pk)
    return render(request, "coalitions/coalition_form.html", {"form": form, "coalition": coalition})


@login_required
@require_POST
def switch_coalition(request):
    pk = posted_id(request.POST.get("coalition"))
    if pk is None:
        raise Http404
    coalition = _mine(request, pk)
    request.session[SESSION_KEY] = coalition.pk
    messages.info(request, _("Вы работаете в коалиции «%(name)s».") % {"name": coalition.name})
    return redirect(next_url(request, default=reverse("portal:dashboard")))


# --- Member organisations ------------------------------------------------------------


@login_required
def member_organisations(request, pk):
    coalition = _mine(request, pk)
    can_edit = permissions.can_edit(request.user, coalition)
    form = MemberOrganisationForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            services.save_member_organisation(
                coalition=coalition, by=request.user, organisation=form.instance
            )
            messages.success(request, _("Организация добавлена."))
            return redirect("coalitions:members", pk=coalition.pk)
    return render(
        request,
        "coalitions/members.html",
        {
            "coalition": coalition,
            "organisations": coalition.member_organisations.select_related("region"),
            "member_counts": coalition.member_counts(),
            "form": form if can_edit else None,
            "can_edit": can_edit,
        },
    )


@login_required
def edit_member_organisation(request, pk, org_pk):
    coalition = _editable(request, pk)
    organisation = get_object_or_404(coalition.member_organisations, pk=org_pk)
    form = MemberOrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST":
        if request.POST.get("delete"):
            services.remove_member_organisation(organisation=organisation, by=request.user)
            messages.success(request, _("Организация удалена из списка."))
            return redirect("coalitions:members", pk=coalition.pk)
        if form.is_valid():
            services.save_member_organisation(
                coalition=coalition, by=request.user, organisation=form.instance
            )
            messages.success(request, _("Организация сохранена."))
            return redirect("coalitions:members", pk=coalition.pk)
    return render(
        request,
        "coalitions/member_form.html",
        {"coalition": coalition, "organisation": organisation, "form": form},
    )


# --- People --------------------------------------------------------------------------
