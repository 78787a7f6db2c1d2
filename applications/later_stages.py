"""What later stages hold for an application's coalitions, which a decision must not
silently contradict.

Apps further down the programme (grants: an award of support; workshops: attendance at
the workshop) register a check in their own ``later_stages`` module, found the way the
admin finds ``admin`` modules; the applications app never imports them. A check takes an
application and returns lines a person reads, one per thing a decision other than
«отобрана» would contradict.
"""

from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

from .models import Application

_CHECKS: list[Callable[[Application], list[str]]] = []
_discovered = False


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("later_stages")
        _discovered = True


def register(check: Callable[[Application], list[str]]) -> None:
    if check not in _CHECKS:
        _CHECKS.append(check)


def held_by(application: Application) -> list[str]:
    """What later stages already hold for this application's coalitions."""
    _discover()
    return [line for check in _CHECKS for line in check(application)]


def contradicted_by(application: Application, decision: str) -> list[str]:
    """What ``decision`` would contradict: everything later stages hold, unless the
    decision keeps the application selected."""
    if decision == Application.Status.SELECTED:
        return []
    return held_by(application)
