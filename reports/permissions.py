"""Who sees which part of the programme overview."""

from accounts.permissions import is_finance, is_programme_staff

PROGRAMME = "programme"
MONEY = "money"


def overview_parts(user) -> set[str]:
    """The parts of the overview ``user`` may read: programme staff all of it, finance
    the money only; reviewers and everyone else nothing."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return set()
    if is_programme_staff(user):
        return {PROGRAMME, MONEY}
    if is_finance(user):
        return {MONEY}
    return set()
