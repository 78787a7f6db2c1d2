"""Work for the Celery worker, sent only once the transaction that asked for it commits."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send ``task`` to the worker once the current transaction commits.

    If the broker cannot be reached the work is not lost: every task enqueued this way
    must be re-found by a periodic sweep (for e-mail, ``sweep_outgoing_mail``).
    """

    def _send():
        try:
            task.apply_async(args=args, kwargs=kwargs, retry=False)
        except Exception:
            logger.warning("Broker unavailable; %s will be picked up by the sweep", task.name)

    transaction.on_commit(_send)
