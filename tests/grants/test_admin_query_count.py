"""The grants desk's lists cost the same number of queries at 2 and at 12 rows."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from grants.models import Contract, ContractVersion, Reallocation
from tests.factories import UserFactory, user_with_role

from .award_factories import awarded

pytestmark = pytest.mark.django_db


def contracts_with_versions(count: int) -> None:
    for _ in range(count):
        award = awarded()
        contract = Contract.objects.create(
            award=award, call=award.call, sequence=1, number=f"ТП-{award.pk}"
        )
        for number in (1, 2):
            version = ContractVersion(
                contract=contract, number=number, award_revision=number, amount=award.amount
            )
            version.pdf.save("contract.pdf", ContentFile(b"%PDF-1.4"), save=False)
            version.save()


def list_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:grants_contract_changelist"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_contract_list_queries_do_not_grow_with_rows(client):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    contracts_with_versions(2)
    client.get(reverse("admin:grants_contract_changelist"))  # warm
    few, _page = list_queries(client)
    contracts_with_versions(10)
    many, page = list_queries(client)

    assert many == few
    assert page.count('<td class="field-versions_count">2</td>') == 12


def reallocations(count: int) -> None:
    for _ in range(count):
        award = awarded()
        first, second = award.lines.order_by("budget_line__position")[:2]
        Reallocation.objects.create(
            award=award,
            from_line=first,
            to_line=second,
            amount=1000,
            reason="Слушания подешевели",
            by=UserFactory(first_name="Бухгалтер"),
        )


def test_reallocation_list_queries_do_not_grow_with_rows(client):
    client.force_login(user_with_role(roles.FINANCE))
    url = reverse("admin:grants_reallocation_changelist")
    reallocations(2)
    client.get(url)  # warm

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    few = count()
    reallocations(10)
    assert count() == few
