"""Backups of the whole portal in one file: the database and the uploaded files.

An archive (``.tar.gz``, mode 0600) holds the database as its own engine copies it —
PostgreSQL by ``pg_dump`` in the custom format, SQLite by its online backup API — the
uploaded files under ``media/``, and last a manifest (``eged-backup.json``): the format and
its version, the database engine, when it was made, and every other member with its size
and SHA-256. Sessions are left out: a restore signs everyone out.

Restoring (``core.restore``) reads and checks the whole archive before it changes
anything, and replaces the *contents* of the uploads folder, never the folder itself (it is
a mounted volume in Docker).
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = "eged-portal-backup"
VERSION = 2
MANIFEST_MEMBER = "eged-backup.json"
MEDIA_PREFIX = "media"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
ARCHIVE_GLOB = "eged-*.tar.gz"
# Left inside the uploads folder for a moment by a restore; never backed up.
RESTORE_LEFTOVER = ".restore-"
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


def default_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BACKUP_DIR) / f"eged-{stamp}.tar.gz"


def create_backup(*, path: Path | None = None) -> dict:
    """Write the database and the uploaded files to ``path``; returns the manifest."""
    path = Path(path or default_path())
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = connection.vendor
    if engine not in DATABASE_MEMBERS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        dump = Path(folder) / DATABASE_MEMBERS[engine]
        (dump_postgresql if engine == "postgresql" else dump_sqlite)(dump)
        members = []
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                members.append(_add_file(tar, dump, DATABASE_MEMBERS[engine]))
                for file, name in media_files():
                    members.append(_add_file(tar, file, name))
                manifest = {
                    "format": FORMAT,
                    "version": VERSION,
                    "engine": engine,
                    "created": timezone.localtime().isoformat(),
                    "files": members,
                }
                _add_bytes(tar, MANIFEST_MEMBER, json.dumps(manifest, indent=1).encode())
            os.chmod(partial, 0o600)
            partial.replace(path)  # a half-written archive never carries the final name
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def media_files():
    """(file, archive name) of every uploaded file."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for file in sorted(root.rglob("*")):
        relative = file.relative_to(root)
        if relative.parts[0].startswith(RESTORE_LEFTOVER) or not file.is_file():
            continue
        yield file, f"{MEDIA_PREFIX}/{relative.as_posix()}"


def dump_sqlite(target: Path) -> None:
    """A consistent copy of the live SQLite database (its online backup API), without sessions."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("DELETE FROM django_session")
        copy.commit()
        copy.execute("VACUUM")  # the deleted sessions leave no trace in free pages
    finally:
        copy.close()


def postgres_command(program: str, *args: str) -> tuple[list[str], dict]:
    """``program`` with the connection arguments of Django's database, and its environment."""
    params = connection.settings_dict
    command = [program, "--no-password", "--dbname", params["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if params.get(key):
            command += [flag, str(params[key])]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return [*command, *args], env


def run_postgres(program: str, *args: str) -> None:
    command, env = postgres_command(program, *args)
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{program} is not installed (the postgresql-client package).") from error
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or ["(no message)"]
        raise BackupError(f"{program} failed: {lines[-1]}")


def dump_postgresql(target: Path) -> None:
    run_postgres(
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        "--exclude-table-data=django_session",
        "--file",
        str(target),
    )


def _add_file(tar: tarfile.TarFile, file: Path, name: str) -> dict:
    digest = hashlib.sha256()
    with open(file, "rb") as source:
        info = tar.gettarinfo(fileobj=source, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o600
        tar.addfile(info, _Hashing(source, digest))
    return {"name": name, "size": info.size, "sha256": digest.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(data))


class _Hashing:
    """A file read through: what ``tarfile`` copies is hashed on the way."""

    def __init__(self, source, digest):
        self.source, self.digest = source, digest

    def read(self, size=-1):
        data = self.source.read(size)
        self.digest.update(data)
        return data


def prune_backups(*, keep_days: float | None = None, now: float | None = None) -> list[Path]:
    """Delete the archives in BACKUP_DIR older than BACKUP_KEEP_DAYS; returns them.

    The newest archive is always kept, however old, so a stopped beat never leaves none.
    """
    keep_days = settings.BACKUP_KEEP_DAYS if keep_days is None else keep_days
    cutoff = (now or time.time()) - keep_days * 24 * 3600
    archives = sorted(Path(settings.BACKUP_DIR).glob(ARCHIVE_GLOB), key=lambda p: p.stat().st_mtime)
    removed = []
    for archive in archives[:-1]:
        if archive.stat().st_mtime < cutoff:
            archive.unlink()
            removed.append(archive)
    return removed
