"""The grants desk's lists in Excel: technical-support requests (with a sheet of their
budget lines), awards with their money and contracts (spending and reports are in
``exports_implementation``).

Money columns are numbers in the KGS format and dates are real dates, so finance can sum
and filter them. The lists decide which rows; each resource reads them again with its
own joins, prefetches and subqueries, so the queries do not grow with the rows.
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.exports import Field, Kind, WorkbookResource
from calls.models import Form
from core.xlsx import Column, WorkbookWriter

from . import implementation
from .form_answers import AnswerColumnsMixin
from .models import (
    Activity,
    Award,
    AwardLine,
    BudgetLine,
    Contract,
    ContractStatusChange,
    ContractVersion,
    ExpectedResult,
    Spending,
    TechnicalSupportApplication,
)

MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=MONEY_FIELD)


def row_ids(queryset):
    """The chosen rows as a subquery: each resource reads them again with its own joins."""
    return queryset.order_by().values("pk")


def spent_by_award():
    """The award's recorded spending as a subquery (0 when nothing is recorded yet)."""
    total = (
        Spending.objects.filter(award=OuterRef("pk"))
        .order_by()
        .values("award")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=MONEY_FIELD), ZERO)


def _dates(starts_on, ends_on) -> str:
    if starts_on and ends_on and starts_on != ends_on:
        return f"{starts_on:%d.%m.%Y}–{ends_on:%d.%m.%Y}"
    day = starts_on or ends_on
    return f"{day:%d.%m.%Y}" if day else ""


def _expected(result: ExpectedResult) -> str:
    parts = [result.result]
    if result.indicator:
        parts.append(_("индикатор: %(indicator)s") % {"indicator": result.indicator})
    if result.target:
        parts.append(_("цель: %(target)s") % {"target": result.target})
    return "; ".join(parts)


class TechnicalSupportApplicationResource(AnswerColumnsMixin, WorkbookResource):
    """The requests, with one column per question of their calls' forms after the title."""

    form_kind = Form.Kind.SUPPORT_REQUEST
    answers_after = "title"

    id = Field("pk", gettext_lazy("№"), kind=Kind.INTEGER, width=7)
    call = Field("call__slug", gettext_lazy("конкурс"), width=16)
    coalition = Field("coalition__name", gettext_lazy("коалиция-заявитель"), width=30)
    partner = Field("partner__name", gettext_lazy("коалиция-партнёр"), width=30)
    status = Field("get_status_display", gettext_lazy("статус"), width=18)
    version = Field("version", gettext_lazy("отправлена раз"), kind=Kind.INTEGER)
    submitted_at = Field("submitted_at", gettext_lazy("последняя отправка"), kind=Kind.DATETIME)
    title = Field("title", gettext_lazy("название кампании"), width=36)
    activities = Field(None, gettext_lazy("мероприятия кампании"), kind=Kind.LONG_TEXT)
    results = Field(None, gettext_lazy("ожидаемые результаты"), kind=Kind.LONG_TEXT)
    budget_lines = Field("budget_lines_count", gettext_lazy("строк бюджета"), kind=Kind.INTEGER)
    requested_total = Field("requested_total", gettext_lazy("запрошено"), kind=Kind.MONEY)
    awarded = Field("awarded_amount", gettext_lazy("присуждено"), kind=Kind.MONEY)

    sheet_title = gettext_lazy("Заявки на поддержку")

    def prepare(self, queryset):
        rows = TechnicalSupportApplication.objects.filter(pk__in=row_ids(queryset))
        lines = (
            BudgetLine.objects.filter(application=OuterRef("pk"))
            .order_by()
            .values("application")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            rows.select_related("call", "coalition", "partner")
            .annotate(
                budget_lines_count=Coalesce(Subquery(lines), 0),
                awarded_amount=F("award__amount"),
            )
            .prefetch_related(
                Prefetch("activities", queryset=Activity.objects.order_by("position")),
                Prefetch("results", queryset=ExpectedResult.objects.order_by("position")),
            )
            .order_by("call__support_deadline", "call_id", "coalition__name", "pk")
        )

    def dehydrate_activities(self, application) -> str:
        return "\n".join(
            " — ".join(part for part in (_dates(a.starts_on, a.ends_on), a.description) if part)
            for a in application.activities.all()
        )

    def dehydrate_results(self, application) -> str:
        return "\n".join(_expected(result) for result in application.results.all())

    def write_extra_sheets(self, writer: WorkbookWriter, queryset) -> None:
        write_budget_lines_sheet(writer, queryset, chunk_size=self.chunk_size)


