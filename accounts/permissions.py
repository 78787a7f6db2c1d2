"""Who someone is in the programme, as named predicates every app asks.

Each app's own ``permissions.py`` builds on these (``can_review(user, application)``, …);
views, the admin, exports and file downloads ask the same predicate.
"""

from . import roles


def is_active_user(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def has_role(user, role: str) -> bool:
    """The person is in the role's group (a superuser has every role)."""
    if not is_active_user(user):
        return False
    return user.is_superuser or user.groups.filter(name=role).exists()


def is_programme_staff(user) -> bool:
    """ИПР's programme staff (or a superuser): they run the call and see everything."""
    return has_role(user, roles.PROGRAMME_STAFF)


def is_finance(user) -> bool:
    return has_role(user, roles.FINANCE)


def is_reviewer(user) -> bool:
    return has_role(user, roles.REVIEWER)
