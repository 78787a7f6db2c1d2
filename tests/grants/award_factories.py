"""An award as the grants desk leaves it: a submitted technical-support application with
budget lines and expected results, awarded line by line."""

from decimal import Decimal

from calls import form_services
from calls.form_seeds import build_2022_forms
from calls.models import Form
from grants.models import Award, AwardLine, BudgetLine, ExpectedResult, TechnicalSupportApplication
from tests.applications.factories import CallFactory, member_of
from tests.coalitions.factories import CoalitionFactory

LINES = [
    ("expert", "Эксперт по анализу бюджета", Decimal("2"), Decimal("40000")),
    ("event", "Круглый стол в айыл окмоту", Decimal("1"), Decimal("60000")),
    ("materials", "Печать инфографики", Decimal("500"), Decimal("40")),
]


def awarded(*, call=None, coalition=None, partner=None, published=False) -> Award:
    call = call or CallFactory(budget=Decimal("870000"))
    build_2022_forms(call)
    coalition = coalition or CoalitionFactory()
    application = TechnicalSupportApplication.objects.create(
        call=call,
        coalition=coalition,
        partner=partner,
        status=TechnicalSupportApplication.Status.AWARDED,
        title="Открытый бюджет ирригации",
        form_version=form_services.current_version(call, Form.Kind.SUPPORT_REQUEST),
        answers={"goal": "Айыл окмоту публикуют расходы на ирригацию."},
    )
    lines = [
        BudgetLine.objects.create(
            application=application,
            position=n,
            support_type=kind,
            description=text,
            quantity=quantity,
            unit_cost=cost,
            total=quantity * cost,
        )
        for n, (kind, text, quantity, cost) in enumerate(LINES)
    ]
    ExpectedResult.objects.create(
        application=application,
        position=0,
        result="Расходы публикуются",
        indicator="айылов, публикующих расходы",
        target="5",
    )
    ExpectedResult.objects.create(
        application=application, position=1, result="Слушания в кенеше", target="1"
    )
    total = sum(line.total for line in lines)
    award = Award.objects.create(
        application=application, call=call, amount=total, published=published
    )
    for line in lines:
        AwardLine.objects.create(award=award, budget_line=line, amount=line.total)
    return award


def owner_of(award):
    return member_of(award.application.coalition)