def write_budget_lines_sheet(writer: WorkbookWriter, applications, *, chunk_size=2000) -> None:
    """«Строки бюджета»: every budget line of the applications, with the awarded part."""
    sheet = writer.sheet(
        _("Строки бюджета"),
        [
            Column(_("№ заявки"), Kind.INTEGER, 9),
            Column(_("конкурс"), width=16),
            Column(_("название кампании"), width=36),
            Column(_("заявитель"), width=30),
            Column(_("№ строки"), Kind.INTEGER, 9),
            Column(_("вид поддержки"), width=16),
            Column(_("описание"), width=44),
            Column(_("единица"), width=12),
            Column(_("количество"), Kind.DECIMAL, 11),
            Column(_("цена за единицу"), Kind.MONEY),
            Column(_("сумма"), Kind.MONEY),
            Column(_("присуждено по строке"), Kind.MONEY),
        ],
    )
    awarded = AwardLine.objects.filter(budget_line=OuterRef("pk")).values("amount")[:1]
    lines = (
        BudgetLine.objects.filter(application__in=row_ids(applications))
        .select_related("application__call", "application__coalition", "application__partner")
        .annotate(awarded=Subquery(awarded, output_field=MONEY_FIELD))
        .order_by(
            "application__call__support_deadline",
            "application__call_id",
            "application__coalition__name",
            "application_id",
            "position",
            "pk",
        )
    )
    for line in lines.iterator(chunk_size=chunk_size):
        application = line.application
        sheet.append(
            [
                application.pk,
                application.call.slug,
                application.title,
                application.applicants,
                line.position + 1,
                line.get_support_type_display(),
                line.description,
                line.unit,
                line.quantity,
                line.unit_cost,
                line.total,
                line.awarded,
            ]
        )


class AwardResource(WorkbookResource):
    id = Field("pk", gettext_lazy("№"), kind=Kind.INTEGER, width=7)
    call = Field("call__slug", gettext_lazy("конкурс"), width=16)
    coalition = Field("application__coalition__name", gettext_lazy("коалиция-заявитель"), width=30)
    partner = Field("application__partner__name", gettext_lazy("коалиция-партнёр"), width=30)
    campaign = Field("application__title", gettext_lazy("кампания"), width=36)
    amount = Field("amount", gettext_lazy("присуждено"), kind=Kind.MONEY)
    spent = Field("spent", gettext_lazy("израсходовано"), kind=Kind.MONEY)
    remaining = Field("remaining", gettext_lazy("остаток"), kind=Kind.MONEY)
    revision = Field("revision", gettext_lazy("редакция"), kind=Kind.INTEGER)
    contract_number = Field(None, gettext_lazy("номер договора"), width=16)
    contract_status = Field(None, gettext_lazy("статус договора"), width=20)
    grant_status = Field(None, gettext_lazy("кампания: состояние"), width=20)
    awarded_at = Field("awarded_at", gettext_lazy("дата присуждения"), kind=Kind.DATETIME)
    spending_complete_at = Field(
        "spending_complete_at", gettext_lazy("расходы внесены полностью"), kind=Kind.DATETIME
    )
    closed = Field(None, gettext_lazy("закрыта"), kind=Kind.BOOLEAN)
    closed_at = Field("closed_at", gettext_lazy("дата закрытия"), kind=Kind.DATETIME)
    published = Field(
        "published", gettext_lazy("на публичной странице"), kind=Kind.BOOLEAN, width=12
    )
    note = Field("note", gettext_lazy("примечание"), width=30)

    sheet_title = gettext_lazy("Присуждённая поддержка")

    def prepare(self, queryset):
        rows = Award.objects.filter(pk__in=row_ids(queryset))
        return (
            rows.select_related(
                "call", "application__coalition", "application__partner", "contract"
            )
            .annotate(spent=spent_by_award())
            .annotate(remaining=F("amount") - F("spent"))
            .order_by("call__support_deadline", "call_id", "application__title", "pk")
        )

    @staticmethod
    def _contract(award):
        return getattr(award, "contract", None)

    def dehydrate_contract_number(self, award):
        contract = self._contract(award)
        return contract.number if contract else ""

    def dehydrate_contract_status(self, award):
        contract = self._contract(award)
        return contract.get_status_display() if contract else ""

    def dehydrate_grant_status(self, award):
        return implementation.grant_status(award)

    def dehydrate_closed(self, award):
        return award.closed_at is not None


