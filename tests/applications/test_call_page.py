import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from calls.models import FaqEntry

from .factories import BISHKEK, CallFactory

pytestmark = pytest.mark.django_db


def test_the_call_page_highlights_today_and_shows_faq_and_contact(client):
    call = CallFactory()
    FaqEntry.objects.create(call=call, question="Можно ли без пары?", answer="Да, можно.")
    with time_machine.travel(dt.datetime(2030, 5, 20, 12, 0, tzinfo=BISHKEK), tick=False):
        page = client.get(call.get_absolute_url()).content.decode()
    current = page[
        page.index('aria-current="step"') - 300 : page.index('aria-current="step"') + 200
    ]
    assert "Крайний срок приёма заявок" in current
    assert "Можно ли без пары?" in page and "Да, можно." in page
    assert "contact@example.kg" in page
    assert reverse("applications:call_calendar_step", args=[call.slug, "workshop"]) in page


def test_each_dated_event_has_a_calendar_file(client):
    call = CallFactory()
    response = client.get(
        reverse("applications:call_calendar_step", args=[call.slug, "info_session"])
    )
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == dt.datetime(2030, 5, 16, 10, 0, tzinfo=BISHKEK)
    assert "https://zoom.example/j/1" in str(event.get("description"))

    workshop = Calendar.from_ical(
        client.get(reverse("applications:call_calendar_step", args=[call.slug, "workshop"])).content
    ).walk("VEVENT")[0]
    assert workshop.decoded("dtstart") == dt.date(2030, 6, 13)
    assert workshop.decoded("dtend") == dt.date(2030, 6, 18)

    everything = Calendar.from_ical(
        client.get(reverse("applications:call_calendar", args=[call.slug])).content
    )
    assert len(everything.walk("VEVENT")) == 4
    missing = client.get(reverse("applications:call_calendar_step", args=[call.slug, "selection"]))
    assert missing.status_code == 404
