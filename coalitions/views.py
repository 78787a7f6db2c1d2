"""Thin views: find the coalition the person may see, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
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
    InvitePersonForm,
    JoinRequestForm,
    MemberOrganisationForm,
    PairInviteForm,
    PartnerSearchForm,
)
from .matching import partner_suggestions
from .models import (
    Coalition,
    CoalitionInvitation,
    JoinRequest,
    Membership,
    Partnership,
)

SESSION_KEY = "current_coalition_id"


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


def dashboard_context(request, *, call: Call | None) -> dict:
    """What the member's dashboard shows about coalitions (see coalitions/_dashboard.html);
    ``call`` is ``Call.objects.current()``, which the dashboard has already looked up."""
    current = current_coalition(request)
    context = {
        "my_coalitions": Coalition.objects.for_user(request.user).order_by("name"),
        "current_coalition": current,
        "pending_invitations": services.pending_invitations_for(request.user),
        "pair_call": call,
    }
    if current is not None:
        context["current_role"] = permissions.role_in(request.user, current)
        context["current_can_edit"] = permissions.can_edit(request.user, current)
        context["suggestions"] = partner_suggestions(coalition=current, limit=3)
        context |= _pair_context(current, call)
        context["open_invitations"] = _open_invitations(current)
    return context


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


@login_required
def people(request, pk):
    coalition = _mine(request, pk)
    is_owner = permissions.can_manage_people(request.user, coalition)
    form = InvitePersonForm(request.POST or None)
    if request.method == "POST":
        if not is_owner:
            raise Http404
        if form.is_valid():
            try:
                invitation = services.invite_person(
                    coalition=coalition,
                    by=request.user,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except PortalError as error:
                form.add_error("email", error.message)
            else:
                messages.success(
                    request, _("Приглашение отправлено на %(email)s.") % {"email": invitation.email}
                )
                return redirect("coalitions:people", pk=coalition.pk)
    return render(
        request,
        "coalitions/people.html",
        {
            "coalition": coalition,
            "memberships": coalition.memberships.select_related("user").order_by("role", "pk"),
            "invitations": coalition.invitations.filter(status=CoalitionInvitation.Status.PENDING),
            "join_requests": coalition.join_requests.filter(
                status=JoinRequest.Status.PENDING
            ).select_related("user"),
            "is_owner": is_owner,
            "form": form if is_owner else None,
            "roles": [(r.value, r.label) for r in Membership.Role if r != Membership.Role.OWNER],
        },
    )


@login_required
@require_POST
def person_action(request, pk, membership_pk, action):
    coalition = _owned(request, pk)
    membership = get_object_or_404(coalition.memberships, pk=membership_pk)
    try:
        if action == "role":
            services.change_role(
                membership=membership, role=request.POST.get("role", ""), by=request.user
            )
            messages.success(request, _("Роль изменена."))
        elif action == "remove":
            services.remove_person(membership=membership, by=request.user)
            messages.success(request, _("Человек удалён из коалиции."))
        elif action == "hand-over":
            services.hand_over_ownership(coalition=coalition, to=membership, by=request.user)
            messages.success(request, _("Права владельца переданы. Вы теперь редактор."))
            return redirect("coalitions:detail", pk=coalition.pk)
        else:
            raise Http404
    except PortalError as error:
        _fail(request, error)
    return redirect("coalitions:people", pk=coalition.pk)


@login_required
@require_POST
def revoke_invitation(request, pk, invitation_pk):
    coalition = _owned(request, pk)
    invitation = get_object_or_404(coalition.invitations, pk=invitation_pk)
    services.revoke_invitation(invitation=invitation, by=request.user)
    messages.success(request, _("Приглашение отозвано."))
    return redirect("coalitions:people", pk=coalition.pk)


def invitation(request, token):
    """The link in the invitation e-mail. Without an account, the page says how to sign up."""
    invitation = get_object_or_404(
        CoalitionInvitation.objects.select_related("coalition"), token=token
    )
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except PortalError as error:
            _fail(request, error)
        else:
            request.session[SESSION_KEY] = invitation.coalition_id
            messages.success(
                request,
                _("Вы присоединились к коалиции «%(name)s».") % {"name": invitation.coalition.name},
            )
            return redirect("coalitions:detail", pk=invitation.coalition_id)
    return render(request, "coalitions/invitation.html", {"invitation": invitation})


@login_required
def join_coalition(request, pk):
    coalition = get_object_or_404(Coalition, pk=pk)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_to_join(
                coalition=coalition, user=request.user, message=form.cleaned_data["message"]
            )
        except PortalError as error:
            _fail(request, error)
        else:
            messages.success(
                request, _("Заявка отправлена. Владелец коалиции получит письмо и ответит вам.")
            )
        return redirect("coalitions:detail", pk=coalition.pk)
    return render(request, "coalitions/join.html", {"coalition": coalition, "form": form})


@login_required
@require_POST
def decide_join_request(request, pk, request_pk):
    coalition = _owned(request, pk)
    join_request = get_object_or_404(coalition.join_requests, pk=request_pk)
    accept = request.POST.get("decision") == "accept"
    try:
        services.decide_join_request(
            join_request=join_request,
            by=request.user,
            accept=accept,
            role=request.POST.get("role") or Membership.Role.VIEWER,
        )
    except PortalError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Заявка принята.") if accept else _("Заявка отклонена."))
    return redirect("coalitions:people", pk=coalition.pk)


# --- Partner search and pairs --------------------------------------------------------


@login_required
def partner_search(request, pk):
    coalition = _mine(request, pk)
    form = PartnerSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    region, interest = filters.get("region"), filters.get("interest")
    matches = partner_suggestions(
        coalition=coalition,
        regions=[region] if region else None,
        interests=[interest] if interest else None,
    )
    return render(
        request,
        "coalitions/partner_search.html",
        {
            "coalition": coalition,
            "form": form,
            "matches": matches,
            "can_edit": permissions.can_edit(request.user, coalition),
        },
    )


@login_required
def invite_partner(request, pk, other_pk):
    coalition = _editable(request, pk)
    partner = get_object_or_404(
        Coalition.objects.prefetch_related("regions", "interests"), pk=other_pk
    )
    form = PairInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pairing.invite_partner(
                inviter=coalition,
                invitee=partner,
                call=form.cleaned_data["call"],
                by=request.user,
                message=form.cleaned_data["message"],
            )
        except PortalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Приглашение отправлено коалиции «%(name)s».") % {"name": partner.name},
            )
            return redirect("coalitions:detail", pk=coalition.pk)
    return render(
        request,
        "coalitions/pair_invite.html",
        {"coalition": coalition, "partner": partner, "form": form},
    )


PAIR_ACTIONS = {
    "accept": (pairing.accept_partnership, _("Пара подтверждена.")),
    "decline": (pairing.decline_partnership, _("Приглашение отклонено.")),
    "dissolve": (pairing.dissolve_partnership, _("Пара распущена.")),
}


@login_required
@require_POST
def pair_action(request, pk, pair_pk, action):
    coalition = _editable(request, pk)
    partnership = get_object_or_404(
        Partnership.objects.filter(pairing.involving(coalition)), pk=pair_pk
    )
    if action not in PAIR_ACTIONS:
        raise Http404
    service, done = PAIR_ACTIONS[action]
    try:
        service(partnership=partnership, by=request.user)
    except PortalError as error:
        _fail(request, error)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, done)
    return redirect("coalitions:detail", pk=coalition.pk)
