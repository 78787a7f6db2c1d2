"""Restoring a backup made by ``core.backup``: check everything, then replace.

1. The whole archive is read into a staging folder and checked against its manifest: ours
   (format and version), complete (every listed file there with its size and SHA-256, nothing
   else), made from this portal's database engine. Anything wrong stops here with one line,
   and nothing of the portal has changed.
2. The uploads folder's *contents* are swapped for the archive's (the old ones are kept
   aside inside it until the end): the folder itself may be a mount point, which cannot be
   renamed or removed.
3. The database is replaced in one step — ``pg_restore --clean --if-exists`` in a single
   transaction on PostgreSQL, SQLite's online backup API into the live file — and if that
   fails the old uploads are put back.
"""

import hashlib
import json
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection

from .backup import (
    CHUNK,
    DATABASE_MEMBERS,
    FORMAT,
    MANIFEST_MEMBER,
    MEDIA_PREFIX,
    RESTORE_LEFTOVER,
    VERSION,
    BackupError,
    run_postgres,
)

# What archives of format 1 (``dumpdata`` JSON) held.
OLD_FORMAT_MEMBERS = {"database.json", "backup.json"}


def restore_backup(*, path: Path) -> dict:
    """Replace the database and the uploaded files with the archive's; returns its manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup at {path}")
    staging_parent = Path(settings.BACKUP_DIR)
    staging_parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(dir=staging_parent, prefix=".restore-") as folder:
        staged = Path(folder)
        manifest = unpack_and_check(path, staged)
        database = staged / DATABASE_MEMBERS[manifest["engine"]]
        media = Path(settings.MEDIA_ROOT)
        media.mkdir(parents=True, exist_ok=True)
        aside = swap_media_contents(media, staged / MEDIA_PREFIX)
        try:
            connection.close()
            restore_database(manifest["engine"], database)
        except BaseException:
            put_back_media(media, aside)
            raise
        shutil.rmtree(aside)
    return manifest


def unpack_and_check(path: Path, staged: Path) -> dict:
    """Unpack ``path`` into ``staged`` and check it against its manifest; returns the manifest."""
    found = {}
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                found[member.name] = _unpack_member(tar, member, staged, path)
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise BackupError(f"{path} is not a complete backup archive ({error}).") from error
    if MANIFEST_MEMBER not in found:
        raise BackupError(f"{path} is not a backup of this portal, or it is cut short.")
    manifest = _read_manifest(path, staged / MANIFEST_MEMBER)
    listed = {item["name"]: (item["size"], item["sha256"]) for item in manifest["files"]}
    del found[MANIFEST_MEMBER]
    if set(found) != set(listed):
        missing, extra = sorted(set(listed) - set(found)), sorted(set(found) - set(listed))
        raise BackupError(
            f"{path} does not match its manifest (missing: {missing[:3]}, unexpected: {extra[:3]})."
        )
    for name, checked in found.items():
        if checked != listed[name]:
            raise BackupError(f"{path} is damaged: {name} differs from its manifest.")
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"{path} is a backup of a {manifest['engine']} database; this portal runs on "
            f"{connection.vendor}."
        )
    if DATABASE_MEMBERS[manifest["engine"]] not in found:
        raise BackupError(f"{path} holds no database.")
    (staged / MEDIA_PREFIX).mkdir(exist_ok=True)
    return manifest


def _unpack_member(tar, member, staged: Path, path: Path) -> tuple[int, str]:
    name = PurePosixPath(member.name)
    if member.name in OLD_FORMAT_MEMBERS:
        raise BackupError(
            f"{path} is a backup in the old format (dumpdata JSON) of an earlier version of "
            "the portal; restore it with that version."
        )
    allowed = member.name == MANIFEST_MEMBER or member.name in DATABASE_MEMBERS.values()
    allowed = allowed or (len(name.parts) > 1 and name.parts[0] == MEDIA_PREFIX)
    if not member.isfile() or name.is_absolute() or ".." in name.parts or not allowed:
        raise BackupError(f"{path} is not a backup of this portal ({member.name!r} in it).")
    target = staged.joinpath(*name.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    source = tar.extractfile(member)
    with open(target, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def _read_manifest(path: Path, file: Path) -> dict:
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
        ours = manifest.get("format") == FORMAT and manifest.get("version") == VERSION
        ours = ours and manifest.get("engine") in DATABASE_MEMBERS
        ours = ours and all({"name", "size", "sha256"} <= set(f) for f in manifest["files"])
    except (ValueError, AttributeError, KeyError, TypeError):
        ours = False
    if not ours:
        raise BackupError(f"{path} is not a backup made by this version of the portal.")
    return manifest


def swap_media_contents(media: Path, new: Path) -> Path:
    """Move what ``media`` holds aside (into a folder inside it) and ``new``'s contents in;
    returns the folder the old contents are in."""
    aside = Path(tempfile.mkdtemp(dir=media, prefix=RESTORE_LEFTOVER))
    for child in list(media.iterdir()):
        if child != aside and not child.name.startswith(RESTORE_LEFTOVER):
            child.rename(aside / child.name)
    try:
        for child in new.iterdir():
            shutil.move(child, media / child.name)
    except BaseException:
        put_back_media(media, aside)
        raise
    return aside


def put_back_media(media: Path, aside: Path) -> None:
    for child in list(media.iterdir()):
        if child != aside:
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    for child in list(aside.iterdir()):
        child.rename(media / child.name)
    aside.rmdir()


def restore_database(engine: str, database: Path) -> None:
    if engine == "postgresql":
        run_postgres(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(database),
        )
        return
    connection.ensure_connection()
    source = sqlite3.connect(database)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
