"""Calendar files (.ics) for the dated steps of a call."""

import datetime as dt

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar, Event

from calls.models import Call, call_timeline


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//EGED portal//IPR//RU")
    calendar.add("version", "2.0")
    return calendar


def event_uid(call: Call, key: str) -> str:
    """The same for a step whatever its dates: a moved step is the same event."""
    return f"{call.slug}-{key}@eged.dpi.kg"


def _event(call: Call, step) -> Event:
    event = Event()
    event.add("uid", event_uid(call, step.key))
    # Raised each time staff move the step: calendars update the event they hold.
    event.add("sequence", call.calendar_sequences.get(step.key, 0))
    event.add("summary", f"{step.label} — {call.tr('title')}")
    event.add("dtstamp", timezone.now())
    url = f"{settings.SITE_URL}{call.get_absolute_url()}"
    event.add("url", url)
    description = [url]
    if step.key == "info_session":
        if call.info_session_link and call.info_session_format != Call.SessionFormat.OFFLINE:
            description.insert(0, call.info_session_link)
        if call.info_session_venue and call.info_session_format != Call.SessionFormat.ONLINE:
            event.add("location", call.tr("info_session_venue"))
    if step.key == "workshop" and call.workshop_venue:
        event.add("location", call.tr("workshop_venue"))
    event.add("description", "\n".join(description))
    if isinstance(step.start, dt.datetime):
        start = timezone.localtime(step.start)
        event.add("dtstart", start)
        # A deadline is a moment; a session lasts about two hours.
        length = dt.timedelta(hours=2) if step.key == "info_session" else dt.timedelta(0)
        event.add("dtend", start + length)
    else:
        event.add("dtstart", step.start)
        event.add("dtend", step.end + dt.timedelta(days=1))  # all-day end is exclusive
    return event


def call_ics(call: Call, *, key: str | None = None) -> bytes | None:
    """The whole timeline, or one step of it (``None`` if the call has no such step)."""
    return steps_ics(call, keys=None if key is None else {key})


def steps_ics(call: Call, *, keys=None) -> bytes | None:
    """The steps named in ``keys`` (all when ``None``); ``None`` if the call has none."""
    calendar = _calendar()
    steps = [s for s in call_timeline(call) if keys is None or s.key in keys]
    if not steps:
        return None
    for step in steps:
        calendar.add_component(_event(call, step))
    return calendar.to_ical()


def info_session_ics(call: Call) -> bytes:
    with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
        return call_ics(call, key="info_session") or b""
