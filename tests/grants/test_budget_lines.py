"""Budget lines: support types, Decimal totals, and institutional costs refused with the
call's own rule quoted."""

from decimal import Decimal

import pytest

from core.errors import PortalError
from grants import services
from grants.contracts import terms_for

from .factories import lines, started, support_call

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("quantity", "unit_cost", "total"),
    [
        ("1", "870000", "870000.00"),
        ("3", "0.10", "0.30"),  # 0.1 × 3 is not 0.30000000000000004 here
        ("2.5", "1234.57", "3086.43"),  # 3086.425 rounded half up to the tyiyn
        ("0.33", "0.05", "0.02"),  # 0.0165
        ("12", "35000", "420000.00"),
    ],
)
def test_line_total_is_decimal_rounded_half_up_to_the_tyiyn(quantity, unit_cost, total):
    value = services.line_total(quantity=Decimal(quantity), unit_cost=Decimal(unit_cost))
    assert value == Decimal(total)
    assert isinstance(value, Decimal)


def test_saving_lines_stores_line_totals_and_the_grand_total(support_open):
    request, owner = started(support_call())
    request = services.save_support_section(
        application=request,
        section="budget",
        answers={"budget_lines": lines((2.5, "1234.57"), (3, "0.10"), (10, 8000))},
        by=owner,
    )
    assert [line.total for line in request.budget_lines.all()] == [
        Decimal("3086.43"),
        Decimal("0.30"),
        Decimal("80000.00"),
    ]
    assert request.requested_total == Decimal("83086.73")
    # Saving again replaces the lines; nothing is counted twice.
    request = services.save_support_section(
        application=request, section="budget", answers={"budget_lines": lines((1, 500))}, by=owner
    )
    assert request.budget_lines.count() == 1
    assert request.requested_total == Decimal("500.00")


@pytest.mark.parametrize(
    "description",
    [
        "Аренда офиса организации на 6 месяцев",
        "аренду офиса",
        "Зарплата бухгалтера организации",
        "Заработная плата координатора",
        "Оборудование для организации: ноутбук",
        "Накладные расходы 10%",
        "Коммунальные услуги",
        "Staff salaries",
        "Overheads",
    ],
)
def test_institutional_costs_are_refused_quoting_the_call(support_open, description):
    request, owner = started(support_call())
    answers = {"budget_lines": [{**lines((1, 1000))[0], "description": description}]}
    with pytest.raises(PortalError) as refused:
        services.save_support_section(
            application=request, section="budget", answers=answers, by=owner
        )
    message = str(refused.value)
    assert description in message
    assert "Институциональные расходы организаций не будут поддержаны" in message
    assert request.budget_lines.count() == 0


@pytest.mark.parametrize(
    "description",
    [
        "Аренда зала для общественных слушаний",
        "Гонорар эксперта по анализу бюджета",
        "Печать 500 буклетов",
        "Кофе-брейк для участников круглого стола",
        "Менторство по адвокации, 4 сессии",
    ],
)
def test_in_kind_support_is_accepted(support_open, description):
    request, owner = started(support_call())
    answers = {"budget_lines": [{**lines((1, 1000))[0], "description": description}]}
    request = services.save_support_section(
        application=request, section="budget", answers=answers, by=owner
    )
    assert request.budget_lines.get().description == description


def test_the_rule_and_its_markers_are_the_calls_data(support_open):
    """The rule quoted is the call's; the call's own markers flag a line for staff."""
    call = support_call()
    request, owner = started(call)
    terms = terms_for(call)
    terms.excluded_costs_rule = "Свои расходы организаций не оплачиваются."
    terms.excluded_cost_words = "подписк журнал"
    terms.save()
    answers = {"budget_lines": [{**lines((1, 1000))[0], "description": "Оплата труда бухгалтера"}]}
    with pytest.raises(PortalError, match="Свои расходы организаций не оплачиваются"):
        services.save_support_section(
            application=request, section="budget", answers=answers, by=owner
        )
    answers = {"budget_lines": [{**lines((1, 1000))[0], "description": "Подписка на журналы"}]}
    request = services.save_support_section(
        application=request, section="budget", answers=answers, by=owner
    )
    assert request.budget_lines.get().cost_flag == "marker"
