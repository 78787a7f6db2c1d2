"""The review desk's actions' work in the admin: what a decision would contradict,
deciding each application, and what staff are told afterwards (who could not be told;
which reviews were new)."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import PortalError

from . import decisions, later_stages, submission
from .models import Application


@dataclass
class Outcome:
    done: int = 0
    refused: list[str] = field(default_factory=list)
    untold: list[Application] = field(default_factory=list)


def contradictions(queryset, decision: str) -> list[dict]:
    """Per application, what later stages hold that ``decision`` would contradict."""
    rows = []
    for application in queryset:
        if not application.can_move_to(decision):
            continue  # refused anyway, with its own message
        held = later_stages.contradicted_by(application, decision)
        if held:
            rows.append({"application": application, "held": held})
    return rows


def decide_all(queryset, *, decision: str, by, reason: str, confirmed: bool) -> Outcome:
    outcome = Outcome()
    for application in queryset:
        try:
            decisions.decide_application(
                application=application,
                decision=decision,
                by=by,
                reason=reason,
                confirmed=confirmed,
            )
        except PortalError as error:
            outcome.refused.append(f"«{application}»: {error}")
            continue
        outcome.done += 1
        if not submission.application_recipients(application).exists():
            outcome.untold.append(application)
    return outcome


def outcome_messages(outcome: Outcome, decision: str) -> list[tuple[int, str]]:
    label = Application.Status(decision).label
    lines = [
        (
            messages.SUCCESS if outcome.done else messages.WARNING,
            _("Решение «%(decision)s» принято по заявкам: %(count)d.")
            % {"decision": label, "count": outcome.done},
        )
    ]
    lines += [(messages.WARNING, line) for line in outcome.refused]
    if outcome.untold:
        names = ", ".join(f"«{a}» ({a.applicants})" for a in outcome.untold)
        lines.append(
            (
                messages.WARNING,
                _(
                    "Некому сообщить о решении: у коалиций этих заявок нет владельцев или "
                    "редакторов на портале, письмо не отправлено — сообщите им сами: %(names)s."
                )
                % {"names": names},
            )
        )
    return lines


def assignment_messages(made: int, already: int) -> list[tuple[int, str]]:
    """What was new and what was there before, each counted in words that agree."""
    if made:
        lines = [
            (
                messages.SUCCESS,
                ngettext(
                    "Назначена %(count)d новая рецензия.",
                    "Назначено новых рецензий: %(count)d.",
                    made,
                )
                % {"count": made},
            )
        ]
    else:
        lines = [(messages.WARNING, _("Новых рецензий не назначено."))]
    if already:
        lines.append(
            (
                messages.INFO,
                ngettext(
                    "%(count)d рецензия уже была назначена раньше — она не изменилась.",
                    "Уже были назначены раньше и не изменились: %(count)d.",
                    already,
                )
                % {"count": already},
            )
        )
    return lines
