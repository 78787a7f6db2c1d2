"""The overview's figures counted again for the tests, in Python over plain querysets:
nothing here shares code with ``reports.overview``."""

import datetime as dt
from decimal import Decimal

from applications.models import Application
from coalitions.models import Coalition, Partnership, Region
from core.money import som
from grants.models import Award, AwardLine, BudgetLine, Report, Spending
from grants.models import TechnicalSupportApplication as Support
from reviews.models import ReviewAssignment
from tests.applications.factories import BISHKEK
from tests.reports import programme_factories
from workshops.models import Participant


def build(travel, scale=1):
    """The programme, made in May 2030 (before the deadline), looked at on 1 October."""
    call = programme_factories.programme(scale)
    travel.move_to(dt.datetime(2030, 10, 1, 12, tzinfo=BISHKEK))
    return call


def expected(call) -> dict[str, str]:
    """The page's figures, counted here in Python over plain querysets."""
    applied = {"submitted", "shortlisted", "selected", "reserve", "rejected"}
    apps = [
        a
        for a in Application.objects.filter(call=call).prefetch_related("regions", "priorities")
        if a.status in applied
    ]
    present = {
        p.coalition_id
        for p in Participant.objects.filter(event__call=call, event__kind="workshop")
        if p.attendance.filter(present=True).exists()
    }
    reports = list(Report.objects.filter(award__call=call))
    figures = {
        "funnel:registered": Coalition.objects.filter(
            created_at__lte=call.application_deadline
        ).count(),
        "funnel:paired": Partnership.objects.filter(call=call, status="confirmed").count(),
        "funnel:applied": len(apps),
        "funnel:selected": sum(a.status == "selected" for a in apps),
        "funnel:attended": len(present),
        "funnel:asked": Support.objects.filter(call=call)
        .exclude(status__in=["draft", "withdrawn"])
        .count(),
        "funnel:awarded": Award.objects.filter(call=call).count(),
        "funnel:final_accepted": sum(r.kind == "final" and r.status == "accepted" for r in reports),
    }
    for region in Region.objects.all():
        _split(
            figures, f"regions:region-{region.slug}", [a for a in apps if region in a.regions.all()]
        )
    _split(figures, "regions:region-none", [a for a in apps if not a.regions.all()])
    for priority in call.priorities.all():
        chose = [a for a in apps if priority in a.priorities.all()]
        _split(figures, f"priorities:priority-{priority.number}", chose)
    _split(figures, "priorities:priority-none", [a for a in apps if not a.priorities.all()])
    for person in {a.reviewer for a in ReviewAssignment.objects.filter(call=call)}:
        mine = [a.status for a in ReviewAssignment.objects.filter(call=call, reviewer=person)]
        for index, count in enumerate(
            [len(mine), mine.count("submitted"), mine.count("assigned"), mine.count("recused")]
        ):
            figures[f"reviewers:reviewer-{person.pk}:{index}"] = count
    figures |= money(call)
    today = dt.date(2030, 10, 1)
    for kind in ("interim", "final"):
        mine = [r for r in reports if r.kind == kind]
        counts = [
            sum(r.status == "draft" and r.due_on >= today for r in mine),
            sum(r.status == "draft" and r.due_on < today for r in mine),
            sum(r.status == "submitted" for r in mine),
            sum(r.status == "changes_requested" for r in mine),
            sum(r.status == "accepted" for r in mine),
        ]
        for index, count in enumerate(counts):
            figures[f"reports:reports-{kind}:{index}"] = count
    return {key: str(value) for key, value in figures.items()}


def _split(figures, key, applications):
    pairs = sum(1 for a in applications if a.partner_id)
    figures[f"{key}:0"] = pairs
    figures[f"{key}:1"] = len(applications) - pairs
    figures[f"{key}:2"] = len(applications)


def money(call) -> dict[str, str]:
    figures = {}
    lines = list(AwardLine.objects.filter(award__call=call).select_related("budget_line"))
    spendings = list(Spending.objects.filter(award__call=call).select_related("line__budget_line"))
    for kind in BudgetLine.SupportType.values:
        awarded = sum((x.amount for x in lines if x.budget_line.support_type == kind), Decimal(0))
        spent = sum(
            (s.amount for s in spendings if s.line.budget_line.support_type == kind), Decimal(0)
        )
        figures[f"money:kind-{kind}:0"] = som(awarded)
        figures[f"money:kind-{kind}:1"] = som(spent)
    awarded = sum((a.amount for a in Award.objects.filter(call=call)), Decimal(0))
    figures["budget:budget"] = som(call.budget)
    figures["budget:awarded"] = som(awarded)
    figures["budget:spent"] = som(sum((s.amount for s in spendings), Decimal(0)))
    figures["budget:left"] = som(call.budget - awarded)
    return figures
