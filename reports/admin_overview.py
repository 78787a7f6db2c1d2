"""«Обзор программы»: the figures of one call as charts with their tables, in the admin."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from calls.models import Call
from core.charts import build_chart
from core.money import som

from . import overview, overview_money
from .permissions import MONEY, PROGRAMME, overview_parts


def chosen_call(request, calls: list[Call]) -> Call | None:
    """The call asked for (``?call=``), else the open one, else the latest."""
    wanted = request.GET.get("call", "")
    for call in calls:
        if wanted.isdigit() and call.pk == int(wanted):
            return call
    open_calls = [call for call in calls if call.status == Call.Status.OPEN]
    return (open_calls or calls or [None])[0]


def _values(row: overview.Row, count: int) -> list:
    return [figure.value for figure in row.figures[:count]]


def programme_section(call: Call) -> dict:
    reports = overview.report_status(call)
    counts = overview.application_counts(call)
    funnel = overview.funnel(call, reports=reports, applications=counts)
    regions = overview.by_region(call, counts)
    priorities = overview.by_priority(call, counts)
    reviewers = overview.review_progress(call)
    report_rows = overview.report_rows(reports)
    pair_series = [_("пары"), _("одна коалиция")]
    return {
        "funnel": funnel,
        "funnel_chart": build_chart(
            "funnel",
            _("Воронка программы"),
            [_("количество")],
            [(figure.label, [figure.value]) for figure in funnel],
        ),
        "regions": regions,
        "regions_chart": build_chart(
            "regions",
            _("Заявки по целевым регионам"),
            pair_series,
            [(row.label, _values(row, 2)) for row in regions],
        ),
        "priorities": priorities,
        "priorities_chart": build_chart(
            "priorities",
            _("Заявки по приоритетным темам"),
            pair_series,
            [(row.label, _values(row, 2)) for row in priorities],
        ),
        "reviewers": reviewers,
        "reviewers_chart": build_chart(
            "reviewers",
            _("Ход оценки по рецензентам"),
            [_("оценено"), _("ждут оценки"), _("отвод")],
            [(row.label, [figure.value for figure in row.figures[1:]]) for row in reviewers],
        ),
        "report_rows": report_rows,
        "reports_chart": build_chart(
            "reports",
            _("Отчёты о кампаниях"),
            [figure.label for figure in report_rows[0].figures],
            [(row.label, [figure.value for figure in row.figures]) for row in report_rows],
        ),
    }


def money_section(call: Call) -> dict:
    money = overview_money.support_by_kind(call)
    unspent = money.awarded.value - money.spent.value
    return {
        "money": money,
        "budget_figures": [money.budget, money.awarded, money.spent, money.left],
        "money_chart": build_chart(
            "money",
            _("Поддержка по видам: присуждено и израсходовано"),
            [_("присуждено"), _("израсходовано")],
            [(row.label, _values(row, 2)) for row in money.rows],
            stacked=False,
            fmt=som,
        ),
        "budget_chart": build_chart(
            "budget",
            _("Бюджет конкурса"),
            [_("израсходовано"), _("присуждено, ещё не израсходовано"), _("остаток бюджета")],
            [(money.budget.label, [money.spent.value, unspent, money.left.value])],
            fmt=som,
        ),
    }


def overview_view(request, admin_site):
    parts = overview_parts(request.user)
    if not parts:
        raise PermissionDenied
    calls = list(Call.objects.order_by("-application_deadline"))
    call = chosen_call(request, calls)
    context = {
        **admin_site.each_context(request),
        "title": _("Обзор программы"),
        "calls": calls,
        "call": call,
        "show_programme": PROGRAMME in parts,
        "show_money": MONEY in parts,
    }
    if call is not None:
        if PROGRAMME in parts:
            context.update(programme_section(call))
        if MONEY in parts:
            context.update(money_section(call))
    return render(request, "admin/reports/overview.html", context)
