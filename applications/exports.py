"""Applications and information-session registrations in Excel.

The applications workbook has two sheets: «Заявки» (one row per application: its answers,
reviews done, mean score, pair bonus, score and rank in its call) and «Оценки рецензентов»
(one row per review: the points per criterion and the weighted sum). The rank is the
application's place among all applications of its call, as in the unfiltered admin list —
exporting a few selected rows does not renumber them.
"""

from django.db.models import F, OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eged_portal.exports import Field, Kind, WorkbookResource
from eged_portal.xlsx import Column, WorkbookWriter

from . import review
from .admin_review import PAIR
from .models import (
    Application,
    Criterion,
    JointOrganisation,
    ProposedAttendee,
    ReviewAssignment,
    Score,
    Stage,
)


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
    """Each scored application's place in its call (one query for all of them)."""
    ranks = review.ranks_of(
        Application.objects.filter(call_id__in=call_ids), stage=Stage.WORKSHOP, is_pair=PAIR
    )
    return {pk: rank for pk, rank in ranks.items() if rank is not None}


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
    problem = Field("problem", gettext_lazy("проблема и общественный интерес"), kind=Kind.LONG_TEXT)
    change_sought = Field(
        "change_sought", gettext_lazy("какого изменения вы добиваетесь"), kind=Kind.LONG_TEXT
    )
    decision_makers = Field(
        "decision_makers", gettext_lazy("кто принимает решение"), kind=Kind.LONG_TEXT
    )
    priorities = Field("priorities", gettext_lazy("приоритетные темы"), width=30)
    regions = Field("regions", gettext_lazy("целевые регионы"), width=30)
    vulnerable_groups = Field(
        "vulnerable_groups", gettext_lazy("социально уязвимые группы"), kind=Kind.LONG_TEXT
    )
    data_existing = Field(
        "data_existing", gettext_lazy("какие данные уже есть"), kind=Kind.LONG_TEXT
    )
    data_to_collect = Field(
        "data_to_collect", gettext_lazy("какие данные нужно собрать"), kind=Kind.LONG_TEXT
    )
    data_use = Field(
        "data_use", gettext_lazy("как данные сделают кампанию убедительной"), kind=Kind.LONG_TEXT
    )
    joint_organisations = Field(
        None, gettext_lazy("организации-участники кампании"), kind=Kind.LONG_TEXT
    )
    expected_results = Field(
        "expected_results", gettext_lazy("ожидаемые результаты"), kind=Kind.LONG_TEXT
    )
    experience = Field("experience", gettext_lazy("опыт коалиции"), kind=Kind.LONG_TEXT)
    key_topics = Field("key_topics", gettext_lazy("нужные темы практикума"), width=30)
    speaker_wishes = Field(
        "speaker_wishes", gettext_lazy("пожелания к приглашённым спикерам"), kind=Kind.LONG_TEXT
    )
    attendees = Field(
        None,
        gettext_lazy("предлагаемые участники практикума"),
        kind=Kind.LONG_TEXT,
        personal=True,
    )

    sheet_title = gettext_lazy("Заявки")

    def prepare(self, queryset):
        ids = queryset.order_by().values("pk")
        rows = review.annotate_scores(
            Application.objects.filter(pk__in=ids)
            .select_related("call", "coalition", "partner")
            .prefetch_related(
                "priorities",
                "regions",
                "key_topics",
                Prefetch(
                    "joint_organisations",
                    queryset=JointOrganisation.objects.order_by("position"),
                ),
                Prefetch("attendees", queryset=ProposedAttendee.objects.order_by("position")),
            ),
            stage=Stage.WORKSHOP,
            is_pair=PAIR,
            with_rank=False,
        )
        self.ranks = call_ranks(Application.objects.filter(pk__in=ids).values("call_id"))
        return rows.order_by(
            "call__application_deadline", "call_id", F("score").desc(nulls_last=True), "pk"
        )

    def dehydrate_applicant_kind(self, application: Application) -> str:
        if application.partner_id:
            return _("пара")
        return application.coalition.get_kind_display()

    def dehydrate_rank(self, application: Application):
        return self.ranks.get(application.pk)

    def dehydrate_joint_organisations(self, application: Application) -> str:
        return "\n".join(
            f"{o.name} ({o.get_sector_display()})" if o.sector else o.name
            for o in application.joint_organisations.all()
        )

    def dehydrate_attendees(self, application: Application) -> str:
        return "\n".join(
            ", ".join(
                part
                for part in (a.full_name, a.job_title, a.organisation, a.email, a.phone)
                if part
            )
            for a in application.attendees.all()
        )

    def write_extra_sheets(self, writer: WorkbookWriter, queryset) -> None:
        write_review_sheet(writer, queryset)


def write_review_sheet(writer: WorkbookWriter, applications) -> None:
    """«Оценки рецензентов»: every review of the applications, points per criterion."""
    ids = applications.order_by().values("pk")
    criteria = list(
        Criterion.objects.filter(
            stage=Stage.WORKSHOP,
            call__in=Application.objects.filter(pk__in=ids).values("call_id"),
        ).order_by("number", "call_id")
    )
    numbers = sorted({c.number for c in criteria})
    single_call = len({c.call_id for c in criteria}) == 1
    names = {c.number: f"{c.number}. {c.tr('name')}" for c in criteria}
    columns = [
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
    sheet = writer.sheet(_("Оценки рецензентов"), columns)
    of_application = Application.objects.filter(pk=OuterRef("object_id"))
    assignments = (
        ReviewAssignment.objects.for_model(Application)
        .filter(object_id__in=ids, stage=Stage.WORKSHOP)
        .select_related("call", "reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .annotate(
            idea_title=Subquery(of_application.values("idea_title")),
            coalition_name=Subquery(of_application.values("coalition__name")),
            partner_name=Subquery(of_application.values("partner__name")),
        )
        .order_by("call__application_deadline", "object_id", "reviewer__last_name", "pk")
    )
    submitted = ReviewAssignment.Status.SUBMITTED
    for assignment in assignments.iterator(chunk_size=2000):
        points = {s.criterion.number: s.points for s in assignment.scores.all()}
        applicants = assignment.coalition_name
        if assignment.partner_name:
            applicants = f"{applicants} + {assignment.partner_name}"
        sheet.append(
            [
                assignment.object_id,
                assignment.call.slug,
                assignment.idea_title,
                applicants,
                str(assignment.reviewer),
                assignment.get_status_display(),
                *(points.get(n) for n in numbers),
                review.weighted_sum(assignment) if assignment.status == submitted else None,
                assignment.get_recommendation_display(),
                assignment.comment,
                assignment.submitted_at,
            ]
        )
