"""What happened in a grant, in order: awarded, contract, money, reports, closing."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import som

from .models import Award, ReportStatusChange


@dataclass
class Moment:
    at: dt.datetime
    text: str


def timeline(award: Award) -> list[Moment]:
    """The award's history in order: award, contract steps, money, reports, closing."""
    moments = [
        Moment(
            award.awarded_at,
            _("Присуждено %(amount)s") % {"amount": som(award.amount)},
        )
    ]
    contract = getattr(award, "contract", None)
    if contract is not None:
        moments += [
            Moment(change.at, _("Договор: %(status)s") % {"status": change.get_to_status_display()})
            for change in contract.status_changes.all()
        ]
    midday = dt.time(12)
    for spending in award.spendings.select_related("line__budget_line"):
        moments.append(
            Moment(
                timezone.make_aware(dt.datetime.combine(spending.spent_on, midday)),
                _("Расход %(amount)s: %(what)s (%(supplier)s)")
                % {
                    "amount": som(spending.amount),
                    "what": spending.description,
                    "supplier": spending.supplier,
                },
            )
        )
    for moved in award.reallocations.select_related(
        "from_line__budget_line", "to_line__budget_line"
    ):
        moments.append(
            Moment(
                moved.at,
                _("Перераспределено %(amount)s: «%(from)s» → «%(to)s» — %(reason)s")
                % {
                    "amount": som(moved.amount),
                    "from": moved.from_line.budget_line.description,
                    "to": moved.to_line.budget_line.description,
                    "reason": moved.reason,
                },
            )
        )
    for change in ReportStatusChange.objects.filter(report__award=award).select_related("report"):
        moments.append(
            Moment(
                change.at,
                _("Отчёт (%(kind)s): %(status)s")
                % {
                    "kind": change.report.get_kind_display(),
                    "status": change.get_to_status_display(),
                },
            )
        )
    if award.spending_complete_at:
        moments.append(Moment(award.spending_complete_at, _("Финансы: расходы внесены полностью")))
    if award.closed_at:
        moments.append(Moment(award.closed_at, _("Поддержка закрыта")))
    return sorted(moments, key=lambda moment: moment.at)
