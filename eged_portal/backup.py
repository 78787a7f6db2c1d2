"""Backups of the whole portal in one file: the database and the uploaded files.

An archive (``.tar.gz``) holds ``database.json`` — every table as ``dumpdata`` writes it,
with its own primary keys, content types and permissions, so a restore is an exact copy —
``media/`` (the private uploads) and ``backup.json`` (when, from which database engine,
how many rows). The same code works on SQLite and PostgreSQL, and an archive made on one
restores into the other. Sessions are left out: a restore signs everyone out.

Restoring replaces everything: the database is emptied and loaded in one transaction (a
failing load leaves it as it was), then the uploads folder is swapped for the archive's.
Archives are read with ``tarfile``'s "data" filter, so a crafted archive cannot write
outside the uploads folder.
"""

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

DATABASE_MEMBER = "database.json"
MANIFEST_MEMBER = "backup.json"
MEDIA_PREFIX = "media"
EXCLUDED = ["sessions"]


class BackupError(Exception):
    pass


def create_backup(*, path: Path) -> dict:
    """Write the database and the uploaded files to ``path``; returns the manifest."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / DATABASE_MEMBER
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            output=str(dump),
            indent=None,
            verbosity=0,
        )
        rows = len(json.loads(dump.read_text(encoding="utf-8")))
        media_root = Path(settings.MEDIA_ROOT)
        files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
        manifest = {
            "made_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "rows": rows,
            "files": len(files),
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST_MEMBER)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DATABASE_MEMBER)
            for file in files:
                archive.add(file, arcname=f"{MEDIA_PREFIX}/{file.relative_to(media_root)}")
        partial.replace(path)  # a half-written archive never carries the final name
    return manifest


def restore_backup(*, path: Path) -> dict:
    """Replace the database and the uploaded files with the archive's; returns its manifest."""
    if not path.is_file():
        raise BackupError(f"No backup at {path}")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent) as folder:
        unpacked = Path(folder)
        try:
            with tarfile.open(path, "r:gz") as archive:
                archive.extractall(unpacked, filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"{path} is not a readable backup: {error}") from error
        dump = unpacked / DATABASE_MEMBER
        manifest_file = unpacked / MANIFEST_MEMBER
        if not dump.is_file() or not manifest_file.is_file():
            raise BackupError(f"{path} has no {DATABASE_MEMBER} or {MANIFEST_MEMBER}")
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))

        with transaction.atomic():
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(dump), verbosity=0)

        new_media = unpacked / MEDIA_PREFIX
        new_media.mkdir(exist_ok=True)
        old_media = unpacked / "media-before-restore"
        if media_root.exists():
            media_root.replace(old_media)
        new_media.replace(media_root)
    return manifest
