"""Writes and rules of the coalitions app: profiles and people (pairs: ``pairing``).

Every function is keyword-only, runs in one transaction and raises ``PortalError`` with
a message a person can read when a rule says no. Views, admin and the demo call these.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.errors import PortalError
from notifications.services import send_notification

from . import permissions
from .models import (
    Coalition,
    CoalitionInvitation,
    JoinRequest,
    MemberOrganisation,
    Membership,
    name_key,
)

# --- Profiles -------------------------------------------------------------------------


def find_duplicate_coalitions(*, name: str, exclude: Coalition | None = None):
    """Coalitions whose name matches ``name`` ignoring case, quotes and spacing."""
    duplicates = Coalition.objects.filter(name_key=name_key(name))
    if exclude is not None and exclude.pk:
        duplicates = duplicates.exclude(pk=exclude.pk)
    return duplicates


def _set_profile(coalition: Coalition, data: dict) -> None:
    data = dict(data)
    regions = data.pop("regions", None)
    interests = data.pop("interests", None)
    for field, value in data.items():
        setattr(coalition, field, value)
    coalition.save()
    if regions is not None:
        coalition.regions.set(regions)
    if interests is not None:
        coalition.interests.set(interests)


def owned_coalition_named(*, by: User, name: str, kind: str | None = None) -> Coalition | None:
    """The coalition of this name (ignoring case, quotes and spacing) and kind ``by`` owns,
    if any: a civic and a business coalition of one name are two coalitions."""
    found = find_duplicate_coalitions(name=name).filter(
        memberships__user=by, memberships__role=Membership.Role.OWNER
    )
    return (found.filter(kind=kind) if kind else found).first()


@transaction.atomic
def create_coalition(*, by: User, data: dict) -> Coalition:
    """Create a coalition profile; the person who creates it becomes its owner.

    A person does not own two coalitions of the same name: creating it again (a double
    click, a second tab) returns the one they already own. The person's row is locked so
    that two requests at the same moment cannot both create it.
    """
    User.objects.select_for_update().filter(pk=by.pk).first()
    existing = owned_coalition_named(by=by, name=data.get("name", ""), kind=data.get("kind"))
    if existing is not None:
        return existing
    coalition = Coalition()
    _set_profile(coalition, data)
    Membership.objects.create(coalition=coalition, user=by, role=Membership.Role.OWNER)
    permissions.forget_roles(by)
    return coalition


@transaction.atomic
def update_coalition(*, coalition: Coalition, by: User, data: dict) -> Coalition:
    """Owners and editors change the profile."""
    if not permissions.can_edit(by, coalition):
        raise PortalError(_("Изменять профиль могут только владелец и редакторы коалиции."))
    _set_profile(coalition, data)
    return coalition


@transaction.atomic
def save_member_organisation(
    *, coalition: Coalition, by: User, organisation: MemberOrganisation
) -> MemberOrganisation:
    """Add or change a member organisation (owners and editors)."""
    if not permissions.can_edit(by, coalition):
        raise PortalError(_("Изменять список организаций могут владелец и редакторы."))
    organisation.coalition = coalition
    organisation.save()
    return organisation


@transaction.atomic
def remove_member_organisation(*, organisation: MemberOrganisation, by: User) -> None:
    if not permissions.can_edit(by, organisation.coalition):
        raise PortalError(_("Изменять список организаций могут владелец и редакторы."))
    organisation.delete()


# --- People ---------------------------------------------------------------------------


def _require_owner(by: User, coalition: Coalition) -> None:
    if not permissions.can_manage_people(by, coalition):
        raise PortalError(_("Управлять людьми коалиции может только её владелец."))


@transaction.atomic
def invite_person(*, coalition: Coalition, by: User, email: str, role: str) -> CoalitionInvitation:
    """Invite a colleague by e-mail; they accept after signing in (or signing up) with it.
    Inviting the same address with the same role again returns the pending invitation."""
    _require_owner(by, coalition)
    email = email.strip().lower()
    if role not in (Membership.Role.EDITOR, Membership.Role.VIEWER):
        raise PortalError(_("Пригласить можно редактором или читателем."))
    # One invitation per address: the coalition's row is locked while it is checked.
    Coalition.objects.select_for_update().filter(pk=coalition.pk).first()
    if coalition.memberships.filter(user__email__iexact=email).exists():
        raise PortalError(_("Этот человек уже состоит в коалиции."))
    pending = coalition.invitations.filter(
        email__iexact=email, status=CoalitionInvitation.Status.PENDING
    ).first()
    if pending is not None:
        if pending.role == role:
            return pending  # the same invitation again: a double click, a second tab
        raise PortalError(_("Этому адресу уже отправлено приглашение."))
    invitation = CoalitionInvitation.objects.create(
        coalition=coalition, email=email, role=role, invited_by=by
    )
    existing = User.objects.filter(email__iexact=email).first()
    send_notification(
        to=existing or email,
        language=None if existing else by.language,
        template="emails/coalition_invitation",
        context={"invitation": invitation, "coalition": coalition, "inviter": by},
        key=f"coalition-invite:{invitation.pk}",
    )
    return invitation


def pending_invitations_for(user: User):
    """Invitations waiting for this person (matched by any of their verified addresses)."""
    from allauth.account.models import EmailAddress

    emails = {user.email.lower()} | {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    return CoalitionInvitation.objects.filter(
        status=CoalitionInvitation.Status.PENDING, email__in=emails
    ).select_related("coalition", "invited_by")


@transaction.atomic
def accept_invitation(*, invitation: CoalitionInvitation, user: User) -> Membership:
    """The invited person joins with the role the owner chose."""
    invitation = CoalitionInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != CoalitionInvitation.Status.PENDING:
        raise PortalError(_("Это приглашение уже использовано или отозвано."))
    if not pending_invitations_for(user).filter(pk=invitation.pk).exists():
        raise PortalError(
            _("Приглашение отправлено на другой адрес. Войдите с адресом %(email)s.")
            % {"email": invitation.email}
        )
    membership, _created = Membership.objects.get_or_create(
        coalition=invitation.coalition, user=user, defaults={"role": invitation.role}
    )
    invitation.status = CoalitionInvitation.Status.ACCEPTED
    invitation.accepted_by = user
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "decided_at"])
    permissions.forget_roles(user)
    return membership


@transaction.atomic
def revoke_invitation(*, invitation: CoalitionInvitation, by: User) -> None:
    _require_owner(by, invitation.coalition)
    if invitation.status == CoalitionInvitation.Status.PENDING:
        invitation.status = CoalitionInvitation.Status.REVOKED
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["status", "decided_at"])


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: User) -> Membership:
    """The owner makes a person editor or viewer (ownership moves only by handing over)."""
    _require_owner(by, membership.coalition)
    if membership.role == Membership.Role.OWNER:
        raise PortalError(_("Роль владельца меняется только передачей прав владельца."))
    if role not in (Membership.Role.EDITOR, Membership.Role.VIEWER):
        raise PortalError(_("Выберите роль: редактор или читатель."))
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_person(*, membership: Membership, by: User) -> None:
    _require_owner(by, membership.coalition)
    if membership.role == Membership.Role.OWNER:
        raise PortalError(
            _("Владельца нельзя удалить: сначала передайте права владельца другому человеку.")
        )
    membership.delete()


@transaction.atomic
def hand_over_ownership(*, coalition: Coalition, to: Membership, by: User) -> None:
    """The owner makes another member the owner and stays on as an editor."""
    _require_owner(by, coalition)
    if to.coalition_id != coalition.pk:
        raise PortalError(_("Этот человек не состоит в коалиции."))
    if to.user_id == by.pk:
        raise PortalError(_("Вы уже владелец этой коалиции."))
    Membership.objects.filter(coalition=coalition, user=by).update(role=Membership.Role.EDITOR)
    # Keep the per-row history: save instead of update for the new owner.
    to.role = Membership.Role.OWNER
    to.save(update_fields=["role"])
    permissions.forget_roles(by)


@transaction.atomic
def request_to_join(*, coalition: Coalition, user: User, message: str = "") -> JoinRequest:
    """Ask the owner of an existing coalition to let you in."""
    if permissions.role_in(user, coalition):
        raise PortalError(_("Вы уже состоите в этой коалиции."))
    if coalition.join_requests.filter(user=user, status=JoinRequest.Status.PENDING).exists():
        raise PortalError(_("Вы уже отправили заявку; владелец коалиции её рассмотрит."))
    join_request = JoinRequest.objects.create(coalition=coalition, user=user, message=message)
    for owner in coalition.memberships.filter(role=Membership.Role.OWNER).select_related("user"):
        send_notification(
            to=owner.user,
            template="emails/coalition_join_request",
            context={"join_request": join_request, "coalition": coalition, "person": user},
            key=f"join-request:{join_request.pk}:{owner.user_id}",
        )
    return join_request


@transaction.atomic
def decide_join_request(
    *, join_request: JoinRequest, by: User, accept: bool, role: str = Membership.Role.VIEWER
) -> JoinRequest:
    """The owner lets the person in (as viewer unless told otherwise) or declines."""
    _require_owner(by, join_request.coalition)
    if join_request.status != JoinRequest.Status.PENDING:
        raise PortalError(_("По этой заявке уже принято решение."))
    if accept:
        if role not in (Membership.Role.EDITOR, Membership.Role.VIEWER):
            raise PortalError(_("Выберите роль: редактор или читатель."))
        Membership.objects.get_or_create(
            coalition=join_request.coalition, user=join_request.user, defaults={"role": role}
        )
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    send_notification(
        to=join_request.user,
        template="emails/coalition_join_decision",
        context={"join_request": join_request, "coalition": join_request.coalition},
        key=f"join-decision:{join_request.pk}",
    )
    return join_request
