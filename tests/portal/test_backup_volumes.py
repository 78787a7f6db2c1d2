"""Restore where the portal runs in Docker: the uploads folder and the database's folder are
mount points, which cannot be renamed or removed (``OSError: [Errno 16] Device or resource
busy``). The test mounts nothing on the machine: a separate portal (on the suite's database
engine) restores inside a private mount namespace (``unshare -m``) where both folders are
bind mounts of themselves.
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _can_mount() -> bool:
    if not shutil.which("unshare") or not shutil.which("mount"):
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind / / && umount /"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.fixture
def portal(tmp_path):
    """The environment of a separate portal: its database, uploads and backups under tmp_path."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    var = tmp_path / "var"
    (var / "db").mkdir(parents=True)
    env.update(VAR_DIR=str(var), MEDIA_ROOT=str(var / "media"), BACKUP_DIR=str(tmp_path / "b"))
    if connection.vendor == "postgresql":
        if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
            pytest.skip("pg_dump/pg_restore are not installed (postgresql-client)")
        params = connection.settings_dict
        name = f"eged_restore_{uuid.uuid4().hex[:8]}"
        _postgres(params, f'CREATE DATABASE "{name}"')
        auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
        env["DATABASE_URL"] = f"postgres://{auth}@{params['HOST']}:{params['PORT']}/{name}"
        yield env
        _postgres(params, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["DATABASE_URL"] = f"sqlite:///{var / 'db' / 'portal.sqlite3'}"
        yield env


def _postgres(params, statement):
    import psycopg2

    server = psycopg2.connect(
        dbname="postgres",
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"],
        port=params["PORT"],
    )
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(statement)
    finally:
        server.close()


def _run(env, *command, check=True):
    result = subprocess.run(
        list(command), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def _manage(env, *args, check=True):
    return _run(env, sys.executable, "manage.py", *args, check=check)


def _in_mounts(env, script: str, check=True):
    """``script`` in a private mount namespace where media and the database folder are mounts."""
    var = Path(env["VAR_DIR"])
    mounts = f'mount --bind "{var / "media"}" "{var / "media"}" && '
    mounts += f'mount --bind "{var / "db"}" "{var / "db"}" && '
    return _run(env, "unshare", "-m", "sh", "-c", mounts + script, check=check)


NAMES = (
    "from coalitions.models import Coalition;"
    "print('coalitions:', sorted(Coalition.objects.values_list('name', flat=True)))"
)


def _add(env, name):
    _manage(
        env,
        "shell",
        "-c",
        f"from coalitions.models import Coalition; Coalition.objects.create(name='{name}')",
    )


@pytest.mark.skipif(not _can_mount(), reason="needs `unshare -m` and bind mounts (root)")
def test_restore_into_mounted_uploads_and_database_folders(portal, tmp_path):
    media = Path(portal["MEDIA_ROOT"])
    _manage(portal, "migrate", "--noinput", "-v", "0")
    _add(portal, "Первая")
    (media / "private").mkdir(parents=True)
    (media / "private" / "file.pdf").write_bytes(PDF)
    (media / "top.pdf").write_bytes(PDF)
    archive = tmp_path / "copy.tar.gz"
    _manage(portal, "backup", str(archive))

    _add(portal, "Вторая")
    (media / "private" / "file.pdf").unlink()
    (media / "later.pdf").write_bytes(b"after the backup")

    # The premise: in there, the uploads folder cannot be renamed (what failed before).
    busy = _in_mounts(portal, f'mv "{media}" "{media}-old"', check=False)
    assert busy.returncode != 0 and "busy" in busy.stderr.lower(), busy.stderr

    python = f'"{sys.executable}" manage.py'
    out = _in_mounts(portal, f'{python} restore --yes "{archive}" && {python} shell -c "{NAMES}"')
    assert "Restored" in out.stdout, out.stdout + out.stderr
    assert "coalitions: ['Первая']" in out.stdout
    assert (media / "private" / "file.pdf").read_bytes() == PDF
    assert (media / "top.pdf").read_bytes() == PDF
    assert not (media / "later.pdf").exists()
    assert sorted(p.name for p in media.iterdir()) == ["private", "top.pdf"]
