"""The institutional-costs rule (issue #19): read by word stems after normalising case,
«ё» and lookalike Latin letters, with three outcomes — institutional (refused, saying why),
doubtful (accepted, flagged for staff) and fine; staff accept or refuse each doubtful line
with a reason, recorded; a refused line is not awarded."""

from decimal import Decimal

import pytest

from core.errors import PortalError
from grants import awards, costs, services
from grants.institutional import DOUBTFUL, FINE, INSTITUTIONAL, classify, words
from grants.models import BudgetLine

from .factories import lines, started, submitted, support_call

pytestmark = pytest.mark.django_db

LATIN_A, LATIN_O, LATIN_C, LATIN_P = "a", "o", "c", "p"

# (a line as coalitions write it, the outcome, why)
EXAMPLES = [
    # An accountant's pay, however it is put.
    ("Зарплата бухгалтера", INSTITUTIONAL, "staff_pay"),
    ("Оплата труда бухгалтера", INSTITUTIONAL, "staff_pay"),
    ("Вознаграждение бухгалтеру организации", INSTITUTIONAL, "staff_pay"),
    ("Услуги бухгалтера коалиции, 6 месяцев", INSTITUTIONAL, "staff_pay"),
    ("ЗАРАБОТНАЯ ПЛАТА КООРДИНАТОРА", INSTITUTIONAL, "staff_pay"),
    ("Премия директору", INSTITUTIONAL, "staff_pay"),
    ("Оплата труда сотрудников коалиции", INSTITUTIONAL, "staff_pay"),
    ("Зарпл\u00adата бухгалтера", INSTITUTIONAL, "staff_pay"),  # a soft hyphen inside
    # The office and its running costs.
    ("Коммунальные услуги офиса", INSTITUTIONAL, "office"),
    ("Содержание офиса", INSTITUTIONAL, "office"),
    (f"Аренда офис{LATIN_A}", INSTITUTIONAL, "office"),  # a Latin «a»
    (f"Аренда {LATIN_O}фиса коалиции за сентябрь", INSTITUTIONAL, "office"),  # a Latin «o»
    (f"{LATIN_C}одержание {LATIN_O}фи{LATIN_C}а", INSTITUTIONAL, "office"),
    ("Канцтовары для офиса", INSTITUTIONAL, "office"),
    ("Оплата интернета в офисе", INSTITUTIONAL, "office"),
    ("Аренда помещения", INSTITUTIONAL, "office"),
    ("Коммунальные услуги", INSTITUTIONAL, "utilities"),
    ("Электроэнергия", INSTITUTIONAL, "utilities"),
    # Equipment for the organisation; overheads.
    ("Ноутбук для офиса организации", INSTITUTIONAL, "equipment"),
    ("Компьютер для сотрудников", INSTITUTIONAL, "equipment"),
    ("Накладные расходы 10%", INSTITUTIONAL, "overheads"),
    ("Административные расходы", INSTITUTIONAL, "overheads"),
    ("Office rent", INSTITUTIONAL, "office"),
    ("Staff salaries", INSTITUTIONAL, "staff_pay"),
    # Doubtful: staff decide.
    ("Покупка ноутбука", DOUBTFUL, "equipment"),
    ("Мебель", DOUBTFUL, "equipment"),
    ("Оплата труда", DOUBTFUL, "pay_unclear"),
    ("Аренда офиса для проведения тренинга", DOUBTFUL, "office"),
    (f"Оплата коммунальных услуг зала для семин{LATIN_A}ра", DOUBTFUL, "utilities"),
    # Campaign lines, also when they mention an office or utilities.
    ("Аренда зала для круглого стола в офисе партнёра", FINE, ""),
    ("Круглый стол о тарифах на коммунальные услуги", FINE, ""),
    ("Аренда помещения для семинара", FINE, ""),
    ("Аренда проектора для семинара", FINE, ""),
    ("Эксперт по государственным закупкам", FINE, ""),
    ("Гонорар эксперта-аналитика", FINE, ""),
    ("Вознаграждение модератору круглого стола", FINE, ""),
    ("Общественные слушания: зал, кофе-брейк, транспорт", FINE, ""),
    ("Печать памяток для фермеров", FINE, ""),
    ("Хакатон: площадка и питание", FINE, ""),
    ("Менторство по адвокации, 4 сессии", FINE, ""),
    (f"{LATIN_P}ечать 500 буклетов", FINE, ""),
]


@pytest.mark.parametrize(("text", "kind", "reason"), EXAMPLES)
def test_lines_as_coalitions_write_them(text, kind, reason):
    verdict = classify(text)
    assert (verdict.kind, verdict.reason) == (kind, reason)


