"""Staff import workshop participants from Excel: the preview marks each row, a file with
a bad row is refused whole with a message per row, and a good file is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from core.xlsx import Column, WorkbookWriter
from tests.applications.factories import ApplicationFactory
from tests.factories import user_with_role
from workshops.models import Participant

from .factories import ParticipantFactory, workshop_with_selected_coalition

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("admin:workshops_participant_import")
HEADERS = [
    "№ мероприятия",
    "коалиция",
    "имя и фамилия",
    "должность",
    "организация",
    "e-mail",
    "телефон",
    "откуда приезжает",
    "питание",
    "уточнение о питании",
    "доступность",
    "согласие на фото",
]


def workbook(*rows) -> SimpleUploadedFile:
    writer = WorkbookWriter()
    writer.sheet("Участники", [Column(h) for h in HEADERS]).extend(rows)
    return SimpleUploadedFile("participants.xlsx", writer.to_bytes())


def person(event, coalition, name, email, **extra):
    values = {
        "job": "",
        "org": "",
        "phone": "",
        "town": "г. Ош",
        "diet": "вегетарианское",
        "notes": "",
        "access": "",
        "photo": "да",
    }
    values |= extra
    return [
        event.pk,
        coalition.name,
        name,
        values["job"],
        values["org"],
        email,
        values["phone"],
        values["town"],
        values["diet"],
        values["notes"],
        values["access"],
        values["photo"],
    ]


@pytest.fixture
def staff(client):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    return client


def test_preview_marks_rows_then_confirm_saves(staff):
    event, coalition, _owner = workshop_with_selected_coalition()
    ParticipantFactory(event=event, coalition=coalition, full_name="Айгуль", email="a@e.kg")
    upload = workbook(
        person(event, coalition, "Айгуль Садыкова", "A@e.kg", phone="0555 12-34-56"),
        person(event, coalition, "Эрлан Мамытов", "erlan@e.kg", photo="нет"),
    )

    response = staff.post(IMPORT_URL, {"format": "0", "import_file": upload})

    assert [row.import_type for row in response.context["result"].rows] == ["update", "new"]
    assert Participant.objects.count() == 1  # the preview saves nothing
    staff.post(
        reverse("admin:workshops_participant_process_import"),
        response.context["confirm_form"].initial,
        follow=True,
    )
    aigul = Participant.objects.get(email="a@e.kg")
    assert (aigul.full_name, aigul.phone, aigul.diet) == (
        "Айгуль Садыкова",
        "+996 555 123 456",
        "vegetarian",
    )
    erlan = Participant.objects.get(email="erlan@e.kg")
    assert (erlan.event, erlan.coalition, erlan.photo_consent) == (event, coalition, False)


def test_a_file_with_bad_rows_is_refused_whole_with_a_message_per_row(staff):
    event, coalition, _owner = workshop_with_selected_coalition()
    event.call.attendees_per_coalition = 2
    event.call.save()
    not_selected = ApplicationFactory(call=event.call).coalition
    upload = workbook(
        person(event, coalition, "Хороший Человек", "good@e.kg"),
        person(event, not_selected, "Чужой", "other@e.kg"),
        person(event, coalition, "Без почты", "не-почта", diet="сыроедение"),
        person(event, coalition, "Второй", "two@e.kg", phone="12"),
        person(event, coalition, "Третий", "three@e.kg"),
    )

    response = staff.post(IMPORT_URL, {"format": "0", "import_file": upload})

    page = response.content.decode()
    result = response.context["result"]
    assert result.has_validation_errors()
    assert "не отобрана на этот конкурс" in page
    assert "«не-почта» — не адрес e-mail" in page
    assert "«вегетарианское»" in page  # the meal choices are listed
    assert "+996 и 9 цифр" in page
    assert "больше, чем разрешено (2)" in page
    assert response.context.get("confirm_form") is None
    assert not Participant.objects.exists()
