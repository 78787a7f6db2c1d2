"""Who may see and change what of a workshop: its participants and its programme."""

from coalitions import permissions as coalition_permissions
from coalitions.models import Coalition, Membership

from .models import Event
from .services import is_confirmation_open, is_selected, selected_coalition_ids


def may_see_participants(user, event: Event, coalition: Coalition) -> bool:
    """The coalition's own people (when it was selected), and staff who may see needs."""
    if user.is_superuser or (user.is_staff and user.has_perm("workshops.view_participant")):
        return True
    return coalition_permissions.can_see_private(user, coalition) and is_selected(
        coalition, event.call
    )


def may_edit_participants(user, event: Event, coalition: Coalition) -> bool:
    if user.is_superuser or (user.is_staff and user.has_perm("workshops.change_participant")):
        return True
    return (
        coalition_permissions.can_edit(user, coalition)
        and is_selected(coalition, event.call)
        and is_confirmation_open(event)
    )


def may_see_programme(user, event: Event) -> bool:
    if user.is_superuser or (user.is_staff and user.has_perm("workshops.view_event")):
        return True
    if not event.is_published or not user.is_authenticated:
        return False
    mine = set(Membership.objects.filter(user=user).values_list("coalition_id", flat=True))
    return (
        bool(mine & selected_coalition_ids(event.call))
        or event.participants.filter(user=user).exists()
    )
