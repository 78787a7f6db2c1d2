"""Who sees which part of the programme overview."""

from accounts import roles

PROGRAMME = "programme"
MONEY = "money"


def overview_parts(user) -> set[str]:
    """The parts of the overview ``user`` may read: programme staff all of it, finance
    the money only; reviewers and everyone else nothing."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return set()
    if user.is_superuser:
        return {PROGRAMME, MONEY}
    names = set(user.groups.values_list("name", flat=True))
    if roles.PROGRAMME_STAFF in names:
        return {PROGRAMME, MONEY}
    if roles.FINANCE in names:
        return {MONEY}
    return set()
