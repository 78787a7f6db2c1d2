"""The money part of the programme overview: support by kind, awarded against spent, and
the call's budget left (what finance sees of the overview)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from calls.models import Call
from grants.awards import budget_summary
from grants.models import Award, AwardLine, BudgetLine, Spending

from .overview import Figure, Row, admin_list


@dataclass
class Money:
    rows: list[Row]
    budget: Figure
    awarded: Figure
    spent: Figure
    left: Figure


def support_by_kind(call: Call) -> Money:
    """Awarded and spent per kind of support (experts, materials, events, mentoring …),
    and what is left of the call's budget."""
    awarded = dict(
        AwardLine.objects.filter(award__call=call)
        .values_list("budget_line__support_type")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    spent = dict(
        Spending.objects.filter(award__call=call)
        .values_list("line__budget_line__support_type")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    zero = Decimal("0")
    by_call = {"award__call__id__exact": call.pk}
    rows = [
        Row(
            str(kind.label),
            [
                Figure(_("присуждено"), awarded.get(kind.value) or zero),
                Figure(
                    _("израсходовано"),
                    spent.get(kind.value) or zero,
                    admin_list(
                        Spending, line__budget_line__support_type__exact=kind.value, **by_call
                    ),
                ),
            ],
            f"kind-{kind.value}",
        )
        for kind in BudgetLine.SupportType
    ]
    summary = budget_summary(call)
    spent_total = sum(spent.values(), start=zero)
    return Money(
        rows=rows,
        budget=Figure(_("бюджет конкурса"), summary.total, key="budget"),
        awarded=Figure(
            _("присуждено"),
            summary.awarded,
            admin_list(Award, call__id__exact=call.pk),
            "awarded",
        ),
        spent=Figure(_("израсходовано"), spent_total, admin_list(Spending, **by_call), "spent"),
        left=Figure(_("остаток бюджета"), summary.total - summary.awarded, key="left"),
    )
