import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from tests.factories import user_with_role
from tests.workbooks import headers, open_workbook, sheet_rows
from workshops.models import Attendance

from .factories import ParticipantFactory, workshop_with_selected_coalition

pytestmark = pytest.mark.django_db


def _export(client):
    url = reverse("admin:workshops_participant_export")
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return open_workbook(response.content)


def _people(count):
    event, coalition, _owner = workshop_with_selected_coalition()
    people = []
    for n in range(count):
        person = ParticipantFactory(
            event=event,
            coalition=coalition,
            full_name=f"Участник {n:03d}",
            nights=[event.nights[0].isoformat(), event.nights[1].isoformat()],
            diet="vegetarian",
            accessibility="Пандус",
        )
        for day in event.days[: 1 + n % 5]:
            Attendance.objects.create(participant=person, day=day)
        people.append(person)
    return event, coalition, people


def test_staff_export_participants_with_needs_and_attendance_per_day(client):
    event, _coalition, people = _people(3)
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))

    book = _export(client)

    sheet = book["Участники"]
    assert headers(sheet)[:4] == ["№", "мероприятие", "коалиция", "имя и фамилия"]
    rows = sheet_rows(sheet)
    assert [row["имя и фамилия"] for row in rows] == [p.full_name for p in people]
    first = rows[0]
    assert first["ночи в гостинице"] == 2
    assert first["первая ночь"] == dt.datetime.combine(event.nights[0], dt.time())
    assert first["питание"] == "вегетарианское" and first["доступность"] == "Пандус"
    assert [row["дней посещено"] for row in rows] == [1, 2, 3]
    assert sheet.freeze_panes == "A2"
    grid = book.worksheets[1]
    assert grid.title.startswith("Посещаемость")
    grid_rows = sheet_rows(grid)
    assert grid_rows[2]["день 3, 15.06"] == 1 and grid_rows[2]["день 4, 16.06"] == 0
    assert grid_rows[-1]["участник"] is None and grid_rows[-1]["день 1, 13.06"] == 3


def test_the_export_does_not_query_per_row(client):
    client.force_login(user_with_role(roles.PROGRAMME_STAFF))
    _people(2)
    with CaptureQueriesContext(connection) as few:
        _export(client)
    _people(20)
    with CaptureQueriesContext(connection) as many:
        _export(client)

    # One more event makes one more attendance sheet (two queries); not one per row.
    assert len(many) <= len(few) + 2


def test_finance_cannot_export_participants(client):
    _people(1)
    client.force_login(user_with_role(roles.FINANCE))
    url = reverse("admin:workshops_participant_export")
    assert client.get(url).status_code == 403


def test_the_programme_report_has_the_workshop_sheet_with_attendance_rates(tmp_path):
    from reports.programme import build_programme_report

    event, coalition, people = _people(4)  # attended 1, 2, 3 and 4 days
    target = tmp_path / "report.xlsx"

    build_programme_report(call=event.call, target=target)

    rows = sheet_rows(open_workbook(target.read_bytes())["Практикум"])
    by_label = {(row["разрез"], row["значение"]): row for row in rows}
    assert by_label[("всего", "подтверждённых участников")]["человек"] == 4
    assert by_label[("коалиция", coalition.name)]["человек"] == 4
    day_one = by_label[("посещаемость", "день 1, 13.06.2030")]
    assert (day_one["человек"], day_one["доля, %"]) == (4, 100)
    day_four = by_label[("посещаемость", "день 4, 16.06.2030")]
    assert (day_four["человек"], day_four["доля, %"]) == (1, 25)
    assert by_label[("сертификаты", "посетили достаточно дней")]["человек"] == 1
    assert len(people) == 4
