"""The programme at a glance, per call: the figures of the staff overview and of the
donor workbook's summary sheet.

Each figure is one aggregate of a few queries (``values()``/``annotate``), the same at any
number of applications, and carries the address of the admin list it counts: the list
opened with the admin's own filter parameters shows exactly that many rows.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from calls.models import Call, Priority
from coalitions.models import Coalition, Partnership, Region
from grants.models import (
    Report,
    TechnicalSupportApplication,
)
from reviews.models import ReviewAssignment
from workshops.models import Attendance, Event

A = Application.Status
APPLIED = [A.SUBMITTED, A.SHORTLISTED, A.SELECTED, A.RESERVE, A.REJECTED]
SUPPORT_ASKED = [
    TechnicalSupportApplication.Status.SUBMITTED,
    TechnicalSupportApplication.Status.AWARDED,
    TechnicalSupportApplication.Status.NOT_SUPPORTED,
]
PAIR = Q(partner__isnull=False)


@dataclass
class Figure:
    label: str
    value: int | Decimal
    url: str = ""
    key: str = ""


@dataclass
class Row:
    label: str
    figures: list[Figure] = field(default_factory=list)
    key: str = ""


def admin_list(model, **params) -> str:
    """The admin list of ``model`` filtered by ``params`` (the admin's query parameters)."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _in(values) -> str:
    return ",".join(str(value) for value in values)


# --- The funnel ------------------------------------------------------------------------


def _attended_coalitions(call: Call) -> list[int]:
    """Coalitions with a participant marked present on a day of the call's workshop."""
    return sorted(
        Attendance.objects.filter(
            present=True,
            participant__event__call=call,
            participant__event__kind=Event.Kind.WORKSHOP,
        )
        .values_list("participant__coalition_id", flat=True)
        .order_by()
        .distinct()
    )


def application_counts(call: Call) -> dict:
    """One query over the call's applications: sent, selected, and those sent naming no
    region or no priority (pairs and single coalitions apart)."""
    applied = Q(status__in=APPLIED)

    def sent(condition):
        return Count("pk", filter=applied & condition, distinct=True)

    no_region, no_priority = Q(regions__isnull=True), Q(priorities__isnull=True)
    return Application.objects.filter(call=call).aggregate(
        applied=Count("pk", filter=applied, distinct=True),
        selected=Count("pk", filter=Q(status=A.SELECTED), distinct=True),
        region_none_pairs=sent(no_region & PAIR),
        region_none_single=sent(no_region & ~PAIR),
        priority_none_pairs=sent(no_priority & PAIR),
        priority_none_single=sent(no_priority & ~PAIR),
    )


def funnel(call: Call, *, reports: dict, applications: dict) -> list[Figure]:
    """Registered coalitions → pairs → applications sent → selected → at the workshop →
    support asked → awarded → final reports accepted (each in its own unit)."""
    by_call = {"call__id__exact": call.pk}
    deadline = call.application_deadline.isoformat()
    support = TechnicalSupportApplication.objects.filter(call=call).aggregate(
        asked=Count("pk", filter=Q(status__in=SUPPORT_ASKED)),
        awarded=Count("pk", filter=Q(status=TechnicalSupportApplication.Status.AWARDED)),
    )
    attended = _attended_coalitions(call)
    confirmed = Partnership.Status.CONFIRMED
    final = reports.get(Report.Kind.FINAL, {}).get("accepted", Figure("", 0))
    return [
        Figure(
            _("коалиций зарегистрировано к сроку заявок"),
            Coalition.objects.filter(created_at__lte=call.application_deadline).count(),
            admin_list(Coalition, created_at__lte=deadline),
            "registered",
        ),
        Figure(
            _("пар подтверждено"),
            Partnership.objects.filter(call=call, status=confirmed).count(),
            admin_list(Partnership, status__exact=confirmed, **by_call),
            "paired",
        ),
        Figure(
            _("заявок подано"),
            applications["applied"],
            admin_list(Application, status__in=_in(APPLIED), **by_call),
            "applied",
        ),
        Figure(
            _("заявок отобрано"),
            applications["selected"],
            admin_list(Application, status__exact=A.SELECTED, **by_call),
            "selected",
        ),
        Figure(
            _("коалиций пришли на практикум"),
            len(attended),
            admin_list(Coalition, id__in=_in(attended)) if attended else "",
            "attended",
        ),
        Figure(
            _("заявок на поддержку подано"),
            support["asked"],
            admin_list(TechnicalSupportApplication, status__in=_in(SUPPORT_ASKED), **by_call),
            "asked",
        ),
        Figure(
            _("кампаний поддержано"),
            support["awarded"],
            admin_list(TechnicalSupportApplication, status__exact="awarded", **by_call),
            "awarded",
        ),
        Figure(_("итоговых отчётов принято"), final.value, final.url, "final_accepted"),
    ]


# --- Applications by region and by priority ----------------------------------------------


def _split(label: str, pairs: int, single: int, params: dict, key: str) -> Row:
    base = {"call__id__exact": params.pop("call"), "status__in": _in(APPLIED), **params}
    return Row(
        label,
        [
            Figure(_("пары"), pairs, admin_list(Application, partner__isnull="False", **base)),
            Figure(
                _("одна коалиция"), single, admin_list(Application, partner__isnull="True", **base)
            ),
            Figure(_("всего"), pairs + single, admin_list(Application, **base)),
        ],
        key,
    )


def _pair_counts(prefix: str, call: Call) -> dict:
    applied = Q(**{f"{prefix}status__in": APPLIED, f"{prefix}call": call})
    pair = Q(**{f"{prefix}partner__isnull": False})
    return {
        "pairs": Count(f"{prefix}pk", filter=applied & pair, distinct=True),
        "single": Count(f"{prefix}pk", filter=applied & ~pair, distinct=True),
    }


def by_region(call: Call, applications: dict) -> list[Row]:
    """Applications sent, per target region (one application may name several)."""
    rows = [
        _split(
            str(region),
            region.pairs,
            region.single,
            {"call": call.pk, "regions__id__exact": region.pk},
            f"region-{region.slug}",
        )
        for region in Region.objects.annotate(**_pair_counts("applications__", call))
    ]
    rows.append(
        _split(
            _("регион не указан"),
            applications["region_none_pairs"],
            applications["region_none_single"],
            {"call": call.pk, "regions__isnull": "True"},
            "region-none",
        )
    )
    return rows


def by_priority(call: Call, applications: dict) -> list[Row]:
    """Applications sent, per priority of the call (one application may choose several)."""
    rows = [
        _split(
            str(priority),
            priority.pairs,
            priority.single,
            {"call": call.pk, "priorities__id__exact": priority.pk},
            f"priority-{priority.number}",
        )
        for priority in Priority.objects.filter(call=call).annotate(
            **_pair_counts("applications__", call)
        )
    ]
    rows.append(
        _split(
            _("приоритет не выбран"),
            applications["priority_none_pairs"],
            applications["priority_none_single"],
            {"call": call.pk, "priorities__isnull": "True"},
            "priority-none",
        )
    )
    return rows


# --- Review progress ---------------------------------------------------------------------


def review_progress(call: Call) -> list[Row]:
    """Per reviewer, every stage of the call: assigned, scored, waiting, recused."""
    S = ReviewAssignment.Status
    rows = []
    for line in (
        ReviewAssignment.objects.filter(call=call)
        .values("reviewer", "reviewer__first_name", "reviewer__last_name", "reviewer__email")
        .annotate(
            total=Count("pk"),
            scored=Count("pk", filter=Q(status=S.SUBMITTED)),
            waiting=Count("pk", filter=Q(status=S.ASSIGNED)),
            recused=Count("pk", filter=Q(status=S.RECUSED)),
        )
        .order_by("reviewer__last_name", "reviewer__first_name", "reviewer__email")
    ):
        name = " ".join(
            part for part in (line["reviewer__first_name"], line["reviewer__last_name"]) if part
        )
        base = {"call__id__exact": call.pk, "reviewer__id__exact": line["reviewer"]}
        rows.append(
            Row(
                name or line["reviewer__email"],
                [
                    Figure(_("назначено"), line["total"], admin_list(ReviewAssignment, **base)),
                    Figure(
                        _("оценено"),
                        line["scored"],
                        admin_list(ReviewAssignment, status__exact=S.SUBMITTED, **base),
                    ),
                    Figure(
                        _("ждут оценки"),
                        line["waiting"],
                        admin_list(ReviewAssignment, status__exact=S.ASSIGNED, **base),
                    ),
                    Figure(
                        _("отвод"),
                        line["recused"],
                        admin_list(ReviewAssignment, status__exact=S.RECUSED, **base),
                    ),
                ],
                f"reviewer-{line['reviewer']}",
            )
        )
    return rows


# --- Reports ---------------------------------------------------------------------------


def report_status(call: Call, *, today: dt.date | None = None) -> dict[str, dict[str, Figure]]:
    """Per kind of report: still to come, late (date passed, not sent), under review, sent
    back for changes, accepted."""
    R = Report.Status
    today = today or timezone.localdate()
    waiting = Q(status=R.DRAFT)
    counts = {
        line["kind"]: line
        for line in Report.objects.filter(award__call=call)
        .values("kind")
        .annotate(
            due=Count("pk", filter=waiting & Q(due_on__gte=today)),
            late=Count("pk", filter=waiting & Q(due_on__lt=today)),
            review=Count("pk", filter=Q(status=R.SUBMITTED)),
            changes=Count("pk", filter=Q(status=R.CHANGES_REQUESTED)),
            accepted=Count("pk", filter=Q(status=R.ACCEPTED)),
        )
        .order_by()
    }
    columns = [
        ("due", _("ожидаются"), {"status__exact": R.DRAFT, "due_on__gte": today.isoformat()}),
        ("late", _("просрочены"), {"status__exact": R.DRAFT, "due_on__lt": today.isoformat()}),
        ("review", _("на проверке"), {"status__exact": R.SUBMITTED}),
        ("changes", _("на исправлении"), {"status__exact": R.CHANGES_REQUESTED}),
        ("accepted", _("приняты"), {"status__exact": R.ACCEPTED}),
    ]
    result = {}
    for kind in Report.Kind:
        line = counts.get(kind.value, {})
        base = {"award__call__id__exact": call.pk, "kind__exact": kind.value}
        result[kind.value] = {
            key: Figure(label, line.get(key, 0), admin_list(Report, **params, **base), key)
            for key, label, params in columns
        }
    return result


def report_rows(reports: dict) -> list[Row]:
    return [
        Row(str(Report.Kind(kind).label), list(figures.values()), f"reports-{kind}")
        for kind, figures in reports.items()
    ]
