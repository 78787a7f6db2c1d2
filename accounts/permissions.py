"""Who someone is in the programme, as named predicates every app asks.

Each app's own ``permissions.py`` builds on these (``can_review(user, application)``, …);
views, the admin, exports and file downloads ask the same predicate.
"""

from django.db.models import Q

from . import roles
from .models import User


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


def may_see_personal_data(user) -> bool:
    """E-mails, phones and names of participants: programme staff (and superusers) only.

    Finance and reviewers work with the same lists without them; exports ask here.
    """
    return is_programme_staff(user)


def programme_staff_people():
    """The active people who are programme staff (superusers included), e.g. to tell."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=roles.PROGRAMME_STAFF))
        .distinct()
        .order_by("pk")
    )


def is_finance(user) -> bool:
    return has_role(user, roles.FINANCE)


def is_reviewer(user) -> bool:
    return has_role(user, roles.REVIEWER)
