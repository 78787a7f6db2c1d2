"""Staff export the coalitions list, as filtered or selected, to Excel."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from coalitions.models import Coalition, MemberOrganisation
from tests.factories import user_with_role
from tests.workbooks import headers, open_workbook, sheet_rows

from .factories import CoalitionFactory, MemberOrganisationFactory, RegionFactory, economic

EXPORT_URL = reverse("admin:coalitions_coalition_export")


def export(client, query=""):
    response = client.get(EXPORT_URL + query)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="coalitions-' in response["Content-Disposition"]
    return open_workbook(response.content)


@pytest.fixture
def coalitions():
    chui, osh = RegionFactory(name="Чуйская область"), RegionFactory(name="Ошская область")
    civic = CoalitionFactory(name="За прозрачный бюджет", year_founded=2015)
    civic.regions.set([chui, osh])
    MemberOrganisationFactory(coalition=civic, name="ОО «Прозрачность»")
    MemberOrganisationFactory(coalition=civic, name="ОФ «Голос»")
    MemberOrganisationFactory(
        coalition=civic, name="Ассоциация ремесленников", sector=MemberOrganisation.Sector.BUSINESS
    )
    farmers = economic(name="Союз фермеров", contact_email="farmers@example.kg")
    return civic, farmers


@pytest.mark.django_db
def test_staff_export_every_coalition_with_member_counts(client, coalitions):
    civic, _farmers = coalitions
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))

    book = export(client)

    sheet = book["Коалиции"]
    assert headers(sheet)[:4] == ["№", "название", "тип коалиции", "форма объединения"]
    rows = {row["название"]: row for row in sheet_rows(sheet)}
    assert set(rows) == {"За прозрачный бюджет", "Союз фермеров"}
    row = rows["За прозрачный бюджет"]
    assert row["№"] == civic.pk
    assert row["тип коалиции"] == "гражданская"
    assert row["организаций-членов"] == 3
    assert row["из них гражданских"] == 2
    assert row["из них бизнес"] == 1
    assert row["год основания"] == 2015
    assert row["регионы работы"] == "Ошская область, Чуйская область"
    assert "ОФ «Голос» (гражданский)" in row["организации-члены"]
    assert row["e-mail"] == civic.contact_email
    assert rows["Союз фермеров"]["организаций-членов"] == 0
    assert rows["Союз фермеров"]["тип коалиции"] == "экономическая"
    in_bishkek = timezone.localtime(civic.created_at).replace(tzinfo=None)
    assert abs(row["создана"] - in_bishkek) < dt.timedelta(seconds=1)


@pytest.mark.django_db
def test_export_follows_the_list_filter(client, coalitions):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    book = export(client, "?kind__exact=economic")
    assert [r["название"] for r in sheet_rows(book["Коалиции"])] == ["Союз фермеров"]


@pytest.mark.django_db
def test_export_selected_rows_by_action(client, coalitions):
    civic, _farmers = coalitions
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    response = client.post(
        reverse("admin:coalitions_coalition_changelist"),
        {"action": "export_admin_action", "_selected_action": [civic.pk]},
    )
    assert response.status_code == 200
    rows = sheet_rows(open_workbook(response.content)["Коалиции"])
    assert [r["название"] for r in rows] == ["За прозрачный бюджет"]


@pytest.mark.django_db
def test_finance_export_has_no_contacts(client, coalitions):
    client.force_login(user_with_role(roles.FINANCE))
    sheet = export(client)["Коалиции"]
    assert "e-mail" not in headers(sheet)
    assert "телефон" not in headers(sheet)
    assert "контактное лицо" not in headers(sheet)
    assert "farmers@example.kg" not in str(list(sheet.values))


@pytest.mark.django_db
def test_reviewers_cannot_export_coalitions(client, coalitions):
    client.force_login(user_with_role(roles.REVIEWER))
    assert client.get(EXPORT_URL).status_code == 403


def many(count, prefix):
    coalitions = Coalition.objects.bulk_create(
        Coalition(name=f"{prefix} {i}", kind=Coalition.Kind.CIVIC) for i in range(count)
    )
    MemberOrganisation.objects.bulk_create(
        MemberOrganisation(coalition=c, name=f"Организация {c.pk}", sector="civic")
        for c in coalitions
    )
    region = RegionFactory()
    for coalition in coalitions:
        coalition.regions.add(region)


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_rows(client):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    # The admin guard stores the first admin request's time in the session (not the next
    # ones within a minute): not counted against either size.
    client.get(reverse("admin:index"))
    many(5, "Малая")
    many(300, "Большая")

    def queries(search):
        with CaptureQueriesContext(connection) as captured:
            book = export(client, f"?q={search}")
        return len(captured), len(sheet_rows(book["Коалиции"]))

    small, small_rows = queries("Малая")
    large, large_rows = queries("Большая")
    assert (small_rows, large_rows) == (5, 300)
    assert small == large, (small, large)
