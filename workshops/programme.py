"""The workshop's programme: its days and sessions, publishing it, and sending it
to everyone who takes part."""

import datetime as dt

from django.conf import settings
from django.utils import timezone, translation

from core.queue import enqueue_on_commit
from notifications.models import OutgoingMessage
from notifications.services import Attachment, send_notification

from .models import Event
from .services import selected_coalition_ids


def sessions_by_day(event: Event) -> list[tuple[dt.date, list]]:
    sessions = event.sessions.select_related("speaker", "key_topic").order_by(
        "day", "starts_at", "room"
    )
    days: dict[dt.date, list] = {day: [] for day in event.days}
    for session in sessions:
        days.setdefault(session.day, []).append(session)
    return sorted(days.items())


def programme_recipients(event: Event) -> list[dict]:
    """Everyone the programme goes to: the people of selected coalitions and the confirmed
    participants, each address once, in their own language."""
    from accounts.models import User

    people: dict[str, dict] = {}
    members = User.objects.filter(
        is_active=True, coalition_memberships__coalition_id__in=selected_coalition_ids(event.call)
    ).distinct()
    for user in members.order_by("pk"):
        people.setdefault(user.email.lower(), {"to": user, "language": user.language})
    for participant in event.participants.select_related("user").order_by("pk"):
        if participant.email:
            account = participant.user
            people.setdefault(
                participant.email.lower(),
                {
                    "to": account or participant.email,
                    "language": account.language if account else settings.LANGUAGE_CODE,
                },
            )
    return [{"email": email, **person} for email, person in people.items()]


def publish_programme(event: Event) -> None:
    """Publish the programme and queue the mailing (each address gets it once)."""
    from . import tasks

    if event.programme_published_at is None:
        event.programme_published_at = timezone.now()
        event.save(update_fields=["programme_published_at"])
    enqueue_on_commit(tasks.send_programme, event_id=event.pk)


def send_programme(event: Event) -> int:
    """E-mail the published programme (PDF and calendar) to every recipient not yet sent
    it; returns how many messages were queued now."""
    from .calendar import programme_ics
    from .pdf import render_programme

    if not event.is_published:
        return 0
    pdfs: dict[str, bytes] = {}
    ics = programme_ics(event)
    sent = 0
    for person in programme_recipients(event):
        key = f"programme:{event.pk}:{person['email']}"
        if OutgoingMessage.objects.filter(key=key).exists():
            continue
        language = person["language"] or settings.LANGUAGE_CODE
        if language not in pdfs:
            with translation.override(language):
                pdfs[language] = render_programme(event)
        send_notification(
            to=person["to"],
            template="emails/programme",
            context={"event": event, "call": event.call},
            key=key,
            language=language,
            attachments=[
                Attachment(f"programme-{event.pk}.pdf", pdfs[language], "application/pdf"),
                Attachment(f"programme-{event.pk}.ics", ics, "text/calendar"),
            ],
        )
        sent += 1
    return sent
