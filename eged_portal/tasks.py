"""The portal's own periodic work: the nightly backup."""

import logging

from celery import shared_task

from core.backup import create_backup, default_path, prune_backups

logger = logging.getLogger(__name__)


@shared_task(name="eged_portal.tasks.nightly_backup", acks_late=False)
def nightly_backup() -> str:
    """Back up the database and uploads into BACKUP_DIR, then delete archives older than
    BACKUP_KEEP_DAYS. Not acknowledged late: a backup cut short by a lost worker is not
    worth repeating twice in a row (tomorrow's comes anyway)."""
    path = default_path()
    create_backup(path=path)
    removed = prune_backups()
    logger.info("Nightly backup written to %s; %d old archives deleted", path, len(removed))
    return str(path)
