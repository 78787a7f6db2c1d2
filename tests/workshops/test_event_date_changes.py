"""Issue 19: staff moving a workshop event tell its participants once; the programme's
calendar entries are updated (same UID, SEQUENCE raised), not doubled."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from icalendar import Calendar

from notifications.models import OutgoingMessage
from tests.factories import UserFactory, user_with_role
from workshops.calendar import programme_ics
from workshops.models import Event

from .factories import ParticipantFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _staff_save(event: Event, **changes) -> None:
    for name, value in changes.items():
        setattr(event, name, value)
    request = RequestFactory().post("/admin/")
    request.user = user_with_role("programme_staff")
    request.session = {}
    request._messages = FallbackStorage(request)
    admin.site._registry[Event].save_model(request, event, form=None, change=True)


def _entry(ics: bytes):
    return Calendar.from_ical(ics).walk("VEVENT")[0]


def test_moving_the_workshop_tells_each_participant_once_with_an_updated_programme():
    kyrgyz = UserFactory(language="ky")
    first = ParticipantFactory()
    second = ParticipantFactory(event=first.event, email=kyrgyz.email, user=kyrgyz)
    event = first.event
    SessionFactory(event=event)
    before = _entry(programme_ics(event))
    OutgoingMessage.objects.all().delete()

    _staff_save(
        event,
        starts_on=dt.date(2030, 6, 20),
        ends_on=dt.date(2030, 6, 24),
        venue="г. Ош, гостиница «Алай»",
    )
    _staff_save(event)  # saved again unchanged: nothing more

    told = {m.to_email: m for m in OutgoingMessage.objects.all()}
    assert sorted(told) == sorted([first.email, second.email])
    ru = told[first.email].body_text
    assert "13 июня 2030 → 20 июня 2030" in ru
    assert "г. Бишкек, конференц-зал ИПР → г. Ош, гостиница «Алай»" in ru
    assert told[second.email].language == "ky"
    update = _entry(bytes(told[first.email].attachments.get().content))
    assert update["uid"] == before["uid"]
    assert int(update["sequence"]) == int(before["sequence"]) + 1
    assert update.decoded("dtstart").date() == dt.date(2030, 6, 20)


def test_changing_only_the_title_sends_nothing():
    participant = ParticipantFactory()
    OutgoingMessage.objects.all().delete()
    _staff_save(participant.event, title="Другое название")
    assert not OutgoingMessage.objects.exists()


def test_without_a_programme_the_message_promises_no_calendar_file():
    participant = ParticipantFactory()
    OutgoingMessage.objects.all().delete()
    _staff_save(participant.event, venue="г. Нарын")
    message = OutgoingMessage.objects.get()
    assert "г. Нарын" in message.body_text
    assert ".ics" not in message.body_text and not message.attachments.exists()
