"""Applications and information-session registrations in Excel.

The applications workbook has two sheets: «Заявки» (one row per application: its answers,
reviews done, mean score, pair bonus, score and rank in its call) and «Оценки рецензентов»
(one row per review: the points per criterion and the weighted sum). The rank is the
application's place among all applications of its call, as in the unfiltered admin list —
exporting a few selected rows does not renumber them.
"""

from decimal import Decimal
from itertools import islice

from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.exports import Field, Kind, WorkbookResource
from calls.form_columns import answer_columns
from calls.models import Criterion, KeyTopic, Priority, Stage
from coalitions.models import Coalition, Region
from core.xlsx import Column, WorkbookWriter
from reviews import scores
from reviews.models import ReviewAssignment, Score
from reviews.permissions import may_see_reviews

from . import permissions
from .models import Application, JointOrganisation, ProposedAttendee

PAIR = Q(partner__isnull=False)


class InfoSessionRegistrationResource(WorkbookResource):
    call = Field("call__slug", gettext_lazy("конкурс"), width=16)
    full_name = Field("full_name", gettext_lazy("имя и фамилия"), personal=True, width=28)
    email = Field("email", gettext_lazy("e-mail"), personal=True, width=28)
    phone = Field("phone", gettext_lazy("телефон"), personal=True, width=18)
    organisation = Field("organisation", gettext_lazy("организация или коалиция"), width=36)
    mode = Field("get_mode_display", gettext_lazy("участие"), width=18)
    language = Field("language", gettext_lazy("язык писем"), width=8)
    created_at = Field("created_at", gettext_lazy("зарегистрирован"), kind=Kind.DATETIME)

    sheet_title = gettext_lazy("Информационная встреча")

    def prepare(self, queryset):
        return queryset.select_related("call")


def call_ranks(call_ids) -> dict[int, int]:
    """Each scored application's place among all of its call's (one query for all)."""
    return scores.places(
        Application.objects.filter(call_id__in=call_ids), stage=Stage.WORKSHOP, is_pair=PAIR
    )


class ApplicationResource(WorkbookResource):
    id = Field("pk", gettext_lazy("№"), kind=Kind.INTEGER, width=7)
    call = Field("call__slug", gettext_lazy("конкурс"), width=16)
    idea_title = Field("idea_title", gettext_lazy("название идеи кампании"), width=36)
    coalition = Field("coalition__name", gettext_lazy("коалиция-заявитель"), width=30)
    partner = Field("partner__name", gettext_lazy("коалиция-партнёр"), width=30)
    applicant_kind = Field(None, gettext_lazy("заявитель"), width=16)
    status = Field("get_status_display", gettext_lazy("статус"), width=14)
    version = Field("version", gettext_lazy("отправлена раз"), kind=Kind.INTEGER)
    submitted_at = Field("submitted_at", gettext_lazy("последняя отправка"), kind=Kind.DATETIME)
    reviews_done = Field("reviews_done", gettext_lazy("оценок"), kind=Kind.INTEGER)
    reviews_assigned = Field(
        "reviews_assigned", gettext_lazy("рецензентов назначено"), kind=Kind.INTEGER
    )
    mean_score = Field("mean_score", gettext_lazy("средний балл"), kind=Kind.DECIMAL)
    pair_bonus = Field("pair_bonus_points", gettext_lazy("бонус пары"), kind=Kind.DECIMAL)
    score = Field("score", gettext_lazy("итоговый балл"), kind=Kind.DECIMAL)
    rank = Field(None, gettext_lazy("место в конкурсе"), kind=Kind.INTEGER)
    priorities = Field("priorities", gettext_lazy("приоритетные темы"), width=30)
    regions = Field("regions", gettext_lazy("целевые регионы"), width=30)
    joint_organisations = Field(
        None, gettext_lazy("организации-участники кампании"), kind=Kind.LONG_TEXT
    )
    key_topics = Field("key_topics", gettext_lazy("нужные темы практикума"), width=30)
    attendees = Field(
        None,
        gettext_lazy("предлагаемые участники практикума"),
        kind=Kind.LONG_TEXT,
        personal=True,
    )

    sheet_title = gettext_lazy("Заявки")
    # Rows read per query; their lists (priorities, regions, …) are read per chunk.
    chunk_size = 1000

    def __init__(self, *, user=None, personal_data: bool | None = None, **kwargs):
        # The same rules as the application's admin page (``permissions``).
        if personal_data is None:
            personal_data = permissions.may_see_applicant_contacts(user)
        super().__init__(user=user, personal_data=personal_data, **kwargs)
        self.reviews = may_see_reviews(user)

    def prepare(self, queryset):
        """The applications' own columns and stored scores, as values, in the order of
        the sheet (call, score, number); their ranks in their calls."""
        ids = queryset.order_by().values("pk")
        # The calls as a list: PostgreSQL planned the ranks' query nested three subqueries
        # deep as a loop over every application (8 s of a 5,000-row export).
        calls = Application.objects.filter(pk__in=ids).order_by().values_list("call_id", flat=True)
        self.ranks = call_ranks(list(calls.distinct()))
        return (
            scores.annotate_scores(
                Application.objects.filter(pk__in=ids),
                stage=Stage.WORKSHOP,
                is_pair=PAIR,
                ranked=False,  # the places among all of the call's: ``call_ranks``
            )
            .order_by(
                "call__application_deadline", "call_id", F("score").desc(nulls_last=True), "pk"
            )
            .values(*APPLICATION_COLUMNS)
        )

    def write(self, writer: WorkbookWriter, queryset) -> None:
        # One column per question of the exported applications' forms, after the own ones.
        versions = queryset.order_by().values_list("form_version_id", flat=True).distinct()
        self.answer_columns = answer_columns(versions, personal_data=self.personal_data)
        super().write(writer, queryset)

    def columns(self) -> list[Column]:
        answers = getattr(self, "answer_columns", [])
        return super().columns() + [column.column() for column in answers]

    def rows(self, queryset):
        """Each application's cells, read as values a chunk at a time (no model instances:
        at thousands of rows they, not the workbook, cost the time and the memory)."""
        answers = getattr(self, "answer_columns", [])
        names = [self.get_field_name(field) for field in self.get_export_fields()]
        statuses = {value: str(label) for value, label in Application.Status.choices}
        kinds = {value: str(label) for value, label in Coalition.Kind.choices}
        pair = _("пара")
        lists = _ApplicationLists(queryset, attendees="attendees" in names)
        for chunk in chunked(
            self.prepare(queryset).iterator(chunk_size=self.chunk_size), self.chunk_size
        ):
            related = lists.of([row["pk"] for row in chunk])
            for row in chunk:
                pk = row["pk"]
                cells = {
                    "id": pk,
                    "call": row["call__slug"],
                    "coalition": row["coalition__name"],
                    "partner": row["partner__name"],
                    "applicant_kind": pair
                    if row["partner_id"]
                    else kinds.get(row["coalition__kind"]),
                    "status": statuses.get(row["status"], row["status"]),
                    "pair_bonus": row["pair_bonus_points"],
                    "rank": self.ranks.get(pk),
                    **{name: row[name] for name in ROW_CELLS},
                    **{name: values.get(pk, []) for name, values in related.items()},
                }
                yield [cells[name] for name in names] + [
                    column.cell(row["answers"]) for column in answers
                ]

    def write_extra_sheets(self, writer: WorkbookWriter, queryset) -> None:
        if self.reviews:  # who scored what: only for those who may read the reviews
            write_review_sheet(writer, queryset)


