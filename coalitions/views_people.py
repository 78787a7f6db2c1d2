"""Views of a coalition's people: roles, invitations by e-mail, requests to join."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import PortalError

from . import permissions, services
from .forms import (
    InvitePersonForm,
    JoinRequestForm,
)
from .models import (
    Coalition,
    CoalitionInvitation,
    JoinRequest,
    Membership,
)
from .views import SESSION_KEY, _fail, _mine, _owned


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
