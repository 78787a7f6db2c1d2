"""The supported campaigns of a call in figures, for the public results page: how many
campaigns target each region, and how much support of each kind they received.

Only what staff published counts (``Award.published``), as on the rest of the page.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from coalitions.models import Region
from core.charts import Chart, build_chart
from core.money import som

from .models import Award, AwardLine, BudgetLine


@dataclass
class Line:
    label: str
    campaigns: int
    amount: Decimal | None = None


def campaigns_by_region(call) -> list[Line]:
    """Published campaigns per target region of the workshop application they grew from
    (a campaign may target several regions); those without one counted apart."""
    path = "applications__support_requests__award"
    published = Q(**{f"{path}__call": call, f"{path}__published": True})
    regions = Region.objects.annotate(campaigns=Count(path, filter=published, distinct=True))
    lines = [Line(str(region), region.campaigns) for region in regions if region.campaigns]
    unplaced = Award.objects.filter(call=call, published=True).filter(
        Q(application__workshop_application__isnull=True)
        | Q(application__workshop_application__regions__isnull=True)
    )
    count = unplaced.values("pk").distinct().count()
    if count:
        lines.append(Line(_("регион не указан"), count))
    return lines


def support_by_kind(call) -> list[Line]:
    """Per kind of support: the campaigns that received it and the amount awarded."""
    rows = {
        row["budget_line__support_type"]: row
        for row in AwardLine.objects.filter(award__call=call, award__published=True, amount__gt=0)
        .values("budget_line__support_type")
        .annotate(campaigns=Count("award", distinct=True), amount=Sum("amount"))
        .order_by()
    }
    return [
        Line(str(kind.label), rows[kind.value]["campaigns"], rows[kind.value]["amount"])
        for kind in BudgetLine.SupportType
        if kind.value in rows
    ]


def public_charts(call) -> dict[str, tuple[Chart, list[Line]]]:
    regions = campaigns_by_region(call)
    kinds = support_by_kind(call)
    return {
        "regions": (
            build_chart(
                "public-regions",
                _("Кампании по регионам"),
                [_("кампаний")],
                [(line.label, [line.campaigns]) for line in regions],
            ),
            regions,
        ),
        "kinds": (
            build_chart(
                "public-kinds",
                _("Поддержка по видам"),
                [_("присуждено")],
                [(line.label, [line.amount]) for line in kinds],
                fmt=som,
            ),
            kinds,
        ),
    }
