"""The programme as a calendar file: one entry per session, in Bishkek time."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from . import programme


def programme_ics(event) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//EGED portal//IPR//RU")
    calendar.add("version", "2.0")
    tz = timezone.get_default_timezone()
    url = settings.SITE_URL + reverse("workshops:programme", kwargs={"pk": event.pk})
    for day, sessions in programme.sessions_by_day(event):
        for session in sessions:
            entry = Event()
            entry.add("uid", f"session-{session.pk}@eged.dpi.kg")
            entry.add("sequence", event.calendar_sequence)  # raised when the event moves
            entry.add("summary", session.tr("title"))
            entry.add("dtstamp", timezone.now())
            entry.add("dtstart", dt.datetime.combine(day, session.starts_at, tzinfo=tz))
            entry.add("dtend", dt.datetime.combine(day, session.ends_at, tzinfo=tz))
            place = ", ".join(part for part in (event.venue, session.room) if part)
            if place:
                entry.add("location", place)
            entry.add("description", "\n".join(p for p in (session.tr("description"), url) if p))
            calendar.add_component(entry)
    return calendar.to_ical()
