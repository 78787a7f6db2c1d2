"""Staff import coalitions with their member organisations from Excel: a preview marks
each row new, changed or invalid with the reason, and a file with a bad row changes
nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from coalitions.models import Coalition, MemberOrganisation
from core.xlsx import Column, WorkbookWriter
from tests.factories import user_with_role

from .factories import CoalitionFactory, MemberOrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("admin:coalitions_coalition_import")
HEADERS = [
    "коалиция",
    "тип коалиции",
    "форма объединения",
    "контактное лицо",
    "e-mail",
    "телефон",
    "организация-член",
    "сектор",
    "тип организации",
    "регион",
    "контакт",
]


def workbook(*rows) -> SimpleUploadedFile:
    writer = WorkbookWriter()
    writer.sheet("Коалиции", [Column(h) for h in HEADERS]).extend(rows)
    return SimpleUploadedFile("coalitions.xlsx", writer.to_bytes())


@pytest.fixture
def existing():
    RegionFactory(name="Чуйская область")
    coalition = CoalitionFactory(name="За прозрачный бюджет", kind=Coalition.Kind.CIVIC)
    MemberOrganisationFactory(coalition=coalition, name="ОО «Голос»")
    MemberOrganisationFactory(coalition=coalition, name="ОФ «Данные»")
    return coalition


@pytest.fixture
def staff(client):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    return client


def preview(client, upload):
    response = client.post(IMPORT_URL, {"format": "0", "import_file": upload})
    assert response.status_code == 200
    return response


def row_types(response):
    return [row.import_type for row in response.context["result"].rows]


def snapshot():
    return sorted(
        MemberOrganisation.objects.values_list(
            "coalition__name", "name", "sector", "organisation_type", "region__name"
        )
    )


def test_preview_marks_new_changed_and_unchanged_rows_then_confirm_saves(staff, existing):
    upload = workbook(
        ["За прозрачный бюджет", "", "", "", "", "", "ОО «Голос»", "гражданский", "НКО", "", ""],
        [
            "за прозрачный  бюджет",
            "",
            "",
            "",
            "",
            "",
            "ОФ «Данные»",
            "бизнес",
            "бизнес-ассоциация",
            "Чуйская область",
            "",
        ],
        [
            "Союз фермеров",
            "экономическая",
            "союз",
            "Азамат",
            "farm@example.kg",
            "",
            "Фермеры Чуй",
            "business",
            "business_association",
            "Чуйская область",
            "+996 555 1",
        ],
        [
            "Союз фермеров",
            "экономическая",
            "",
            "",
            "",
            "",
            "Фермеры Оша",
            "бизнес",
            "предприниматель",
            "",
            "",
        ],
    )
    before = snapshot()

    response = preview(staff, upload)

    assert row_types(response) == ["skip", "update", "new", "new"]
    assert snapshot() == before  # a preview saves nothing
    assert not Coalition.objects.filter(name="Союз фермеров").exists()
    confirm = response.context["confirm_form"]
    assert confirm is not None

    done = staff.post(
        reverse("admin:coalitions_coalition_process_import"), confirm.initial, follow=True
    )
    assert done.status_code == 200
    farmers = Coalition.objects.get(name="Союз фермеров")
    assert (farmers.kind, farmers.network_type) == ("economic", "union")
    assert farmers.contact_email == "farm@example.kg"
    assert sorted(farmers.member_organisations.values_list("name", flat=True)) == [
        "Фермеры Оша",
        "Фермеры Чуй",
    ]
    data = MemberOrganisation.objects.get(name="ОФ «Данные»")
    assert (data.sector, data.organisation_type, data.region.name) == (
        "business",
        "business_association",
        "Чуйская область",
    )
    assert Coalition.objects.filter(name_key="за прозрачный бюджет").count() == 1


def test_a_file_with_bad_rows_is_refused_whole_with_reasons(staff, existing):
    upload = workbook(
        [
            "Союз фермеров",
            "экономическая",
            "",
            "",
            "",
            "",
            "Фермеры Чуй",
            "бизнес",
            "предприниматель",
            "",
            "",
        ],
        ["Новая сеть", "рыночная", "", "", "не-адрес", "", "", "бизнес", "НКО", "Марс", ""],
        [
            "Союз фермеров",
            "гражданская",
            "",
            "",
            "",
            "",
            "Фермеры Оша",
            "бизнес",
            "предприниматель",
            "",
            "",
        ],
    )
    before = snapshot()

    response = preview(staff, upload)

    result = response.context["result"]
    assert result.has_validation_errors()
    assert response.context.get("confirm_form") is None  # nothing to confirm
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3}
    second = {field: " ".join(messages) for field, messages in invalid[2].items()}
    assert "«рыночная»" in second["coalition_kind"]
    assert "«гражданская»" in second["coalition_kind"]
    assert "не адрес e-mail" in second["contact_email"]
    assert "организации-члена" in second["organisation"]
    assert "«Марс» не найден" in second["region"]
    assert "В строке 1" in " ".join(invalid[3]["coalition_kind"])
    page = response.content.decode()
    assert "«Марс» не найден" in page
    assert snapshot() == before
    assert not Coalition.objects.filter(name="Союз фермеров").exists()


def test_finance_cannot_import(client, existing):
    client.force_login(user_with_role(roles.FINANCE))
    assert client.get(IMPORT_URL).status_code == 403
    listing = client.get(reverse("admin:coalitions_coalition_changelist")).content.decode()
    assert "Загрузить из Excel" not in listing
    assert "Выгрузить в Excel" in listing
