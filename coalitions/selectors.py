"""Reads of what the member's dashboard shows about coalitions, in a fixed number of
queries: the person's coalitions with their role read once (``Member``), and the
coalition block's context."""

import dataclasses
from functools import cached_property

from allauth.account.models import EmailAddress
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower

from calls.models import Call

from .matching import partner_suggestions
from .models import Coalition, CoalitionInvitation, Membership, Partnership
from .permissions import EDIT_ROLES

SESSION_KEY = "current_coalition_id"


@dataclasses.dataclass
class Member:
    """A signed-in person and their coalitions (each with ``my_role``), read in one query;
    the other apps' dashboard selectors take it instead of asking again."""

    user: object
    coalitions: list[Coalition]
    partnerships: list[Partnership] = dataclasses.field(default_factory=list)

    @cached_property
    def roles(self) -> dict[int, str]:
        return {c.pk: c.my_role for c in self.coalitions}

    @cached_property
    def ids(self) -> set[int]:
        return set(self.roles)

    @cached_property
    def editable_ids(self) -> set[int]:
        return {pk for pk, role in self.roles.items() if role in EDIT_ROLES}

    @cached_property
    def owned_ids(self) -> set[int]:
        return {pk for pk, role in self.roles.items() if role == Membership.Role.OWNER}


def member(user) -> Member:
    role = Membership.objects.filter(user=user, coalition=OuterRef("pk")).values("role")[:1]
    coalitions = list(
        Coalition.objects.for_user(user).annotate(my_role=Subquery(role)).order_by("name")
    )
    # coalitions.permissions.role_in asks no more for these.
    user.__dict__.setdefault("_coalition_roles", {}).update({c.pk: c.my_role for c in coalitions})
    return Member(user, coalitions)


def pending_invitations(user):
    """Invitations waiting for this person, by any of their verified addresses (one query)."""
    verified = (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(lowered=Lower("email"))
        .values("lowered")
    )
    return list(
        CoalitionInvitation.objects.filter(status=CoalitionInvitation.Status.PENDING)
        .filter(Q(email=user.email.lower()) | Q(email__in=verified))
        .select_related("coalition", "invited_by")
    )


def partnerships(member: Member, call: Call | None) -> list[Partnership]:
    """The confirmed pairs of the person's coalitions in ``call`` and every invitation to
    pair still open that involves them, in one query (newest first)."""
    mine = Q(inviter_id__in=member.ids) | Q(invitee_id__in=member.ids)
    wanted = Q(status=Partnership.Status.INVITED)
    if call is not None:
        wanted |= Q(call=call, status=Partnership.Status.CONFIRMED)
    return list(
        Partnership.objects.filter(mine, wanted)
        .select_related("inviter", "invitee", "call")
        .order_by("-created_at", "-pk")
    )


def confirmed_pairs(member: Member, call: Call | None) -> list[Partnership]:
    return [
        p
        for p in member.partnerships
        if call is not None and p.call_id == call.pk and p.status == Partnership.Status.CONFIRMED
    ]


def dashboard_context(request, member: Member, *, call: Call | None) -> dict:
    """What coalitions/_dashboard.html shows; ``call`` is ``Call.objects.current()``."""
    chosen = request.session.get(SESSION_KEY)
    current = next((c for c in member.coalitions if c.pk == chosen), None) or next(
        iter(member.coalitions), None
    )
    member.partnerships = partnerships(member, call)
    context = {
        "my_coalitions": member.coalitions,
        "current_coalition": current,
        "pending_invitations": pending_invitations(request.user),
        "pair_call": call,
    }
    if current is not None:
        involved = [p for p in member.partnerships if current.pk in (p.inviter_id, p.invitee_id)]
        pair = next((p for p in confirmed_pairs(member, call) if p in involved), None)
        context |= {
            "current_role": current.my_role,
            "current_can_edit": current.my_role in EDIT_ROLES,
            "suggestions": partner_suggestions(coalition=current, limit=3),
            "confirmed_pair": pair,
            "pair_partner": pair.other(current) if pair else None,
            "open_invitations": [p for p in involved if p.status == Partnership.Status.INVITED],
        }
    return context
