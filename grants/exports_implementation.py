"""The grants desk's lists of spending and reports in Excel (see ``grants.exports``)."""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.exports import Field, Kind, WorkbookResource
from calls.models import Form

from .exports import row_ids
from .form_answers import AnswerColumnsMixin
from .models import Report, ReportResult, Spending


class SpendingResource(WorkbookResource):
    id = Field("pk", gettext_lazy("№"), kind=Kind.INTEGER, width=7)
    spent_on = Field("spent_on", gettext_lazy("дата"), kind=Kind.DATE)
    amount = Field("amount", gettext_lazy("сумма"), kind=Kind.MONEY)
    supplier = Field("supplier", gettext_lazy("поставщик или эксперт"), width=30)
    description = Field("description", gettext_lazy("что оплачено"), width=40)
    support_type = Field(None, gettext_lazy("вид поддержки"), width=16)
    line = Field("line__budget_line__description", gettext_lazy("строка поддержки"), width=36)
    call = Field("award__call__slug", gettext_lazy("конкурс"), width=16)
    coalition = Field(
        "award__application__coalition__name", gettext_lazy("коалиция-заявитель"), width=30
    )
    partner = Field("award__application__partner__name", gettext_lazy("коалиция-партнёр"), width=30)
    campaign = Field("award__application__title", gettext_lazy("кампания"), width=36)
    contract = Field(None, gettext_lazy("номер договора"), width=16)
    document = Field(None, gettext_lazy("документ приложен"), kind=Kind.BOOLEAN, width=12)
    recorded_by = Field(None, gettext_lazy("кто внёс"), personal=True, width=24)
    recorded_at = Field("recorded_at", gettext_lazy("внесено"), kind=Kind.DATETIME)

    sheet_title = gettext_lazy("Расходы")

    def prepare(self, queryset):
        return (
            Spending.objects.filter(pk__in=row_ids(queryset))
            .select_related(
                "award__call",
                "award__application__coalition",
                "award__application__partner",
                "award__contract",
                "line__budget_line",
                "recorded_by",
            )
            .order_by("award__call__support_deadline", "award_id", "spent_on", "pk")
        )

    def dehydrate_support_type(self, spending):
        return spending.line.budget_line.get_support_type_display()

    def dehydrate_contract(self, spending):
        contract = getattr(spending.award, "contract", None)
        return contract.number if contract else ""

    def dehydrate_document(self, spending):
        return bool(spending.document)

    def dehydrate_recorded_by(self, spending):
        return str(spending.recorded_by) if spending.recorded_by else ""


class ReportResource(AnswerColumnsMixin, WorkbookResource):
    """The reports, with one column per question of their calls' report forms."""

    form_kind = Form.Kind.REPORT
    answers_after = "first_submitted_at"
    call_path = "award__call_id"

    id = Field("pk", gettext_lazy("№"), kind=Kind.INTEGER, width=7)
    call = Field("award__call__slug", gettext_lazy("конкурс"), width=16)
    coalition = Field(
        "award__application__coalition__name", gettext_lazy("коалиция-заявитель"), width=30
    )
    partner = Field("award__application__partner__name", gettext_lazy("коалиция-партнёр"), width=30)
    campaign = Field("award__application__title", gettext_lazy("кампания"), width=36)
    kind = Field("get_kind_display", gettext_lazy("вид"), width=14)
    due_on = Field("due_on", gettext_lazy("срок сдачи"), kind=Kind.DATE)
    status = Field("get_status_display", gettext_lazy("статус"), width=18)
    late = Field(None, gettext_lazy("с опозданием"), kind=Kind.BOOLEAN, width=12)
    submitted_at = Field("submitted_at", gettext_lazy("отправлен"), kind=Kind.DATETIME)
    first_submitted_at = Field(
        "first_submitted_at", gettext_lazy("впервые отправлен"), kind=Kind.DATETIME
    )
    results = Field(None, gettext_lazy("результаты по индикаторам"), kind=Kind.LONG_TEXT)
    files = Field("files_count", gettext_lazy("файлов"), kind=Kind.INTEGER)
    staff_comment = Field(
        "staff_comment", gettext_lazy("комментарий сотрудника"), kind=Kind.LONG_TEXT
    )

    sheet_title = gettext_lazy("Отчёты")

    def prepare(self, queryset):
        return (
            Report.objects.filter(pk__in=row_ids(queryset))
            .select_related(
                "award__call", "award__application__coalition", "award__application__partner"
            )
            .annotate(files_count=Count("files", distinct=True))
            .prefetch_related(
                Prefetch(
                    "results",
                    queryset=ReportResult.objects.select_related("expected").order_by(
                        "expected__position", "pk"
                    ),
                )
            )
            .order_by("award__call__support_deadline", "award__application__title", "due_on", "pk")
        )

    def dehydrate_late(self, report):
        return report.is_late()

    def dehydrate_results(self, report) -> str:
        lines = []
        for row in report.results.all():
            target = row.expected.target
            text = f"{row.expected.result}: {row.achieved or '—'}"
            if target:
                text += " " + _("(цель: %(target)s)") % {"target": target}
            if row.comment:
                text += f" — {row.comment}"
            lines.append(text)
        return "\n".join(lines)
