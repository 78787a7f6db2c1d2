"""Log lines of every process (web, worker, beat) in one form and one time zone.

``LOG_FORMAT=json`` gives one JSON object a line (for a log collector); otherwise plain
text. Either way the time is ISO 8601 in the portal's TIME_ZONE (Asia/Bishkek) with its
offset, whatever the machine's or the process's own zone. The Celery worker and beat use
the same configuration (``eged_portal.celery`` hands logging set-up to Django's LOGGING).
"""

import json
import logging
from datetime import datetime
from email.utils import getaddresses
from zoneinfo import ZoneInfo


def _zone():
    from django.conf import settings

    return ZoneInfo(settings.TIME_ZONE)


class LocalTimeFormatter(logging.Formatter):
    """Plain lines whose time is in TIME_ZONE, with its offset."""

    def formatTime(self, record, datefmt=None):
        moment = datetime.fromtimestamp(record.created, _zone())
        return moment.isoformat(timespec="milliseconds")


class JsonFormatter(LocalTimeFormatter):
    """One JSON object a line: time, level, logger, message, process, and the traceback."""

    def format(self, record):
        line = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if getattr(record, "status_code", None):
            line["status_code"] = record.status_code
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False)


def parse_admins(value: str) -> list[tuple[str, str]]:
    """``ADMINS="Name <a@b.kg>, c@d.kg"`` as Django's list of (name, address)."""
    return [(name or address, address) for name, address in getaddresses([value]) if address]


def logging_config(*, log_format: str, level: str, mail_admins: bool) -> dict:
    """Django's LOGGING: the console in the chosen format; error mail to ADMINS if asked."""
    handlers = {
        "console": {"class": "logging.StreamHandler", "formatter": log_format},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    }
    mailed = ["console", "mail_admins"] if mail_admins else ["console"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "formatters": {
            "plain": {
                "()": LocalTimeFormatter,
                "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
            },
            "json": {"()": JsonFormatter},
        },
        "handlers": handlers,
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own errors (500s) and failed Celery tasks: mailed unless Sentry has them.
            "django": {"handlers": mailed, "level": "INFO", "propagate": False},
            "celery.app.trace": {"handlers": mailed, "level": "INFO", "propagate": False},
            "django.db.backends": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


def start_sentry(dsn: str, *, environment: str, traces_sample_rate: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,  # no e-mail addresses or cookies of the people in reports
    )
