from celery import shared_task
from django.utils import timezone

from . import programme, services
from .models import Event, Participant


@shared_task(name="workshops.tasks.send_programme")
def send_programme(event_id: int) -> int:
    event = Event.objects.select_related("call").filter(pk=event_id).first()
    return programme.send_programme(event) if event else 0


@shared_task(name="workshops.tasks.sweep_programmes")
def sweep_programmes() -> int:
    """Send published programmes of events not yet over to whoever has not had them: people
    confirmed later, and mailings whose task was lost while the broker was down."""
    events = Event.objects.filter(
        programme_published_at__isnull=False, ends_on__gte=timezone.localdate()
    ).select_related("call")
    return sum(programme.send_programme(event) for event in events)


@shared_task(name="workshops.tasks.send_certificate")
def send_certificate(participant_id: int) -> None:
    participant = (
        Participant.objects.select_related("event__call", "user", "certificate")
        .filter(pk=participant_id, certificate__isnull=False)
        .first()
    )
    if participant is not None:
        services.send_certificate(participant)
