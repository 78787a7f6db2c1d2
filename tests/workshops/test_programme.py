import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from workshops.admin import SessionForm, SessionFormSet
from workshops.models import Event, Session

from .factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _session(event, start, end, room="Большой зал", day=None):
    return Session(
        event=event,
        day=day or event.starts_on,
        starts_at=dt.time.fromisoformat(start),
        ends_at=dt.time.fromisoformat(end),
        title="Новая сессия",
        room=room,
    )


def test_a_session_overlapping_another_in_the_same_room_is_refused_with_the_other_named():
    event = EventFactory()
    SessionFactory(event=event, starts_at=dt.time(9), ends_at=dt.time(10, 30), title="Открытие")

    with pytest.raises(ValidationError) as error:
        _session(event, "10:00", "11:00").full_clean()

    message = " ".join(error.value.messages)
    assert "Большой зал" in message and "Открытие" in message and "09:00–10:30" in message


@pytest.mark.parametrize(
    ("start", "end", "room", "day_offset"),
    [
        ("10:30", "12:00", "Большой зал", 0),  # starts as the other ends
        ("08:00", "09:00", "Большой зал", 0),  # ends as the other starts
        ("09:30", "10:00", "Малый зал", 0),  # another room
        ("09:30", "10:00", "Большой зал", 1),  # another day
        ("09:30", "10:00", "", 0),  # no room: nothing to clash over
    ],
)
def test_sessions_that_do_not_share_room_and_time_are_accepted(start, end, room, day_offset):
    event = EventFactory()
    SessionFactory(event=event, starts_at=dt.time(9), ends_at=dt.time(10, 30))
    day = event.starts_on + dt.timedelta(days=day_offset)

    _session(event, start, end, room=room, day=day).full_clean()


def test_a_room_name_differing_only_in_case_and_spaces_is_the_same_room():
    event = EventFactory()
    SessionFactory(event=event, room="Большой зал")

    with pytest.raises(ValidationError):
        _session(event, "09:15", "09:45", room="  большой ЗАЛ ").full_clean()


def test_a_session_outside_the_event_days_or_ending_before_it_starts_is_refused():
    event = EventFactory()
    with pytest.raises(ValidationError) as error:
        _session(event, "11:00", "10:00", day=event.ends_on + dt.timedelta(days=1)).full_clean()
    assert set(error.value.message_dict) == {"day", "ends_at"}


def _formset(event, rows):
    FormSet = inlineformset_factory(
        Event,
        Session,
        form=SessionForm,
        formset=SessionFormSet,
        fields=["day", "starts_at", "ends_at", "title", "room"],
        extra=0,
    )
    existing = list(event.sessions.order_by("pk"))
    data = {
        "sessions-TOTAL_FORMS": str(len(rows)),
        "sessions-INITIAL_FORMS": str(len(existing)),
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        if index < len(existing):
            data[f"sessions-{index}-id"] = str(existing[index].pk)
        data |= {f"sessions-{index}-{key}": value for key, value in row.items()}
    return FormSet(data, instance=event, prefix="sessions")


def test_the_admin_programme_refuses_two_new_sessions_that_clash_with_each_other():
    event = EventFactory()
    day = event.starts_on.isoformat()
    formset = _formset(
        event,
        [
            {"day": day, "starts_at": "09:00", "ends_at": "10:00", "title": "А", "room": "Зал"},
            {"day": day, "starts_at": "09:30", "ends_at": "11:00", "title": "Б", "room": "Зал"},
        ],
    )

    assert not formset.is_valid()
    assert "«А»" in str(formset.errors[1])
    assert not event.sessions.exists()


def test_the_admin_programme_lets_staff_swap_two_sessions_in_one_save():
    event = EventFactory()
    first = SessionFactory(event=event, starts_at=dt.time(9), ends_at=dt.time(10), title="А")
    second = SessionFactory(event=event, starts_at=dt.time(10), ends_at=dt.time(11), title="Б")
    day = event.starts_on.isoformat()
    formset = _formset(
        event,
        [
            {
                "day": day,
                "starts_at": "10:00",
                "ends_at": "11:00",
                "title": "А",
                "room": "Большой зал",
            },
            {
                "day": day,
                "starts_at": "09:00",
                "ends_at": "10:00",
                "title": "Б",
                "room": "Большой зал",
            },
        ],
    )

    assert formset.is_valid(), formset.errors
    formset.save()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.starts_at, second.starts_at) == (dt.time(10), dt.time(9))