def test_the_table_covers_both_ways_and_lookalikes():
    kinds = [kind for _text, kind, _reason in EXAMPLES]
    assert kinds.count(INSTITUTIONAL) >= 10 and kinds.count(FINE) >= 10
    assert sum(1 for text, *_ in EXAMPLES if any("a" <= c <= "z" for c in text)) >= 5


def test_lookalike_letters_case_and_yo_are_normalised():
    assert words(f"Аренда ОФИС{LATIN_A.upper()}, партнёр") == ["аренда", "офиса", "партнер"]
    assert words("Office rent") == ["office", "rent"]  # an English word stays English


def test_an_institutional_line_is_refused_naming_it_and_why(support_open):
    request, owner = started(support_call())
    answers = {"budget_lines": [{**lines((1, 1000))[0], "description": "Зарплата бухгалтера"}]}
    with pytest.raises(PortalError) as refused:
        services.save_support_section(
            application=request, section="budget", answers=answers, by=owner
        )
    message = str(refused.value)
    assert "«Зарплата бухгалтера»" in message
    assert "оплата труда сотрудников организации" in message


def _with_lines(call, *descriptions):
    request, owner = started(call)
    rows = [{**lines((1, 1000))[0], "description": text, "unit": "шт."} for text in descriptions]
    request = services.save_support_section(
        application=request, section="budget", answers={"budget_lines": rows}, by=owner
    )
    return request, owner


def test_a_doubtful_line_is_kept_flagged_and_keeps_staffs_decision(support_open):
    from tests.factories import UserFactory

    request, owner = _with_lines(support_call(), "Эксперт по закупкам", "Покупка ноутбука")
    expert, laptop = request.budget_lines.all()
    assert (expert.cost_flag, laptop.cost_flag) == ("", "equipment")
    staff = UserFactory(is_staff=True)
    costs.settle(item=laptop, accept=True, reason="Ноутбук для опроса фермеров", by=staff)
    # Saved again unchanged (another section's autosave, a second tab): the decision stays.
    rows = [
        {"support_type": line.support_type, "description": line.description, "unit": line.unit}
        | {"quantity": line.quantity, "unit_cost": line.unit_cost}
        for line in request.budget_lines.all()
    ]
    services.save_support_section(
        application=request, section="budget", answers={"budget_lines": rows}, by=owner
    )
    laptop = BudgetLine.objects.get(application=request, description="Покупка ноутбука")
    assert laptop.cost_decision == "accepted" and laptop.cost_decided_by == staff
    assert laptop.cost_decision_reason == "Ноутбук для опроса фермеров"


def test_a_decision_needs_a_reason_and_a_doubtful_line():
    from core.errors import PortalError

    with pytest.raises(PortalError, match="причину"):
        costs.settle(item=BudgetLine(cost_flag="equipment"), accept=False, reason=" ", by=None)


def test_a_refused_line_is_not_awarded_and_undecided_lines_hold_the_award(support_open):
    from tests.factories import UserFactory

    call = support_call()
    request = submitted(call, budget=((10, 8000),))
    staff = UserFactory(is_staff=True, is_superuser=True)
    laptop = BudgetLine.objects.create(
        application=request,
        position=1,
        support_type="materials",
        description="Покупка ноутбука",
        quantity=Decimal("1"),
        unit_cost=Decimal("60000"),
        total=Decimal("60000"),
        cost_flag="equipment",
    )
    with pytest.raises(PortalError, match="«Покупка ноутбука»"):
        awards.award_support(application=request, by=staff)
    costs.settle(item=laptop, accept=False, reason="Оборудование остаётся у организации", by=staff)
    laptop.refresh_from_db()
    assert laptop.is_refused and laptop.cost_decided_at is not None
    award = awards.award_support(application=request, by=staff)
    assert award.amount == Decimal("80000")  # the laptop's 60 000 is not awarded
    assert not award.lines.filter(budget_line=laptop).exists()
    with pytest.raises(PortalError, match="уже присуждена"):
        costs.settle(item=laptop, accept=True, reason="передумали", by=staff)
    with pytest.raises(PortalError, match="отклонена сотрудниками"):
        awards.award_support(
            application=request,
            by=staff,
            line_amounts={line.pk: line.total for line in request.budget_lines.all()},
        )


def test_the_applicant_is_told_which_lines_staff_will_check(support_open, client):
    from django.urls import reverse

    request, owner = _with_lines(support_call(), "Эксперт по закупкам", "Покупка ноутбука")
    client.force_login(owner)
    page = client.get(reverse("grants:section", args=[request.pk, "budget"])).content.decode()
    assert page.count("data-cost-note") == 1
    assert "Эту строку проверят сотрудники программы" in page
    assert "оборудование или техника, которые остаются у организации" in page
    detail = client.get(reverse("grants:detail", args=[request.pk])).content.decode()
    assert "Сомнительная строка, ждёт решения сотрудников" in detail
