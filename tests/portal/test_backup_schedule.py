"""Backups on their own: the archive is private and lists what it holds; beat makes one every
night and deletes those older than BACKUP_KEEP_DAYS."""

import hashlib
import io
import json
import os
import stat
import tarfile
import time

import pytest
from django.core.management import call_command

from core.backup import prune_backups
from eged_portal.tasks import nightly_backup
from tests.backups import needs_pg_tools
from tests.coalitions.factories import CoalitionFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DAY = 24 * 3600

pytestmark = [pytest.mark.django_db(transaction=True), needs_pg_tools]


@pytest.fixture
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    (settings.MEDIA_ROOT / "private").mkdir(parents=True)
    (settings.MEDIA_ROOT / "private" / "plan.pdf").write_bytes(PDF)
    return settings


def test_the_archive_is_private_and_its_manifest_lists_every_file(folders):
    CoalitionFactory()
    out = io.StringIO()
    call_command("backup", stdout=out)
    [archive] = list(folders.BACKUP_DIR.glob("eged-*.tar.gz"))
    assert f"Backup written to {archive}" in out.getvalue()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        contents = {m.name: tar.extractfile(m).read() for m in tar}
    manifest = json.loads(contents.pop("eged-backup.json"))
    assert manifest["format"] == "eged-portal-backup" and manifest["version"] == 2
    assert manifest["engine"] in {"sqlite", "postgresql"}
    assert manifest["created"].endswith("+06:00")  # Asia/Bishkek
    listed = {f["name"]: (f["size"], f["sha256"]) for f in manifest["files"]}
    assert listed == {
        name: (len(data), hashlib.sha256(data).hexdigest()) for name, data in contents.items()
    }
    assert contents["media/private/plan.pdf"] == PDF
    assert {"database.sqlite3", "database.pgdump"} & set(contents)


def test_nightly_backup_writes_one_and_deletes_those_past_the_retention(folders):
    folders.BACKUP_KEEP_DAYS = 7
    folders.BACKUP_DIR.mkdir()
    now = time.time()
    ages = {"eged-old.tar.gz": 20, "eged-week.tar.gz": 8, "eged-recent.tar.gz": 2}
    for name, days in ages.items():
        (folders.BACKUP_DIR / name).write_bytes(b"x")
        os.utime(folders.BACKUP_DIR / name, (now - days * DAY, now - days * DAY))
    (folders.BACKUP_DIR / "notes.txt").write_text("not an archive")
    os.utime(folders.BACKUP_DIR / "notes.txt", (now - 30 * DAY, now - 30 * DAY))

    written = nightly_backup()  # the task run in this process, as the worker would

    left = sorted(p.name for p in folders.BACKUP_DIR.iterdir())
    assert left == sorted(["eged-recent.tar.gz", "notes.txt", os.path.basename(written)])
    assert tarfile.is_tarfile(written)


def test_pruning_always_keeps_the_newest_archive(folders):
    folders.BACKUP_DIR.mkdir()
    now = time.time()
    for name, days in {"eged-a.tar.gz": 40, "eged-b.tar.gz": 30}.items():
        (folders.BACKUP_DIR / name).write_bytes(b"x")
        os.utime(folders.BACKUP_DIR / name, (now - days * DAY, now - days * DAY))
    removed = prune_backups(keep_days=14)
    assert [p.name for p in removed] == ["eged-a.tar.gz"]
    assert (folders.BACKUP_DIR / "eged-b.tar.gz").exists()


def test_beat_backs_up_every_night(settings):
    from eged_portal.celery import _schedule_periodic_tasks, app

    app.conf.beat_schedule = {}
    _schedule_periodic_tasks(app)
    entries = {e["task"]: e["schedule"] for e in app.conf.beat_schedule.values()}
    nightly = entries["eged_portal.tasks.nightly_backup"]
    assert nightly.hour == {settings.BACKUP_HOUR} == {3}
    assert nightly.minute == {0}
