"""Who may do what with a coalition — the one place views, services and admin ask.

Anyone signed in sees a coalition's public profile (name, kind, regions, interests,
description). Its own people (any role) see contacts, member organisations and people;
owners and editors edit the profile, members and pairs; only owners manage people.
"""

from accounts.models import User

from .models import EDIT_ROLES, Coalition, Membership


def role_in(user, coalition: Coalition) -> str | None:
    """The person's role in the coalition, or None. Cached per request on the user."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache = user.__dict__.setdefault("_coalition_roles", {})
    if coalition.pk not in cache:
        cache[coalition.pk] = (
            Membership.objects.filter(coalition=coalition, user=user)
            .values_list("role", flat=True)
            .first()
        )
    return cache[coalition.pk]


def forget_roles(user) -> None:
    user.__dict__.pop("_coalition_roles", None)


def can_see_private(user, coalition: Coalition) -> bool:
    return role_in(user, coalition) is not None


def can_edit(user, coalition: Coalition) -> bool:
    return role_in(user, coalition) in EDIT_ROLES


def can_manage_people(user, coalition: Coalition) -> bool:
    return role_in(user, coalition) == Membership.Role.OWNER


def editors_of(coalition_ids):
    """The active owners and editors of these coalitions, each once: the people who act
    for the coalitions and hear about what they submitted, signed or must report."""
    return User.objects.filter(
        is_active=True,
        coalition_memberships__coalition_id__in=coalition_ids,
        coalition_memberships__role__in=EDIT_ROLES,
    ).distinct()


def edits_any(user, coalition_ids) -> bool:
    """The person is an owner or editor of one of these coalitions."""
    return Membership.objects.filter(
        user=user, coalition_id__in=coalition_ids, role__in=EDIT_ROLES
    ).exists()


def people_to_notify(coalition: Coalition):
    """Who hears about pair invitations and join requests: owners and editors."""
    return [
        m.user
        for m in coalition.memberships.filter(role__in=EDIT_ROLES).select_related("user")
        if m.user.is_active
    ]
