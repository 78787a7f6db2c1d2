"""The grants sheets of the programme report.

«Бюджет»: the call's budget, what was awarded, spent and is left — in total, by type of
support and by award. By type, the awarded figure is the sum of the award lines of that
type and the spent figure the spending recorded against lines of that type (money moved
between lines by a reallocation stays with the line it was awarded to).

«Результаты кампаний»: every awarded campaign's expected results, with the indicator,
the target and what the latest accepted report says was achieved, and the grant's state.
"""

from decimal import Decimal

from django.db.models import Count, Prefetch, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.xlsx import Column, Kind, WorkbookWriter

from .exports import spent_by_award
from .implementation import grant_status
from .models import Award, AwardLine, BudgetLine, ExpectedResult, Report, ReportResult, Spending

ZERO = Decimal("0")


def budget_sheet(writer: WorkbookWriter, call) -> None:
    sheet = writer.sheet(
        _("Бюджет"),
        [
            Column(_("разрез"), width=18),
            Column(_("значение"), width=44),
            Column(_("бюджет конкурса"), Kind.MONEY),
            Column(_("присуждено"), Kind.MONEY),
            Column(_("израсходовано"), Kind.MONEY),
            Column(_("остаток присуждённого"), Kind.MONEY),
            Column(_("не присуждено"), Kind.MONEY),
            Column(_("поддержек"), Kind.INTEGER, 11),
        ],
    )
    _total_rows(sheet, call)
    _support_type_rows(sheet, call)
    _award_rows(sheet, call)


def _total_rows(sheet, call) -> None:
    totals = Award.objects.filter(call=call).aggregate(awarded=Sum("amount"), count=Count("pk"))
    awarded = totals["awarded"] or ZERO
    spent = Spending.objects.filter(award__call=call).aggregate(total=Sum("amount"))["total"]
    spent = spent or ZERO
    sheet.append(
        [
            _("всего"),
            call.title,
            call.budget,
            awarded,
            spent,
            awarded - spent,
            call.budget - awarded,
            totals["count"],
        ]
    )


def _support_type_rows(sheet, call) -> None:
    by_type_awarded = dict(
        AwardLine.objects.filter(award__call=call)
        .values("budget_line__support_type")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("budget_line__support_type", "total")
    )
    by_type_spent = dict(
        Spending.objects.filter(award__call=call)
        .values("line__budget_line__support_type")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("line__budget_line__support_type", "total")
    )
    for kind in BudgetLine.SupportType:
        kind_awarded = by_type_awarded.get(kind.value) or ZERO
        kind_spent = by_type_spent.get(kind.value) or ZERO
        sheet.append(
            [
                _("вид поддержки"),
                kind.label,
                None,
                kind_awarded,
                kind_spent,
                kind_awarded - kind_spent,
                None,
                None,
            ]
        )


def _award_rows(sheet, call) -> None:
    rows = (
        Award.objects.filter(call=call)
        .select_related("application__coalition", "application__partner")
        .annotate(spent=spent_by_award())
        .order_by("application__coalition__name", "pk")
    )
    for award in rows:
        application = award.application
        sheet.append(
            [
                _("поддержка"),
                f"{application.applicants} — {application}",
                None,
                award.amount,
                award.spent,
                award.amount - award.spent,
                None,
                1,
            ]
        )


def latest_accepted_results(call) -> tuple[dict, dict]:
    """Per award, its latest accepted report; per (report, expected result), the row."""
    latest: dict[int, Report] = {}
    accepted = Report.objects.filter(award__call=call, status=Report.Status.ACCEPTED).order_by(
        "award_id", "due_on", "pk"
    )
    for report in accepted:
        latest[report.award_id] = report  # the last one of each award wins
    results = {
        (row.report_id, row.expected_id): row
        for row in ReportResult.objects.filter(report__in=[r.pk for r in latest.values()])
    }
    return latest, results


def results_sheet(writer: WorkbookWriter, call) -> None:
    sheet = writer.sheet(
        _("Результаты кампаний"),
        [
            Column(_("коалиции"), width=34),
            Column(_("кампания"), width=34),
            Column(_("цель кампании"), Kind.LONG_TEXT, 40),
            Column(_("ожидаемый результат"), Kind.LONG_TEXT, 40),
            Column(_("индикатор"), width=28),
            Column(_("целевое значение"), width=14),
            Column(_("достигнуто"), width=16),
            Column(_("по отчёту"), width=24),
            Column(_("состояние"), width=20),
        ],
    )
    awards = (
        Award.objects.filter(call=call)
        .select_related("application__coalition", "application__partner", "contract")
        .prefetch_related(
            Prefetch("application__results", queryset=ExpectedResult.objects.order_by("position"))
        )
        .order_by("application__coalition__name", "pk")
    )
    latest, results = latest_accepted_results(call)
    for award in awards:
        application = award.application
        report = latest.get(award.pk)
        source = f"{report.get_kind_display()}, {report.due_on:%d.%m.%Y}" if report else ""
        status = grant_status(award)
        expected_results = list(application.results.all())
        if not expected_results:
            sheet.append(
                [
                    application.applicants,
                    application.title,
                    application.answers.get("goal", ""),
                    *("", "", "", ""),
                    source,
                    status,
                ]
            )
        for expected in expected_results:
            row = results.get((report.pk, expected.pk)) if report else None
            sheet.append(
                [
                    application.applicants,
                    application.title,
                    application.answers.get("goal", ""),
                    expected.result,
                    expected.indicator,
                    expected.target,
                    row.achieved if row else "",
                    source,
                    status,
                ]
            )


# The sheets this app adds to the programme report: (key, title, order, builder);
# reports collects them at start-up (reports.programme.discover_sheets).
PROGRAMME_SHEETS = [
    ("budget", gettext_lazy("Бюджет"), 30, budget_sheet),
    ("campaign_results", gettext_lazy("Результаты кампаний"), 40, results_sheet),
]
