"""Whether background work keeps up: the broker can be reached and e-mail does not wait.

Staff see the answer as a banner in the admin. It is worked out at most once per
``BACKGROUND_CHECK_INTERVAL`` seconds in each process (kept in the process, not in the
cache: the cache may live in the very Redis that is down), with a short connection
timeout, so a broker that is down does not slow every page.
"""

import logging
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .celery import app as celery_app

logger = logging.getLogger(__name__)


def check_broker(timeout: float = 2) -> str:
    """``"ok"`` when the Celery broker accepts a connection; raises otherwise."""
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
    return "ok"


@dataclass(frozen=True)
class Delays:
    broker_error: str  # empty when the broker is reachable
    waiting: int  # e-mails overdue: queued or due for a retry for too long
    oldest_minutes: int

    def messages(self) -> list[str]:
        found = []
        if self.broker_error:
            found.append(
                _(
                    "Фоновые задачи задерживаются: очередь задач недоступна (%(error)s). "
                    "Страницы и формы работают; письма сохранены и уйдут, когда очередь "
                    "снова заработает."
                )
                % {"error": self.broker_error}
            )
        if self.waiting:
            found.append(
                ngettext(
                    "Фоновые задачи задерживаются: %(count)d письмо ждёт отправки уже "
                    "%(minutes)d мин. Проверьте, что работают Celery worker и beat.",
                    "Фоновые задачи задерживаются: %(count)d письма ждут отправки, самое "
                    "давнее — %(minutes)d мин. Проверьте, что работают Celery worker и beat.",
                    self.waiting,
                )
                % {"count": self.waiting, "minutes": self.oldest_minutes}
            )
        return found


def _overdue_mail(now) -> tuple[int, int]:
    from django.db.models import Count, Min, Q

    from notifications.models import OutgoingMessage

    limit = now - timedelta(seconds=settings.MAIL_DELAY_WARNING)
    overdue = OutgoingMessage.objects.filter(
        Q(status=OutgoingMessage.Status.QUEUED, created_at__lte=limit)
        | Q(status=OutgoingMessage.Status.FAILED, next_attempt_at__lte=limit)
    ).aggregate(
        count=Count("pk"),
        queued=Min("created_at", filter=Q(status=OutgoingMessage.Status.QUEUED)),
        failed=Min("next_attempt_at", filter=Q(status=OutgoingMessage.Status.FAILED)),
    )
    since = [moment for moment in (overdue["queued"], overdue["failed"]) if moment]
    if not since:
        return 0, 0
    return overdue["count"], int((now - min(since)).total_seconds() // 60)


_lock = threading.Lock()
_last: dict = {}


def current_delays() -> Delays:
    """What delays background work now (cached in the process for a short while)."""
    now = time.monotonic()
    with _lock:
        if _last and now - _last["at"] < settings.BACKGROUND_CHECK_INTERVAL:
            return _last["delays"]
    try:
        check_broker(timeout=settings.BACKGROUND_BROKER_TIMEOUT)
        broker_error = ""
    except Exception as exc:
        logger.warning("Celery broker unreachable: %s", exc)
        broker_error = type(exc).__name__
    waiting, oldest = _overdue_mail(timezone.now())
    delays = Delays(broker_error=broker_error, waiting=waiting, oldest_minutes=oldest)
    with _lock:
        _last.update(at=time.monotonic(), delays=delays)
    return delays


def forget() -> None:
    """Check again on the next page (tests; after a repair)."""
    with _lock:
        _last.clear()