# Cells that are an application's value as it is.
ROW_CELLS = [
    "idea_title",
    "version",
    "submitted_at",
    "reviews_done",
    "reviews_assigned",
    "mean_score",
    "score",
]
APPLICATION_COLUMNS = [
    "pk",
    "answers",
    "call__slug",
    "coalition__name",
    "coalition__kind",
    "partner_id",
    "partner__name",
    "status",
    "pair_bonus_points",
    *ROW_CELLS,
]


def chunked(iterable, size: int):
    """Lists of up to ``size`` items of ``iterable``, read lazily."""
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _ApplicationLists:
    """The lists in an application's row — priorities, regions, topics, organisations,
    attendees — as text, read for a chunk of applications with one query each."""

    def __init__(self, queryset, *, attendees: bool):
        calls = queryset.order_by().values("call_id")
        # Few rows: read once, in their models' order, named as ``str`` names them.
        self.priorities = {
            p.pk: (n, str(p)) for n, p in enumerate(Priority.objects.filter(call__in=calls))
        }
        self.topics = {
            t.pk: (n, str(t)) for n, t in enumerate(KeyTopic.objects.filter(call__in=calls))
        }
        self.regions = {r.pk: (n, str(r)) for n, r in enumerate(Region.objects.all())}
        self.sectors = {value: str(label) for value, label in JointOrganisation.Sector.choices}
        self.attendees = attendees

    def of(self, pks: list[int]) -> dict[str, dict[int, list | str]]:
        related = {
            "priorities": self._named(
                Application.priorities.through, "priority_id", self.priorities, pks
            ),
            "regions": self._named(Application.regions.through, "region_id", self.regions, pks),
            "key_topics": self._named(
                Application.key_topics.through, "keytopic_id", self.topics, pks
            ),
            "joint_organisations": self._organisations(pks),
        }
        if self.attendees:
            related["attendees"] = self._attendees(pks)
        return related

    @staticmethod
    def _named(through, column: str, names: dict, pks) -> dict[int, list[str]]:
        chosen: dict[int, list] = {}
        for application_id, item_id in through.objects.filter(application_id__in=pks).values_list(
            "application_id", column
        ):
            chosen.setdefault(application_id, []).append(names[item_id])
        return {pk: [name for _n, name in sorted(items)] for pk, items in chosen.items()}

    def _organisations(self, pks) -> dict[int, str]:
        lines: dict[int, list[str]] = {}
        for application_id, name, sector in (
            JointOrganisation.objects.filter(application_id__in=pks)
            .order_by("application_id", "position")
            .values_list("application_id", "name", "sector")
        ):
            lines.setdefault(application_id, []).append(
                f"{name} ({self.sectors.get(sector, sector)})" if sector else name
            )
        return {pk: "\n".join(items) for pk, items in lines.items()}

    @staticmethod
    def _attendees(pks) -> dict[int, str]:
        lines: dict[int, list[str]] = {}
        for application_id, *parts in (
            ProposedAttendee.objects.filter(application_id__in=pks)
            .order_by("application_id", "position")
            .values_list(
                "application_id", "full_name", "job_title", "organisation", "email", "phone"
            )
        ):
            lines.setdefault(application_id, []).append(", ".join(part for part in parts if part))
        return {pk: "\n".join(items) for pk, items in lines.items()}


