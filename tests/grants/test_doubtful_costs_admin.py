"""Staff settle doubtful lines and payments in the admin, each with a reason that is kept
with who decided and when; finance sees them but does not decide. What is spent is read by
the same rule as what is asked (issue #19: «Аренда офиса коалиции за сентябрь» was
accepted against a materials line)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts import roles
from core.errors import PortalError
from grants.models import BudgetLine, Spending
from grants.spending import award_money, record_spending
from tests.factories import user_with_role

from .award_factories import awarded

pytestmark = pytest.mark.django_db


def _spend(award, line, amount, description):
    return record_spending(
        award=award,
        line=line,
        spent_on=dt.date(2030, 9, 1),
        amount=Decimal(amount),
        supplier="ОсОО «Поставщик»",
        description=description,
    )


def test_an_institutional_payment_is_refused_on_any_line():
    award = awarded()
    materials = award.lines.get(budget_line__support_type="materials")
    with pytest.raises(PortalError) as refused:
        _spend(award, materials, "15000", "Аренда офиса коалиции за сентябрь")
    assert "«Аренда офиса коалиции за сентябрь»" in refused.value.message
    assert "институциональные расходы" in refused.value.message
    assert not Spending.objects.exists()


def test_finance_is_refused_in_the_spending_form(client):
    award = awarded()
    materials = award.lines.get(budget_line__support_type="materials")
    client.force_login(user_with_role(roles.FINANCE))
    response = client.post(
        reverse("admin:grants_spending_add"),
        {
            "award": award.pk,
            "line": materials.pk,
            "spent_on": "2030-09-01",
            "amount": "15000",
            "supplier": "ОсОО «Офис-Центр»",
            "description": "Аренда oфиса коалиции за сентябрь",  # a Latin «o»
        },
    )
    assert response.status_code == 200
    assert "институциональные расходы" in response.content.decode()
    assert not Spending.objects.exists()


def test_a_doubtful_payment_is_recorded_flagged_and_a_refused_one_does_not_count(client):
    award = awarded()
    materials = award.lines.get(budget_line__support_type="materials")
    spending = _spend(award, materials, "12000", "Покупка принтера")
    assert spending.cost_flag == "equipment"
    assert award_money(award).spent == Decimal("12000")

    staff = user_with_role(roles.PROGRAMME_STAFF)
    client.force_login(staff)
    url = reverse("admin:grants_doubtfulspending_changelist")
    data = {"action": "refuse_costs", "_selected_action": [spending.pk]}
    assert "Причина решения" in client.post(url, data).content.decode()
    response = client.post(url, {**data, "apply": "1", "reason": "Принтер остаётся у ОФ"})
    assert response.status_code == 302
    spending.refresh_from_db()
    assert spending.cost_decision == "refused" and spending.cost_decided_by == staff
    assert spending.cost_decision_reason == "Принтер остаётся у ОФ"
    assert award_money(award).spent == Decimal("0")


def test_staff_accept_or_refuse_doubtful_lines_with_a_reason(client):
    award = awarded()
    request = award.application
    award.delete()  # a request still being decided
    line = BudgetLine.objects.create(
        application=request,
        position=5,
        support_type="materials",
        description="Покупка ноутбука",
        quantity=Decimal("1"),
        unit_cost=Decimal("60000"),
        total=Decimal("60000"),
        cost_flag="equipment",
    )
    staff = user_with_role(roles.PROGRAMME_STAFF)
    client.force_login(staff)
    url = reverse("admin:grants_doubtfulbudgetline_changelist")
    listing = client.get(url).content.decode()
    assert "Покупка ноутбука" in listing and "Эксперт по анализу бюджета" not in listing
    data = {"action": "accept_costs", "_selected_action": [line.pk], "apply": "1"}
    page = client.post(url, {**data, "reason": ""}).content.decode()
    assert "Обязательное поле" in page  # no reason, no decision
    client.post(url, {**data, "reason": "Ноутбук для опроса фермеров в поле"})
    line.refresh_from_db()
    assert (line.cost_decision, line.cost_decided_by) == ("accepted", staff)
    assert line.cost_decided_at is not None
    page = client.get(url + "?decision=accepted").content.decode()
    assert "Ноутбук для опроса фермеров в поле" in page


def test_finance_sees_doubtful_costs_but_does_not_decide(client):
    award = awarded()
    materials = award.lines.get(budget_line__support_type="materials")
    spending = _spend(award, materials, "12000", "Покупка принтера")
    client.force_login(user_with_role(roles.FINANCE))
    url = reverse("admin:grants_doubtfulspending_changelist")
    page = client.get(url)
    assert page.status_code == 200 and "Покупка принтера" in page.content.decode()
    data = {"action": "refuse_costs", "_selected_action": [spending.pk], "apply": "1"}
    client.post(url, {**data, "reason": "нет"})
    spending.refresh_from_db()
    assert spending.cost_decision == ""
    assert client.get(reverse("admin:grants_doubtfulbudgetline_changelist")).status_code == 200
