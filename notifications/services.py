"""The one way the portal sends e-mail.

``send_notification`` renders the message in the recipient's language, records it and
hands it to the worker after the transaction commits; ``deliver_message`` sends it. A
message that fails stays recorded and is retried with back-off by the beat sweep until it
is sent or runs out of attempts. A logical key is sent at most once.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.queue import enqueue_on_commit

from .models import MessageAttachment, OutgoingMessage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render ``<template>_subject.txt``, ``_message.txt`` and optional ``_message.html``."""
    context = {"SITE_URL": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        subject = " ".join(subject.split())
        prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
        if prefix and not subject.startswith(prefix):
            subject = prefix + subject
        text = render_to_string(f"{template}_message.txt", context).strip() + "\n"
        try:
            html = render_to_string(f"{template}_message.html", context)
        except TemplateDoesNotExist:
            html = ""
    return subject[:255], text, html


def send_notification(
    *,
    to,
    template: str,
    context: dict,
    key: str | None,
    user=None,
    language: str | None = None,
    attachments: list[Attachment] = (),
) -> OutgoingMessage:
    """Record an e-mail and queue it; if ``key`` was already used, return that message.

    ``to`` is a person (a user) or an address; the message is rendered in ``language``,
    else the person's own language, else Russian. A ``key`` of ``None`` makes a message
    that is always new (a password reset asked for twice is two messages).
    """
    if hasattr(to, "email"):
        user, to_email = to, to.email
    else:
        to_email = str(to)
    language = language or getattr(user, "language", None) or settings.LANGUAGE_CODE
    key = key or f"unique:{uuid.uuid4()}"

    existing = OutgoingMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing

    subject, text, html = render_email(template=template, context=context, language=language)
    try:
        with transaction.atomic():
            message = OutgoingMessage.objects.create(
                key=key,
                recipient=user,
                to_email=to_email,
                language=language,
                template=template,
                subject=subject,
                body_text=text,
                body_html=html,
            )
            MessageAttachment.objects.bulk_create(
                MessageAttachment(
                    message=message, filename=a.filename, content=a.content, mimetype=a.mimetype
                )
                for a in attachments
            )
    except IntegrityError:
        # Someone else recorded the same logical message a moment ago.
        return OutgoingMessage.objects.get(key=key)

    from .tasks import deliver_message

    enqueue_on_commit(deliver_message, message.pk)
    return message


@dataclass(frozen=True)
class Notification:
    """One e-mail of a batch for ``send_notifications``: the arguments of
    ``send_notification`` (without attachments)."""

    to: object
    template: str
    context: dict
    key: str
    language: str | None = None


def _rendered_message(notification: Notification) -> OutgoingMessage:
    """One message of a batch, rendered in its recipient's language (not saved yet)."""
    to = notification.to
    user, to_email = (to, to.email) if hasattr(to, "email") else (None, str(to))
    language = notification.language or getattr(user, "language", None) or settings.LANGUAGE_CODE
    subject, text, html = render_email(
        template=notification.template, context=notification.context, language=language
    )
    return OutgoingMessage(
        key=notification.key,
        recipient=user,
        to_email=to_email,
        language=language,
        template=notification.template,
        subject=subject,
        body_text=text,
        body_html=html,
    )


def send_notifications(
    notifications: list[Notification], *, recorded: set[str] | None = None
) -> list[OutgoingMessage]:
    """Record and queue a batch of e-mails (a reminder run): the rules of
    ``send_notification`` — each rendered in its recipient's language, a key recorded at
    most once — in a fixed number of queries for the batch, and one task to deliver it.

    ``recorded``: the keys of the batch the caller found recorded in the same
    transaction (they are then not looked up again). Returns the messages recorded now
    (keys recorded before are left alone).
    """
    wanted: dict[str, Notification] = {}
    for notification in notifications:
        wanted.setdefault(notification.key, notification)
    if recorded is None:
        recorded = set(
            OutgoingMessage.objects.filter(key__in=list(wanted)).values_list("key", flat=True)
        )
    messages = [
        _rendered_message(notification)
        for key, notification in wanted.items()
        if key not in recorded
    ]
    if not messages:
        return []
    try:
        with transaction.atomic():
            messages = OutgoingMessage.objects.bulk_create(messages)
    except IntegrityError:
        # Someone recorded one of these keys a moment ago: one by one, as always.
        return [
            message
            for notification in wanted.values()
            if notification.key not in recorded
            for message in [
                send_notification(
                    to=notification.to,
                    template=notification.template,
                    context=notification.context,
                    key=notification.key,
                    language=notification.language,
                )
            ]
        ]

    from .tasks import deliver_messages

    enqueue_on_commit(deliver_messages, [message.pk for message in messages])
    return messages


def retry_delay(attempts: int) -> timedelta:
    """Back-off after the n-th failed attempt: 1, 4, 16, 64 … minutes, at most a day."""
    return timedelta(minutes=min(4 ** max(attempts - 1, 0), 24 * 60))


def deliver_message(*, message_id: int) -> OutgoingMessage | None:
    """Send a recorded message unless it was sent already. Safe to run twice at once."""
    with transaction.atomic():
        message = (
            OutgoingMessage.objects.select_for_update()
            .filter(pk=message_id)
            .prefetch_related("attachments")
            .first()
        )
        if message is None or message.status in (
            OutgoingMessage.Status.SENT,
            OutgoingMessage.Status.GAVE_UP,
        ):
            return message
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_email],
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        for attachment in message.attachments.all():
            email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
        message.attempts += 1
        try:
            email.send(fail_silently=False)
        except Exception as exc:
            logger.warning("E-mail %s to %s failed: %s", message.pk, message.to_email, exc)
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= settings.MAIL_MAX_ATTEMPTS:
                message.status = OutgoingMessage.Status.GAVE_UP
                message.next_attempt_at = None
            else:
                message.status = OutgoingMessage.Status.FAILED
                message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        else:
            message.status = OutgoingMessage.Status.SENT
            message.sent_at = timezone.now()
            message.next_attempt_at = None
            message.last_error = ""
        message.save(
            update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error"]
        )
        return message


def due_message_ids(*, now=None, stale_after: timedelta | None = None) -> list[int]:
    """Messages the sweep should hand to the worker again.

    Failed messages whose back-off has passed, and queued messages older than
    ``stale_after`` (``MAIL_REQUEUE_AFTER``; their task was lost: the broker was down or
    the worker died).
    """
    now = now or timezone.now()
    if stale_after is None:
        stale_after = timedelta(seconds=settings.MAIL_REQUEUE_AFTER)
    failed = OutgoingMessage.objects.filter(
        status=OutgoingMessage.Status.FAILED, next_attempt_at__lte=now
    )
    stale = OutgoingMessage.objects.filter(
        status=OutgoingMessage.Status.QUEUED, created_at__lte=now - stale_after
    )
    return list((failed | stale).order_by("pk").values_list("pk", flat=True)[:500])


def resend_message(*, message: OutgoingMessage) -> OutgoingMessage:
    """Staff give a message that gave up another round of attempts."""
    from .tasks import deliver_message as deliver_task

    if message.status == OutgoingMessage.Status.SENT:
        return message
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=OutgoingMessage.Status.QUEUED, attempts=0, next_attempt_at=None
    )
    enqueue_on_commit(deliver_task, message.pk)
    message.refresh_from_db()
    return message