def write_review_sheet(writer: WorkbookWriter, applications) -> None:
    """«Оценки рецензентов»: every review of the applications, points per criterion."""
    ids = applications.order_by().values("pk")
    numbers, columns = _review_columns(ids)
    sheet = writer.sheet(_("Оценки рецензентов"), columns)
    statuses = {value: str(label) for value, label in ReviewAssignment.Status.choices}
    recommendations = {
        value: str(label) for value, label in ReviewAssignment.Recommendation.choices
    }
    submitted = ReviewAssignment.Status.SUBMITTED
    chunk_size = 2000
    for chunk in chunked(_reviews_of(ids).iterator(chunk_size=chunk_size), chunk_size):
        points, totals = _points_of([row["pk"] for row in chunk])
        for row in chunk:
            given = points.get(row["pk"], {})
            applicants = row["coalition_name"]
            if row["partner_name"]:
                applicants = f"{applicants} + {row['partner_name']}"
            reviewer = f"{row['reviewer__first_name']} {row['reviewer__last_name']}".strip()
            sheet.append(
                [
                    row["object_id"],
                    row["call__slug"],
                    row["idea_title"],
                    applicants,
                    reviewer or row["reviewer__email"],  # as ``User.__str__``
                    statuses.get(row["status"], row["status"]),
                    *(given.get(n) for n in numbers),
                    totals.get(row["pk"], Decimal("0")) if row["status"] == submitted else None,
                    recommendations.get(row["recommendation"], row["recommendation"]),
                    row["comment"],
                    row["submitted_at"],
                ]
            )


def _review_columns(ids) -> tuple[list[int], list[Column]]:
    """The criteria's numbers and the sheet's columns: one per criterion, named when the
    applications are of one call."""
    criteria = list(
        Criterion.objects.filter(
            stage=Stage.WORKSHOP,
            call__in=Application.objects.filter(pk__in=ids).values("call_id"),
        ).order_by("number", "call_id")
    )
    numbers = sorted({c.number for c in criteria})
    single_call = len({c.call_id for c in criteria}) == 1
    names = {c.number: f"{c.number}. {c.tr('name')}" for c in criteria}
    return numbers, [
        Column(_("№ заявки"), Kind.INTEGER, 9),
        Column(_("конкурс"), width=16),
        Column(_("название идеи кампании"), width=36),
        Column(_("заявитель"), width=30),
        Column(_("рецензент"), width=26),
        Column(_("статус рецензии"), width=18),
        *(
            Column(
                names[n] if single_call else _("критерий %(number)s") % {"number": n},
                Kind.DECIMAL,
                14,
            )
            for n in numbers
        ),
        Column(_("сумма с весами"), Kind.DECIMAL, 12),
        Column(_("рекомендация"), width=22),
        Column(_("комментарий"), Kind.LONG_TEXT),
        Column(_("оценка отправлена"), Kind.DATETIME),
    ]


def _reviews_of(ids):
    """The applications' reviews as values, in the sheet's order."""
    of_application = Application.objects.filter(pk=OuterRef("object_id"))
    return (
        ReviewAssignment.objects.for_model(Application)
        .filter(object_id__in=ids, stage=Stage.WORKSHOP)
        .annotate(
            idea_title=Subquery(of_application.values("idea_title")),
            coalition_name=Subquery(of_application.values("coalition__name")),
            partner_name=Subquery(of_application.values("partner__name")),
        )
        .order_by("call__application_deadline", "object_id", "reviewer__last_name", "pk")
        .values(
            "pk",
            "object_id",
            "call__slug",
            "idea_title",
            "coalition_name",
            "partner_name",
            "reviewer__first_name",
            "reviewer__last_name",
            "reviewer__email",
            "status",
            "recommendation",
            "comment",
            "submitted_at",
        )
    )


def _points_of(assignment_ids) -> tuple[dict[int, dict[int, Decimal]], dict[int, Decimal]]:
    """The reviews' points per criterion number, and their weighted sums."""
    points: dict[int, dict[int, Decimal]] = {}
    totals: dict[int, Decimal] = {}
    for assignment_id, number, value, weight in Score.objects.filter(
        assignment_id__in=assignment_ids
    ).values_list("assignment_id", "criterion__number", "points", "criterion__weight"):
        points.setdefault(assignment_id, {})[number] = value
        totals[assignment_id] = totals.get(assignment_id, Decimal("0")) + value * weight
    return points, totals
