"""The pipeline sheet of the programme report: applications of the call by status, kind
of applicant and target region, pairs against single coalitions."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.models import Call
from coalitions.models import Coalition, Region
from core.xlsx import Column, Kind, WorkbookWriter

from .models import Application

PAIR = Q(partner__isnull=False)
SELECTED = Q(status=Application.Status.SELECTED)


def _counts() -> dict:
    """Applications, pairs and selected ones, as aggregates of one query."""
    return {
        "total": Count("pk", distinct=True),
        "pairs": Count("pk", filter=PAIR, distinct=True),
        "selected": Count("pk", filter=SELECTED, distinct=True),
    }


def _row(dimension: str, value: str, counts: dict) -> list:
    total, pairs = counts.get("total", 0), counts.get("pairs", 0)
    return [dimension, value, total, pairs, total - pairs, counts.get("selected", 0)]


def pipeline_sheet(writer: WorkbookWriter, call: Call) -> None:
    sheet = writer.sheet(
        _("Заявки"),
        [
            Column(_("разрез"), width=22),
            Column(_("значение"), width=36),
            Column(_("заявок"), Kind.INTEGER, 10),
            Column(_("из них пар"), Kind.INTEGER, 12),
            Column(_("из них одиночных коалиций"), Kind.INTEGER, 14),
            Column(_("из них отобрано"), Kind.INTEGER, 12),
        ],
    )
    applications = Application.objects.filter(call=call)
    sheet.append(_row(_("всего"), _("все заявки"), applications.aggregate(**_counts())))

    by_status = {
        row["status"]: row for row in applications.values("status").annotate(**_counts()).order_by()
    }
    for status in Application.Status:
        sheet.append(_row(_("статус"), status.label, by_status.get(status.value, {})))

    pairs = applications.filter(PAIR).aggregate(**_counts())
    sheet.append(_row(_("заявитель"), _("пара коалиций"), pairs))
    singles = {
        row["coalition__kind"]: row
        for row in applications.filter(partner__isnull=True)
        .values("coalition__kind")
        .annotate(**_counts())
        .order_by()
    }
    for kind in Coalition.Kind:
        label = _("одна коалиция: %(kind)s") % {"kind": kind.label}
        sheet.append(_row(_("заявитель"), label, singles.get(kind.value, {})))

    regions = Region.objects.annotate(
        **{
            name: Count(
                "applications",
                filter=Q(applications__call=call) & (condition or Q()),
                distinct=True,
            )
            for name, condition in (
                ("total", None),
                ("pairs", Q(applications__partner__isnull=False)),
                ("selected", Q(applications__status=Application.Status.SELECTED)),
            )
        }
    ).order_by("order", "name")
    for region in regions:
        sheet.append(
            _row(
                _("целевой регион"),
                str(region),
                {"total": region.total, "pairs": region.pairs, "selected": region.selected},
            )
        )


# The sheets this app adds to the programme report: (key, title, order, builder);
# reports collects them at start-up (reports.programme.discover_sheets).
PROGRAMME_SHEETS = [("pipeline", gettext_lazy("Заявки"), 10, pipeline_sheet)]
