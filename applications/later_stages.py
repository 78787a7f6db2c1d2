"""What later stages hold for an application's coalitions, which a decision must not
silently contradict.

Apps further down the programme (grants: an award of support) register a check here; the
applications app does not import them. A check takes an application and returns lines a
person reads, one per thing a decision other than «отобрана» would contradict.
"""

from collections.abc import Callable

from .models import Application

_CHECKS: list[Callable[[Application], list[str]]] = []


def register(check: Callable[[Application], list[str]]) -> None:
    if check not in _CHECKS:
        _CHECKS.append(check)


def held_by(application: Application) -> list[str]:
    """What later stages already hold for this application's coalitions."""
    return [line for check in _CHECKS for line in check(application)]


def contradicted_by(application: Application, decision: str) -> list[str]:
    """What ``decision`` would contradict: everything later stages hold, unless the
    decision keeps the application selected."""
    if decision == Application.Status.SELECTED:
        return []
    return held_by(application)
