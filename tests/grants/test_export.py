"""The grants desk's lists in Excel: requests with their budget lines, awards with their
money, contracts, spending and reports — real dates, money as KGS numbers, values as in
the database, and the same number of queries however many rows are exported."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from grants import spending
from grants.models import (
    BudgetLine,
    Contract,
    ContractStatusChange,
    ContractVersion,
    Report,
    ReportResult,
    TechnicalSupportApplication,
)
from tests.applications.factories import CallFactory
from tests.factories import user_with_role
from tests.workbooks import headers, open_workbook, sheet_rows

from .award_factories import awarded
from .factories import submitted, support_call

pytestmark = pytest.mark.django_db
KGS_FORMAT = '#,##0.00 "сом"'


@pytest.fixture
def staff():
    return user_with_role(roles.PROGRAMME_STAFF)


def export(client, model, query=""):
    response = client.get(reverse(f"admin:grants_{model}_export") + query)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return open_workbook(response.content)


def column(sheet, header) -> list:
    """The cells (not values) under ``header``, row 2 on."""
    index = headers(sheet).index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


def assert_money(cells, *values):
    assert [cell.value for cell in cells] == [pytest.approx(float(v)) for v in values]
    for cell in cells:
        assert isinstance(cell.value, int | float), cell.value
        assert cell.number_format == KGS_FORMAT


def same_moment(value, moment: dt.datetime) -> bool:
    """Excel keeps Bishkek wall-clock time, to the millisecond."""
    assert isinstance(value, dt.datetime), value
    return abs(value - timezone.localtime(moment).replace(tzinfo=None)) < dt.timedelta(seconds=1)


def spend(award, line, amount, day=dt.date(2030, 9, 1), supplier="ОсОО «Принт»", by=None):
    return spending.record_spending(
        award=award,
        line=line,
        spent_on=day,
        amount=Decimal(amount),
        supplier=supplier,
        description="оплата",
        by=by,
    )


def contract_of(award, *, number, sequence, status=Contract.Status.DRAFT):
    contract = Contract.objects.create(
        award=award, call=award.call, sequence=sequence, number=number, status=status
    )
    ContractVersion.objects.create(
        contract=contract,
        number=1,
        award_revision=award.revision,
        amount=award.amount,
        pdf="private/contracts/x.pdf",
    )
    return contract


def grant_in_progress(call, index: int):
    """An award with spending, an active contract and a submitted final report."""
    award = awarded(call=call)
    expert = award.lines.order_by("budget_line__position").first()
    spend(award, expert, "1000")
    contract_of(award, number=f"T-{index}", sequence=index, status=Contract.Status.ACTIVE)
    report = Report.objects.create(
        award=award,
        kind=Report.Kind.FINAL,
        due_on=dt.date(2030, 12, 31),
        answers={"activities": "Сделано"},
    )
    for expected in award.application.results.all():
        ReportResult.objects.create(report=report, expected=expected, achieved="3")
    return award


# --- Requests --------------------------------------------------------------------------


def test_requests_export_has_the_plan_the_total_and_every_budget_line(client, staff, support_open):
    call = support_call()
    plain = submitted(call, budget=((10, 8000), (2, "1500.50")))
    award = awarded(call=call)
    TechnicalSupportApplication.objects.filter(pk=award.application_id).update(
        requested_total=Decimal("160000")
    )
    client.force_login(staff)

    book = export(client, "technicalsupportapplication")

    assert book.sheetnames == ["Заявки на поддержку", "Строки бюджета"]
    sheet = book["Заявки на поддержку"]
    assert headers(sheet)[:5] == [
        "№",
        "конкурс",
        "коалиция-заявитель",
        "коалиция-партнёр",
        "статус",
    ]
    rows = {row["№"]: row for row in sheet_rows(sheet)}
    assert set(rows) == {plain.pk, award.application_id}
    mine = rows[plain.pk]
    assert mine["статус"] == "подана" and mine["название кампании"] == plain.title
    assert mine["Цель кампании"] == plain.answers["goal"]
    assert mine["Риски и как их снизить"] == plain.answers["risks"]
    assert mine["ожидаемые результаты"] == "Расходы опубликованы; индикатор: айылов; цель: 5"
    assert mine["мероприятия кампании"] == "01.09.2030–02.09.2030 — Общественные слушания"
    assert mine["строк бюджета"] == 2 and mine["присуждено"] is None
    assert same_moment(mine["последняя отправка"], plain.submitted_at)
    by_pk = {cell.value: n for n, cell in enumerate(column(sheet, "№"))}
    requested = column(sheet, "запрошено")
    assert_money([requested[by_pk[plain.pk]]], Decimal("83001.00"))
    assert_money([column(sheet, "присуждено")[by_pk[award.application_id]]], Decimal("160000"))

    lines = book["Строки бюджета"]
    assert headers(lines) == [
        "№ заявки",
        "конкурс",
        "название кампании",
        "заявитель",
        "№ строки",
        "вид поддержки",
        "описание",
        "единица",
        "количество",
        "цена за единицу",
        "сумма",
        "присуждено по строке",
    ]
    line_rows = sheet_rows(lines)
    expected = BudgetLine.objects.filter(application__in=[plain.pk, award.application_id]).order_by(
        "application__coalition__name", "position"
    )
    assert len(line_rows) == expected.count() == 5
    of_plain = [row for row in line_rows if row["№ заявки"] == plain.pk]
    assert [(r["№ строки"], r["количество"], r["единица"]) for r in of_plain] == [
        (1, 10, "день"),
        (2, 2, "день"),
    ]
    assert of_plain[1]["вид поддержки"] == "эксперт"
    assert of_plain[1]["сумма"] == pytest.approx(3001.0)
    assert of_plain[0]["присуждено по строке"] is None
    of_award = [row for row in line_rows if row["№ заявки"] == award.application_id]
    assert [r["сумма"] for r in of_award] == [80000, 60000, 20000]
    assert [r["присуждено по строке"] for r in of_award] == [80000, 60000, 20000]
    assert {r["вид поддержки"] for r in of_award} == {"эксперт", "мероприятие", "материалы"}
    for header in ("цена за единицу", "сумма", "присуждено по строке"):
        for cell in column(lines, header):
            if cell.value is not None:
                assert cell.number_format == KGS_FORMAT


def test_requests_export_follows_the_call_filter(client, staff):
    one, other = awarded(), awarded()
    client.force_login(staff)
    book = export(client, "technicalsupportapplication", f"?call__id__exact={one.call_id}")
    assert [r["№"] for r in sheet_rows(book["Заявки на поддержку"])] == [one.application_id]
    assert {r["№ заявки"] for r in sheet_rows(book["Строки бюджета"])} == {one.application_id}
    assert other.application_id


# --- Awards ----------------------------------------------------------------------------


def test_awards_export_shows_awarded_spent_remaining_contract_and_state(client, staff):
    call = CallFactory(budget=Decimal("870000"))
    running = awarded(call=call)
    expert, event, _materials = running.lines.order_by("budget_line__position")
    spend(running, expert, "30000")
    spend(running, expert, "15000.50")
    spend(running, event, "60000")
    contract_of(running, number="EGED-2030/01", sequence=1, status=Contract.Status.ACTIVE)
    waiting = awarded(call=call)
    closed = awarded(call=call)
    contract_of(closed, number="EGED-2030/02", sequence=2, status=Contract.Status.ACTIVE)
    closed.closed_at = timezone.now()
    closed.save(update_fields=["closed_at"])
    client.force_login(staff)

    sheet = export(client, "award")["Присуждённая поддержка"]

    rows = {row["№"]: row for row in sheet_rows(sheet)}
    assert set(rows) == {running.pk, waiting.pk, closed.pk}
    row = rows[running.pk]
    assert row["коалиция-заявитель"] == running.application.coalition.name
    assert row["кампания"] == "Открытый бюджет ирригации" and row["конкурс"] == call.slug
    assert row["номер договора"] == "EGED-2030/01" and row["статус договора"] == "действует"
    assert row["кампания: состояние"] == "реализуется" and row["закрыта"] == "нет"
    assert rows[waiting.pk]["номер договора"] is None
    assert rows[waiting.pk]["кампания: состояние"] == "подготовка договора"
    assert rows[closed.pk]["кампания: состояние"] == "завершена"
    assert rows[closed.pk]["закрыта"] == "да"
    assert same_moment(rows[closed.pk]["дата закрытия"], closed.closed_at)
    assert isinstance(row["дата присуждения"], dt.datetime)

    order = [cell.value for cell in column(sheet, "№")]
    money = spending.award_money(running)
    assert (money.spent, money.remaining) == (Decimal("105000.50"), Decimal("54999.50"))
    at = order.index(running.pk)
    assert_money([column(sheet, "присуждено")[at]], money.awarded)
    assert_money([column(sheet, "израсходовано")[at]], money.spent)
    assert_money([column(sheet, "остаток")[at]], money.remaining)
    assert_money([column(sheet, "израсходовано")[order.index(waiting.pk)]], 0)


def test_selected_awards_are_exported_by_the_action(client, staff):
    first, second = awarded(), awarded()
    client.force_login(staff)
    response = client.post(
        reverse("admin:grants_award_changelist"),
        {"action": "export_admin_action", "_selected_action": [second.pk]},
    )
    assert response.status_code == 200
    rows = sheet_rows(open_workbook(response.content)["Присуждённая поддержка"])
    assert [row["№"] for row in rows] == [second.pk]
    assert first.pk != second.pk


def test_the_lists_offer_the_export_button(client, staff):
    awarded()
    client.force_login(staff)
    for model in ("technicalsupportapplication", "award", "contract", "spending", "report"):
        page = client.get(reverse(f"admin:grants_{model}_changelist")).content.decode()
        assert "Выгрузить в Excel" in page, model
        assert reverse(f"admin:grants_{model}_export") in page, model


# --- Contracts -------------------------------------------------------------------------


def test_contracts_export_has_number_status_amount_versions_and_dates(client, staff):
    award = awarded()
    contract = contract_of(award, number="EGED-2030/07", sequence=7, status=Contract.Status.SENT)
    sent = ContractStatusChange.objects.create(
        contract=contract, from_status="draft", to_status="sent", by=staff
    )
    client.force_login(staff)

    sheet = export(client, "contract")["Договоры"]

    [row] = sheet_rows(sheet)
    assert row["номер договора"] == "EGED-2030/07"
    assert row["статус"] == "отправлен коалиции"
    assert row["коалиция-заявитель"] == award.application.coalition.name
    assert row["версий PDF"] == 1 and row["скан получен"] == "нет"
    assert same_moment(row["отправлен коалиции"], sent.at)
    assert row["подписан коалицией"] is None
    assert_money(column(sheet, "сумма"), award.amount)
    assert_money(column(sheet, "сумма в последней версии"), award.amount)


# --- Spending --------------------------------------------------------------------------


def test_spending_export_has_real_dates_and_money(client, staff):
    award = awarded()
    expert, event, _materials = award.lines.order_by("budget_line__position")
    spend(award, expert, "15000.50", day=dt.date(2030, 9, 3), supplier="Эксперт Асанов", by=staff)
    spend(award, event, "60000", day=dt.date(2030, 10, 1), supplier="Кафе «Ала-Тоо»")
    contract_of(award, number="EGED-2030/03", sequence=3)
    client.force_login(staff)

    sheet = export(client, "spending")["Расходы"]

    rows = sheet_rows(sheet)
    assert [row["поставщик или эксперт"] for row in rows] == ["Эксперт Асанов", "Кафе «Ала-Тоо»"]
    assert [row["дата"] for row in rows] == [dt.datetime(2030, 9, 3), dt.datetime(2030, 10, 1)]
    assert all(cell.number_format == "DD.MM.YYYY" for cell in column(sheet, "дата"))
    assert_money(column(sheet, "сумма"), Decimal("15000.50"), Decimal("60000"))
    assert [row["строка поддержки"] for row in rows] == [
        "Эксперт по анализу бюджета",
        "Круглый стол в айыл окмоту",
    ]
    assert [row["вид поддержки"] for row in rows] == ["эксперт", "мероприятие"]
    assert rows[0]["кампания"] == "Открытый бюджет ирригации"
    assert rows[0]["номер договора"] == "EGED-2030/03"
    assert rows[0]["кто внёс"] == str(staff)


def test_finance_export_money_lists_without_personal_data(client, staff):
    award = awarded()
    spend(award, award.lines.first(), "500", by=staff)
    contract_of(award, number="F-1", sequence=1)
    client.force_login(user_with_role(roles.FINANCE))

    sheet = export(client, "spending")["Расходы"]
    assert [row["сумма"] for row in sheet_rows(sheet)] == [500]
    assert "кто внёс" not in headers(sheet)
    for model in ("award", "contract", "technicalsupportapplication", "report"):
        export(client, model)


@pytest.mark.parametrize(
    "model", ["technicalsupportapplication", "award", "contract", "spending", "report"]
)
def test_reviewers_cannot_export_grants_lists(client, model):
    awarded()
    client.force_login(user_with_role(roles.REVIEWER))
    assert client.get(reverse(f"admin:grants_{model}_export")).status_code == 403


# --- Reports ---------------------------------------------------------------------------


def test_reports_export_has_status_lateness_and_the_answers(client, staff):
    award = awarded()
    first, second = award.application.results.order_by("position")
    late = Report.objects.create(
        award=award,
        kind=Report.Kind.INTERIM,
        due_on=dt.date(2030, 9, 30),
        status=Report.Status.ACCEPTED,
        answers={
            "activities": "Провели слушания.\nСобрали данные 12 айылов.",
            "advocacy_outcomes": "Кенеш принял решение.",
        },
        first_submitted_at=dt.datetime(2030, 10, 2, 10, 0, tzinfo=dt.UTC),
        submitted_at=dt.datetime(2030, 10, 3, 9, 30, tzinfo=dt.UTC),
    )
    ReportResult.objects.create(report=late, expected=first, achieved="3", comment="пока 3")
    ReportResult.objects.create(report=late, expected=second, achieved="")
    Report.objects.create(award=award, kind=Report.Kind.FINAL, due_on=dt.date(2099, 12, 31))
    client.force_login(staff)

    sheet = export(client, "report")["Отчёты"]

    interim, final = sheet_rows(sheet)
    assert (interim["вид"], interim["статус"], interim["с опозданием"]) == (
        "промежуточный",
        "принят",
        "да",
    )
    assert interim["срок сдачи"] == dt.datetime(2030, 9, 30)
    assert interim["отправлен"] == dt.datetime(2030, 10, 3, 15, 30)  # Bishkek, UTC+6
    assert interim["Что сделано"] == late.answers["activities"]
    outcomes = "Результаты адвокации и СМИ: встречи, решения, изменения политики"
    assert interim[outcomes] == "Кенеш принял решение."
    assert interim["результаты по индикаторам"] == (
        "Расходы публикуются: 3 (цель: 5) — пока 3\nСлушания в кенеше: — (цель: 1)"
    )
    assert (final["вид"], final["статус"], final["с опозданием"]) == (
        "итоговый",
        "не отправлен",
        "нет",
    )
    assert final["отправлен"] is None
    cells = column(sheet, "Что сделано")
    assert cells[0].alignment.wrap_text


# --- Queries ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", ["technicalsupportapplication", "award", "contract", "spending", "report"]
)
def test_each_export_costs_the_same_queries_at_two_sizes(client, staff, model):
    small, large = CallFactory(budget=Decimal("9000000")), CallFactory(budget=Decimal("9000000"))
    grant_in_progress(small, 1)
    for index in range(2, 8):
        grant_in_progress(large, index)
    client.force_login(staff)
    filter_ = "award__call__id__exact" if model in ("spending", "report") else "call__id__exact"

    def queries(call):
        with CaptureQueriesContext(connection) as captured:
            book = export(client, model, f"?{filter_}={call.pk}")
        return len(captured), len(sheet_rows(book.worksheets[0]))

    export(client, model)  # warms the caches (content types) a first request fills
    few, few_rows = queries(small)
    many, many_rows = queries(large)
    assert (few_rows, many_rows) == (1, 6)
    assert few == many, (few, many)
