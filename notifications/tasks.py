from dataclasses import asdict

from celery import shared_task

from . import reminder_services, services


@shared_task(name="notifications.tasks.deliver_message")
def deliver_message(message_id: int) -> None:
    services.deliver_message(message_id=message_id)


@shared_task(name="notifications.tasks.deliver_messages")
def deliver_messages(message_ids: list[int]) -> None:
    """A batch recorded together (a reminder run); each is sent at most once."""
    for message_id in message_ids:
        services.deliver_message(message_id=message_id)


@shared_task(name="notifications.tasks.sweep_outgoing_mail")
def sweep_outgoing_mail() -> int:
    """Beat: hand failed (after back-off) and stalled messages back to the worker."""
    ids = services.due_message_ids()
    for message_id in ids:
        deliver_message.delay(message_id)
    return len(ids)


@shared_task(name="notifications.tasks.send_due_reminders")
def send_due_reminders() -> dict:
    """Beat: record and queue every reminder due now (each person once per reminder)."""
    return asdict(reminder_services.send_due_reminders())
