"""A contract fit to sign (issue #19): the parties named once with their representatives,
ИПР's address, bank details and representative from the call's terms, the budget as
awarded with rows that add up, the amount in words capitalised, every report it promises
in its schedule, and no contract sent that is dated after the implementation it runs to.
PDFs are read with pypdf."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from core.errors import PortalError
from grants import awards, contracts
from grants.contract_text import party_name
from grants.models import Contract

from .factories import fill_grantor, submitted, support_call

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


@pytest.fixture
def staff():
    from tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def partial(support_open, staff):
    """A pair's request of 15 × 6 000 + 2 × 35 000 awarded 100 000 of 160 000."""
    call = support_call()
    fill_grantor(call)
    request = submitted(call, pair=True, budget=((15, 6000), (2, 35000)))
    request.coalition.name = "Коалиция «За прозрачный бюджет»"
    request.coalition.save()
    return awards.award_support(application=request, by=staff, amount=Decimal("100000"))


def test_a_partial_award_prints_rows_that_add_up(partial):
    context = contracts.contract_context(partial.contract)
    assert context["partial"]
    rows = context["lines"]
    for row in rows:  # the requested figure is the quantity × the price shown beside it
        assert row["quantity"] * row["unit_cost"] == row["requested"]
        assert Decimal("0") < row["amount"] <= row["requested"]
    assert sum(row["amount"] for row in rows) == partial.amount == context["total"]
    assert sum(row["requested"] for row in rows) == context["requested_total"]

    text = pdf_text(contracts.render_contract_pdf(partial.contract))
    assert "Запрошено, сом" in text and "Сумма поддержки, сом" in text
    shares = [contracts.contract_context(partial.contract)["lines"][i]["amount"] for i in (0, 1)]
    assert shares == [Decimal("56250.00"), Decimal("43750.00")]
    assert "15 6 000 90 000 56 250" in text
    assert "2 35 000 70 000 43 750" in text
    assert "Итого 160 000 100 000" in text


def test_a_full_award_keeps_one_sum_column(support_open, staff):
    call = support_call()
    fill_grantor(call)
    award = awards.award_support(application=submitted(call, budget=((3, 1000),)), by=staff)
    context = contracts.contract_context(award.contract)
    assert not context["partial"]
    text = pdf_text(contracts.render_contract_pdf(award.contract))
    assert "Запрошено" not in text and "3 1 000 3 000" in text


def test_the_parties_are_named_once_with_representatives_and_grantor_details(partial):
    application = partial.application
    text = pdf_text(contracts.render_contract_pdf(partial.contract))
    assert "Коалиция «Коалиция" not in text and "коалиция «Коалиция" not in text
    assert "Коалиция «За прозрачный бюджет» (представитель — Жылдыз Абдыкадырова)" in text
    assert f"коалиция «{application.partner.name}»" in text.lower() or (
        application.partner.name in text
    )
    assert "Коалиция-партнёры" not in text
    assert "(далее совместно — «Коалиции», каждая в отдельности — «Коалиция»)" in text
    assert "от имени которого на основании Устава действует директор Асель Жумабаева" in text
    assert "720040, г. Бишкек, ул. Тоголок Молдо, 60а" in text
    assert "БИК 118005" in text
    assert "Директор — Асель Жумабаева" in text
    assert "в трёх экземплярах" in text
    assert contracts.contract_problems(partial.contract) == []


@pytest.mark.parametrize(
    "name, printed",
    [
        ("Коалиция «За прозрачный бюджет»", "Коалиция «За прозрачный бюджет»"),
        ("За прозрачный бюджет", "коалиция «За прозрачный бюджет»"),
        ("Сеть «Инклюзивный Ош»", "Сеть «Инклюзивный Ош»"),
        ("Союз фермеров Чуйской долины", "Союз фермеров Чуйской долины"),
        ("коалиция  Голос  села", "коалиция Голос села"),
        ("Данные для всех", "коалиция «Данные для всех»"),
    ],
)
def test_a_coalition_is_named_once(name, printed):
    assert party_name(name) == printed


def test_the_amount_in_words_is_capitalised_after_the_figure(partial):
    text = pdf_text(contracts.render_contract_pdf(partial.contract))
    assert "100 000 сом (Сто тысяч сомов 00 тыйынов)" in text


def test_every_report_the_contract_promises_is_in_its_schedule(partial, support_open):
    text = pdf_text(contracts.render_contract_pdf(partial.contract))
    assert "промежуточный отчёт о ходе Кампании и итоговый отчёт" in text
    assert "Промежуточный отчёт до" in text and "Итоговый отчёт до" in text
    # Printed three weeks before the implementation ends: no room for an interim report,
    # and the text promises only the final one.
    late = dt.date(2030, 12, 10)
    text = pdf_text(contracts.render_contract_pdf(partial.contract, on=late))
    assert "Промежуточный отчёт" not in text and "промежуточный" not in text
    assert "представляет в ИПР итоговый отчёт" in text
    # Staff's own wording that still promises one is reported as a problem.
    terms = contracts.terms_for(partial.call)
    terms.reporting_obligations = "Коалиция сдаёт промежуточный и итоговый отчёты."
    terms.save()
    assert any("промежуточный" in p for p in contracts.contract_problems(partial.contract, on=late))


def test_a_contract_missing_names_or_details_is_not_sent(support_open, staff):
    call = support_call()
    request = submitted(call)
    request.coalition.contact_person = "Координатор коалиции"  # a role, not a person
    request.coalition.save()
    request.coalition.memberships.all().delete()
    award = awards.award_support(application=request, by=staff)
    contracts.build_contract_version(award_id=award.pk, revision=award.revision)
    problems = " ".join(contracts.contract_problems(award.contract))
    assert "юридический адрес ИПР" in problems and "банковские реквизиты ИПР" in problems
    assert "не известен представитель" in problems
    with pytest.raises(PortalError, match="не готов к подписанию"):
        contracts.send_contract(contract=award.contract, by=staff)
    assert Contract.objects.get(pk=award.contract.pk).status == Contract.Status.DRAFT


def test_a_contract_dated_after_the_implementation_end_is_not_sent(support_open, staff):
    call = support_call()
    fill_grantor(call)
    award = awards.award_support(application=submitted(call), by=staff)
    support_open.move_to(dt.datetime(2031, 1, 10, 12, 0))
    contracts.build_contract_version(award_id=award.pk, revision=award.revision)
    problems = contracts.contract_problems(award.contract)
    assert len(problems) == 1 and "позже окончания реализации" in problems[0]
    assert "31 декабря 2030" in problems[0]
    with pytest.raises(PortalError, match="позже окончания реализации"):
        contracts.send_contract(contract=award.contract, by=staff)


def test_staff_see_why_a_contract_is_not_fit_to_sign(support_open, staff, client):
    from django.urls import reverse

    call = support_call()
    award = awards.award_support(application=submitted(call), by=staff)
    client.force_login(staff)
    page = client.get(reverse("admin:grants_contract_change", args=[award.contract.pk]))
    assert "договор не отправится коалиции" in page.content.decode()
    assert "юридический адрес ИПР" in page.content.decode()
