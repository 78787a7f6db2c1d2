"""Issue 19: when staff move a date or place people rely on, those concerned are told once.

Each person gets ONE message in their language saying what changed (old → new), with the
calendar event as an update (same UID, SEQUENCE raised); a save that changes nothing sends
nothing.
"""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from icalendar import Calendar

from applications.calendar import call_ics
from applications.date_changes import announce_changes, snapshot
from applications.models import Application
from calls.models import Call, InfoSessionRegistration
from notifications.models import OutgoingMessage
from tests.factories import user_with_role

from .factories import BISHKEK, ApplicationFactory, CallFactory, member_of

pytestmark = pytest.mark.django_db

NEW_TIME = dt.datetime(2030, 5, 17, 15, 30, tzinfo=BISHKEK)


def _registrants(call):
    for language, name in (("ru", "Айгуль"), ("ky", "Бакыт"), ("en", "Emma")):
        InfoSessionRegistration.objects.create(
            call=call,
            full_name=name,
            email=f"{name.lower()}@example.kg",
            mode="online",
            language=language,
        )


def _staff_save(call: Call, **changes) -> None:
    """What the call's admin page does when staff save it."""
    for name, value in changes.items():
        setattr(call, name, value)
    request = RequestFactory().post("/admin/")
    request.user = user_with_role("programme_staff")
    request.session = {}
    request._messages = FallbackStorage(request)
    admin.site._registry[Call].save_model(request, call, form=None, change=True)


def _event(ics: bytes):
    return Calendar.from_ical(ics).walk("VEVENT")[0]


def test_moving_the_info_session_tells_each_registrant_once_in_their_language():
    call = CallFactory()
    _registrants(call)
    before = _event(call_ics(call, key="info_session"))

    _staff_save(call, info_session_at=NEW_TIME)

    messages = {m.to_email: m for m in OutgoingMessage.objects.all()}
    assert sorted(messages) == ["emma@example.kg", "айгуль@example.kg", "бакыт@example.kg"]
    ru, ky, en = (messages[f"{n}@example.kg"] for n in ("айгуль", "бакыт", "emma"))
    assert "16 мая 2030, 10:00 → 17 мая 2030, 15:30" in ru.body_text
    assert "16 May 2030, 10:00 → 17 May 2030, 15:30" in en.body_text
    assert "information session" in en.body_text.lower()
    assert (ru.language, ky.language, en.language) == ("ru", "ky", "en")
    assert "маалыматтык жолугушуу" in ky.body_text.lower() and "10:00 →" in ky.body_text
    assert "15:30" in ky.body_text

    update = _event(bytes(ru.attachments.get().content))
    assert update["uid"] == before["uid"]
    assert int(update["sequence"]) == int(before.get("sequence", 0)) + 1
    assert update.decoded("dtstart") == NEW_TIME
    served = _event(call_ics(Call.objects.get(pk=call.pk), key="info_session"))
    assert int(served["sequence"]) == int(update["sequence"])  # the page's file too


def test_saving_without_a_change_sends_nothing_and_keeps_the_sequence():
    call = CallFactory()
    _registrants(call)
    _staff_save(call, title="Новое название")  # not a date people rely on
    _staff_save(call)
    assert not OutgoingMessage.objects.exists()
    assert Call.objects.get(pk=call.pk).calendar_sequences == {}


def test_a_second_change_is_a_second_message_and_the_same_change_is_not_repeated():
    call = CallFactory()
    _registrants(call)
    before = snapshot(Call.objects.get(pk=call.pk))
    call.info_session_link = "https://zoom.example/j/2?pwd=abc"
    call.save()
    assert announce_changes(call, before) == 3
    _staff_save(call)  # saved again as it is: nothing more
    assert OutgoingMessage.objects.count() == 3
    _staff_save(call, info_session_at=NEW_TIME)
    assert OutgoingMessage.objects.count() == 6
    assert Call.objects.get(pk=call.pk).calendar_sequences == {"info_session": 2}


def test_a_moved_deadline_reaches_the_applicants_not_the_registrants():
    call = CallFactory()
    _registrants(call)
    draft = ApplicationFactory(call=call)
    submitted = ApplicationFactory(call=call, status=Application.Status.SUBMITTED)
    withdrawn = ApplicationFactory(call=call, status=Application.Status.WITHDRAWN)
    owners = [member_of(a.coalition, language="en") for a in (draft, submitted, withdrawn)]

    _staff_save(call, application_deadline=dt.datetime(2030, 6, 1, 23, 59, 59, tzinfo=BISHKEK))

    told = {m.to_email: m for m in OutgoingMessage.objects.all()}
    assert sorted(told) == sorted([owners[0].email, owners[1].email])
    assert "25 May 2030, 23:59 → 1 June 2030, 23:59" in told[owners[0].email].body_text


def test_a_moved_workshop_reaches_its_participants():
    from tests.workshops.factories import ParticipantFactory

    participant = ParticipantFactory()
    call = participant.event.call
    OutgoingMessage.objects.all().delete()
    _staff_save(call, workshop_venue="г. Ош, гостиница «Алай»")
    told = OutgoingMessage.objects.filter(to_email=participant.email).get()
    assert "не указано → г. Ош, гостиница «Алай»" in told.body_text


def test_a_moved_venue_reads_in_each_readers_language():
    call = CallFactory()
    _registrants(call)
    _staff_save(
        call,
        info_session_venue="Бишкек, ул. Токтогула, 125",
        info_session_venue_ky="Бишкек ш., Токтогул көч., 125",
        info_session_venue_en="125 Toktogul St, Bishkek",
    )
    told = {m.to_email: m.body_text for m in OutgoingMessage.objects.all()}
    assert "Бишкек, ул. Токтогула, 125" in told["айгуль@example.kg"]
    assert "Бишкек ш., Токтогул көч., 125" in told["бакыт@example.kg"]
    assert "125 Toktogul St, Bishkek" in told["emma@example.kg"]
    assert "ул. Токтогула" not in told["emma@example.kg"]

    OutgoingMessage.objects.all().delete()
    _staff_save(call, info_session_venue_en="125 Toktogul Street, Bishkek")  # English only
    assert OutgoingMessage.objects.count() == 3  # the venue changed: everyone is told


def test_a_draft_call_tells_nobody():
    call = CallFactory(status=Call.Status.DRAFT)
    _registrants(call)
    _staff_save(call, info_session_at=NEW_TIME)
    assert not OutgoingMessage.objects.exists()


def test_correcting_a_step_already_over_tells_nobody():
    import time_machine

    call = CallFactory()
    _registrants(call)
    with time_machine.travel(dt.datetime(2030, 9, 1, 12, 0, tzinfo=BISHKEK), tick=False):
        _staff_save(call, info_session_link="https://zoom.example/j/1?pwd=fixed")
    assert not OutgoingMessage.objects.exists()