def _changed_to(status):
    """When the contract last moved to ``status`` (a subquery)."""
    return Subquery(
        ContractStatusChange.objects.filter(contract=OuterRef("pk"), to_status=status)
        .order_by("-at", "-pk")
        .values("at")[:1]
    )


class ContractResource(WorkbookResource):
    number = Field("number", gettext_lazy("номер договора"), width=16)
    call = Field("call__slug", gettext_lazy("конкурс"), width=16)
    coalition = Field(
        "award__application__coalition__name", gettext_lazy("коалиция-заявитель"), width=30
    )
    partner = Field("award__application__partner__name", gettext_lazy("коалиция-партнёр"), width=30)
    campaign = Field("award__application__title", gettext_lazy("кампания"), width=36)
    status = Field("get_status_display", gettext_lazy("статус"), width=20)
    amount = Field("award__amount", gettext_lazy("сумма"), kind=Kind.MONEY)
    award_revision = Field("award__revision", gettext_lazy("редакция поддержки"), kind=Kind.INTEGER)
    versions = Field("versions_count", gettext_lazy("версий PDF"), kind=Kind.INTEGER)
    version_amount = Field(
        "latest_version_amount", gettext_lazy("сумма в последней версии"), kind=Kind.MONEY
    )
    scan = Field(None, gettext_lazy("скан получен"), kind=Kind.BOOLEAN, width=10)
    sent_at = Field("sent_at", gettext_lazy("отправлен коалиции"), kind=Kind.DATETIME)
    signed_at = Field("signed_at", gettext_lazy("подписан коалицией"), kind=Kind.DATETIME)
    countersigned_at = Field("countersigned_at", gettext_lazy("подписан ИПР"), kind=Kind.DATETIME)
    active_at = Field("active_at", gettext_lazy("вступил в силу"), kind=Kind.DATETIME)
    created_at = Field("created_at", gettext_lazy("создан"), kind=Kind.DATETIME)

    sheet_title = gettext_lazy("Договоры")

    def prepare(self, queryset):
        versions = ContractVersion.objects.filter(contract=OuterRef("pk")).order_by()
        count = versions.values("contract").annotate(count=Count("pk")).values("count")
        latest = versions.order_by("-number").values("amount")[:1]
        S = Contract.Status
        return (
            Contract.objects.filter(pk__in=row_ids(queryset))
            .select_related("call", "award__application__coalition", "award__application__partner")
            .annotate(
                versions_count=Coalesce(Subquery(count), 0),
                latest_version_amount=Subquery(latest, output_field=MONEY_FIELD),
                sent_at=_changed_to(S.SENT),
                signed_at=_changed_to(S.SIGNED),
                countersigned_at=_changed_to(S.COUNTERSIGNED),
                active_at=_changed_to(S.ACTIVE),
            )
            .order_by("call__support_deadline", "call_id", "sequence", "pk")
        )

    def dehydrate_scan(self, contract):
        return bool(contract.signed_scan)
