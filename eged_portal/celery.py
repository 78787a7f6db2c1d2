"""The Celery app: tasks from every Django app, a beat schedule, at-least-once delivery.

Tasks are thin and idempotent; whatever they do twice does no harm. Work is enqueued only
after the database transaction that asked for it commits (see ``enqueue_on_commit``).
"""

import logging
import os

from celery import Celery, signals
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eged_portal.settings")

app = Celery("eged_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@signals.setup_logging.connect
def _log_as_django_does(**kwargs):
    """The worker and beat log through Django's LOGGING (same format, LOG_FORMAT=json, times
    in TIME_ZONE) instead of Celery's own format."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@app.on_after_finalize.connect
def _schedule_periodic_tasks(sender, **kwargs):
    from django.conf import settings

    sender.add_periodic_task(
        settings.MAIL_SWEEP_INTERVAL,
        sender.signature("notifications.tasks.sweep_outgoing_mail"),
        name="Resend queued and failed e-mail",
    )
    sender.add_periodic_task(
        settings.REMINDER_INTERVAL,
        sender.signature("notifications.tasks.send_due_reminders"),
        name="Send due deadline reminders",
    )
    sender.add_periodic_task(
        settings.REMINDER_INTERVAL,
        sender.signature("workshops.tasks.sweep_programmes"),
        name="Send published programmes to people who have not had them",
    )
    sender.add_periodic_task(
        settings.REMINDER_INTERVAL,
        sender.signature("grants.tasks.sweep_contracts"),
        name="Print contracts whose build task was lost",
    )
    sender.add_periodic_task(
        settings.MAIL_SWEEP_INTERVAL,
        sender.signature("reports.tasks.sweep_report_jobs"),
        name="Build programme reports whose task or worker was lost",
    )
    sender.add_periodic_task(
        crontab(hour=settings.BACKUP_HOUR, minute=0),
        sender.signature("eged_portal.tasks.nightly_backup"),
        name="Back up the database and uploaded files; delete old backups",
    )
