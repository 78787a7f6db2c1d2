"""The grants sheets of the programme report against hand-computed figures.

Hand-worked call (budget 870 000 сом), two awards of 160 000 each (expert 80 000,
event 60 000, materials 20 000 — see ``award_factories.LINES``):
- «Альфа»: spent 30 000 on the expert and 60 000 on the event, contract active;
- «Бета»: spent 5 000 on materials, no contract yet;
and an award of another call with spending that is never counted.

Totals: awarded 320 000, spent 95 000, left of the awarded 225 000, not awarded 550 000.
By type: expert 160 000 / 30 000 / 130 000 · event 120 000 / 60 000 / 60 000 ·
materials 40 000 / 5 000 / 35 000 · mentoring and other 0.
By award: Альфа 160 000 / 90 000 / 70 000 · Бета 160 000 / 5 000 / 155 000.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants import spending
from grants.models import Contract, Report, ReportResult
from reports import programme
from tests.applications.factories import CallFactory
from tests.coalitions.factories import CoalitionFactory
from tests.workbooks import headers, open_workbook, sheet_rows

from .award_factories import awarded

pytestmark = pytest.mark.django_db
KGS_FORMAT = '#,##0.00 "сом"'


def spend(award, kind, amount):
    line = award.lines.get(budget_line__support_type=kind)
    spending.record_spending(
        award=award,
        line=line,
        spent_on=dt.date(2030, 9, 1),
        amount=Decimal(amount),
        supplier="ОсОО «Принт»",
        description="оплата",
    )


@pytest.fixture
def call():
    call = CallFactory(slug="eged-2030", title="EGED 2030", budget=Decimal("870000"))
    alpha = awarded(call=call, coalition=CoalitionFactory(name="Альфа"))
    beta = awarded(call=call, coalition=CoalitionFactory(name="Бета"))
    spend(alpha, "expert", "30000")
    spend(alpha, "event", "60000")
    spend(beta, "materials", "5000")
    Contract.objects.create(
        award=alpha, call=call, sequence=1, number="1", status=Contract.Status.ACTIVE
    )
    other = awarded(coalition=CoalitionFactory(name="Гамма"))
    spend(other, "expert", "12345")
    return call


def build(call) -> bytes:
    target = io.BytesIO()
    programme.build_programme_report(call=call, target=target)
    return target.getvalue()


def test_the_budget_sheet_matches_the_hand_count(call):
    book = open_workbook(build(call))
    assert book.sheetnames.index("Бюджет") < book.sheetnames.index("Результаты кампаний")
    sheet = book["Бюджет"]
    assert headers(sheet) == [
        "разрез",
        "значение",
        "бюджет конкурса",
        "присуждено",
        "израсходовано",
        "остаток присуждённого",
        "не присуждено",
        "поддержек",
    ]
    rows = {(row["разрез"], row["значение"]): row for row in sheet_rows(sheet)}

    def figures(key):
        row = rows[key]
        return [
            row[name]
            for name in (
                "бюджет конкурса",
                "присуждено",
                "израсходовано",
                "остаток присуждённого",
                "не присуждено",
                "поддержек",
            )
        ]

    assert figures(("всего", "EGED 2030")) == [870000, 320000, 95000, 225000, 550000, 2]
    assert figures(("вид поддержки", "эксперт")) == [None, 160000, 30000, 130000, None, None]
    assert figures(("вид поддержки", "мероприятие")) == [None, 120000, 60000, 60000, None, None]
    assert figures(("вид поддержки", "материалы")) == [None, 40000, 5000, 35000, None, None]
    assert figures(("вид поддержки", "менторство")) == [None, 0, 0, 0, None, None]
    assert figures(("вид поддержки", "другое")) == [None, 0, 0, 0, None, None]
    campaign = "Открытый бюджет ирригации"
    assert figures(("поддержка", f"Альфа — {campaign}")) == [None, 160000, 90000, 70000, None, 1]
    assert figures(("поддержка", f"Бета — {campaign}")) == [None, 160000, 5000, 155000, None, 1]
    assert not any("Гамма" in key[1] for key in rows)
    assert len(rows) == 1 + 5 + 2

    money = [row[3] for row in sheet.iter_rows(min_row=2)]  # «присуждено»
    assert all(cell.number_format == KGS_FORMAT for cell in money)
    assert all(isinstance(cell.value, int | float) for cell in money)


def test_the_results_sheet_shows_the_latest_accepted_report_per_result(call):
    alpha = call.awards.get(application__coalition__name="Альфа")
    beta = call.awards.get(application__coalition__name="Бета")
    first, second = alpha.application.results.order_by("position")
    interim = Report.objects.create(
        award=alpha, kind="interim", due_on=dt.date(2030, 9, 30), status="accepted"
    )
    ReportResult.objects.create(report=interim, expected=first, achieved="2")
    final = Report.objects.create(
        award=alpha, kind="final", due_on=dt.date(2030, 12, 31), status="accepted"
    )
    ReportResult.objects.create(report=final, expected=first, achieved="5")
    ReportResult.objects.create(report=final, expected=second, achieved="1")
    sent = Report.objects.create(
        award=beta, kind="interim", due_on=dt.date(2030, 9, 30), status="submitted"
    )
    ReportResult.objects.create(
        report=sent, expected=beta.application.results.first(), achieved="9"
    )

    sheet = open_workbook(build(call))["Результаты кампаний"]

    assert headers(sheet) == [
        "коалиции",
        "кампания",
        "цель кампании",
        "ожидаемый результат",
        "индикатор",
        "целевое значение",
        "достигнуто",
        "по отчёту",
        "состояние",
    ]
    rows = [
        (
            row["коалиции"],
            row["ожидаемый результат"],
            row["индикатор"],
            row["целевое значение"],
            row["достигнуто"],
            row["по отчёту"],
            row["состояние"],
        )
        for row in sheet_rows(sheet)
    ]
    assert rows == [
        (
            "Альфа",
            "Расходы публикуются",
            "айылов, публикующих расходы",
            "5",
            "5",
            "итоговый, 31.12.2030",
            "реализуется",
        ),
        ("Альфа", "Слушания в кенеше", None, "1", "1", "итоговый, 31.12.2030", "реализуется"),
        (
            "Бета",
            "Расходы публикуются",
            "айылов, публикующих расходы",
            "5",
            None,
            None,
            "подготовка договора",
        ),
        ("Бета", "Слушания в кенеше", None, "1", None, None, "подготовка договора"),
    ]
    goals = {row["цель кампании"] for row in sheet_rows(sheet)}
    assert goals == {"Айыл окмоту публикуют расходы на ирригацию."}


def test_the_campaign_goal_is_the_answer_to_the_forms_goal_question(call):
    """The goal left the model for the answers document: the donor's sheet still shows
    each campaign's own, also for a campaign without expected results."""
    delta = awarded(call=call, coalition=CoalitionFactory(name="Дельта"))
    delta.application.results.all().delete()
    delta.application.answers = {**delta.application.answers, "goal": "Школьное питание в Нарыне"}
    delta.application.save(update_fields=["answers"])

    sheet = open_workbook(build(call))["Результаты кампаний"]

    goals = {row["коалиции"]: row["цель кампании"] for row in sheet_rows(sheet)}
    assert goals == {
        "Альфа": "Айыл окмоту публикуют расходы на ирригацию.",
        "Бета": "Айыл окмоту публикуют расходы на ирригацию.",
        "Дельта": "Школьное питание в Нарыне",
    }


def test_the_grants_sheets_cost_the_same_queries_for_more_awards(call):
    build(call)  # warms the caches a first build fills

    with CaptureQueriesContext(connection) as few:
        build(call)
    for name in ("Дельта", "Ежевика", "Жусан"):
        award = awarded(call=call, coalition=CoalitionFactory(name=name))
        spend(award, "event", "100")
        Report.objects.create(award=award, kind="final", due_on=dt.date(2030, 12, 31))
    with CaptureQueriesContext(connection) as many:
        build(call)

    assert len(few) == len(many), (len(few), len(many))
