"""Awards: never more than asked (in total or per line), never beyond the call's budget;
each award gets a contract numbered uniquely in its call; a changed award is a new revision."""

from decimal import Decimal

import pytest

from core.errors import PortalError
from grants import awards
from grants.models import Award, Contract, TechnicalSupportApplication
from tests.factories import UserFactory

from .factories import started, submitted, support_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


def test_awarding_everything_asked_makes_an_award_and_a_numbered_contract(support_open, staff):
    call = support_call()
    first = submitted(call, budget=((10, 8000), (1, "2500.50")))
    second = submitted(call)
    award = awards.award_support(application=first, by=staff)
    assert award.amount == Decimal("82500.50")
    assert [line.amount for line in award.lines.all()] == [Decimal("80000.00"), Decimal("2500.50")]
    awards.award_support(application=second, by=staff)
    first.refresh_from_db()
    assert first.status == TechnicalSupportApplication.Status.AWARDED
    numbers = list(Contract.objects.filter(call=call).values_list("number", flat=True))
    assert numbers == ["ТП-2030/01", "ТП-2030/02"]
    # Another call numbers its own contracts from 1 again.
    other = submitted(support_call())
    assert awards.award_support(application=other, by=staff).contract.number == "ТП-2030/01"


def test_a_smaller_amount_is_shared_over_the_lines_to_the_tyiyn(support_open, staff):
    request = submitted(support_call(), budget=((1, 1000), (1, 2000), (1, 3000)))
    award = awards.award_support(application=request, by=staff, amount=Decimal("1000.01"))
    amounts = [line.amount for line in award.lines.all()]
    assert sum(amounts) == Decimal("1000.01")
    # 166.668…, 333.336…, 500.005 rounded down; the two tyiyns left go to the first line.
    assert amounts == [Decimal("166.68"), Decimal("333.33"), Decimal("500.00")]


def test_per_line_amounts_at_most_each_line(support_open, staff):
    request = submitted(support_call(), budget=((1, 1000), (2, 500)))
    first, second = request.budget_lines.all()
    award = awards.award_support(
        application=request, by=staff, line_amounts={first.pk: Decimal("1000"), second.pk: 0}
    )
    assert award.amount == Decimal("1000.00")
    with pytest.raises(PortalError, match="от 0 до 1\xa0000\xa0сом"):
        awards.award_support(
            application=request, by=staff, line_amounts={first.pk: Decimal("1000.01")}
        )


def test_never_more_than_asked(support_open, staff):
    request = submitted(support_call(), budget=((1, 1000),))
    with pytest.raises(PortalError, match="больше, чем запрошено"):
        awards.award_support(application=request, by=staff, amount=Decimal("1000.01"))
    assert not Award.objects.exists()


def test_only_a_submitted_request_is_awarded(support_open, staff):
    request, _owner = started(support_call())
    with pytest.raises(PortalError, match="только поданной"):
        awards.award_support(application=request, by=staff)


def test_the_budget_is_a_hard_limit(support_open, staff):
    call = support_call(budget=Decimal("100000"))
    first = submitted(call, budget=((1, 60000),))
    second = submitted(call, budget=((1, "40000.01"),))
    awards.award_support(application=first, by=staff)
    with pytest.raises(PortalError, match="осталось 40\xa0000\xa0сом"):
        awards.award_support(application=second, by=staff)
    assert awards.budget_summary(call).awarded == Decimal("60000")
    award = awards.award_support(application=second, by=staff, amount=Decimal("40000"))
    summary = awards.budget_summary(call)
    assert (summary.awarded, summary.remaining, summary.count) == (
        Decimal("100000"),
        Decimal("0"),
        2,
    )
    # Raising an award back over the budget is refused too; lowering another frees room.
    first_award = first.award
    awards.award_support(application=first, by=staff, amount=Decimal("50000"))
    awards.award_support(application=second, by=staff)
    award.refresh_from_db()
    first_award.refresh_from_db()
    assert award.amount + first_award.amount <= call.budget


def test_changing_an_award_is_a_new_revision_and_unchanged_is_not(support_open, staff):
    request = submitted(support_call(), budget=((1, 1000),))
    award = awards.award_support(application=request, by=staff)
    assert award.revision == 1
    assert awards.award_support(application=request, by=staff).revision == 1
    assert awards.award_support(application=request, by=staff, amount=Decimal("900")).revision == 2


def test_budget_summary_warns_outside_the_calls_range(support_open, staff):
    call = support_call(min_awards=2, max_awards=2)
    assert "меньше" in awards.budget_summary(call).warning
    for _ in range(2):
        awards.award_support(application=submitted(call, budget=((1, 100),)), by=staff)
    assert awards.budget_summary(call).warning == ""
    awards.award_support(application=submitted(call, budget=((1, 100),)), by=staff)
    assert "больше" in awards.budget_summary(call).warning


def test_an_award_with_spending_recorded_cannot_be_changed(support_open, staff):
    import datetime as dt

    from grants import spending

    request = submitted(support_call(), budget=((1, 1000),))
    award = awards.award_support(application=request, by=staff)
    spending.record_spending(
        award=award,
        line=award.lines.get(),
        spent_on=dt.date(2030, 8, 1),
        amount=Decimal("100"),
        supplier="ОсОО «Принт»",
        description="Печать",
        by=staff,
    )

    with pytest.raises(PortalError, match="уже внесены расходы"):
        awards.award_support(application=request, by=staff, amount=Decimal("900"))
    award.refresh_from_db()
    assert (award.amount, award.revision, award.lines.get().amount) == (
        Decimal("1000"),
        1,
        Decimal("1000"),
    )
