"""Views of pairs: the partner search, invitations to pair, answers and dissolving."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import PortalError

from . import pairing, permissions
from .forms import (
    PairInviteForm,
    PartnerSearchForm,
)
from .matching import partner_suggestions
from .models import (
    Coalition,
    Partnership,
)
from .views import _editable, _fail, _mine


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
