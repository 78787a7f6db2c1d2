"""`make backup` / `make restore`: a round trip gives back the database and uploaded files.

Runs on the test database of whichever engine the suite uses (SQLite locally, PostgreSQL in
CI), so the same archive code is proven on both.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from simple_history.utils import get_history_model_for_model

from accounts import roles
from accounts.models import User
from applications import attachments
from applications.models import Application, ApplicationAttachment
from coalitions.models import Coalition
from reviews.models import ReviewAssignment
from tests.applications.factories import ApplicationFactory, CallFactory, complete, member_of
from tests.applications.review_factories import criteria, reviewer, scored
from tests.backups import needs_pg_tools
from tests.coalitions.factories import CoalitionFactory
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = [pytest.mark.django_db(transaction=True), needs_pg_tools]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_round_trip_gives_back_records_files_and_history(media, tmp_path):
    call = CallFactory()
    criteria(call, (10, 2))
    coalition = CoalitionFactory(name="За прозрачный бюджет")
    owner = member_of(coalition, email="owner@example.kg")
    application = complete(ApplicationFactory(call=call, coalition=coalition))
    attachment = attachments.add_attachment(
        application=application,
        upload=SimpleUploadedFile("план.pdf", PDF, "application/pdf"),
        by=owner,
    )
    expert = reviewer(email="expert@example.kg")
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED)
    scored(application, expert, [7])
    history = get_history_model_for_model(Coalition)
    coalition.description = "Изменено до резервной копии."
    coalition.save()
    history_rows = history.objects.count()
    stored_name = attachment.file.name

    archive = tmp_path / "backups" / "eged.tar.gz"
    call_command("backup", str(archive))
    assert archive.is_file()

    # Life goes on after the backup: a record deleted, one added, a file lost.
    Application.objects.filter(pk=application.pk).delete()
    CoalitionFactory(name="Появилась после копии")
    ReviewAssignment.objects.all().delete()
    expert.set_password("changed-after-the-backup-1")
    expert.save()
    (media / stored_name).unlink()

    out = io.StringIO()
    call_command("restore", str(archive), yes=True, stdout=out)
    assert "the database and 1 uploaded files" in out.getvalue()

    restored = Application.objects.get(pk=application.pk)
    assert restored.idea_title == "Открытые местные бюджеты"
    assert restored.status == Application.Status.SUBMITTED
    assert not Coalition.objects.filter(name="Появилась после копии").exists()
    assert Coalition.objects.get(pk=coalition.pk).description == "Изменено до резервной копии."
    assert history.objects.count() == history_rows
    # The review, its generic link to the application and the reviewer's role are back.
    assignment = ReviewAssignment.objects.get(reviewer__email="expert@example.kg")
    assert assignment.reviewed == restored
    expert = User.objects.get(email="expert@example.kg")
    assert expert.check_password(PASSWORD)
    assert expert.groups.filter(name=roles.REVIEWER).exists()
    assert Group.objects.get(name=roles.REVIEWER).permissions.exists()
    # The uploaded file is back under its random stored name, byte for byte.
    restored_attachment = ApplicationAttachment.objects.get(pk=attachment.pk)
    assert restored_attachment.file.name == stored_name
    assert restored_attachment.original_name == "план.pdf"
    assert (media / stored_name).read_bytes() == PDF
    # New records get fresh keys (PostgreSQL's sequences follow the loaded rows).
    assert CoalitionFactory().pk > coalition.pk


def _untouched(media, name="Остаётся"):
    assert Coalition.objects.filter(name=name).exists()
    assert (media / "private" / "kept.pdf").read_bytes() == PDF
    assert sorted(p.name for p in media.iterdir()) == ["private"]


@pytest.fixture
def kept(media):
    CoalitionFactory(name="Остаётся")
    (media / "private").mkdir(parents=True)
    (media / "private" / "kept.pdf").write_bytes(PDF)


def _tar(path, members):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_restore_refuses_an_archive_that_writes_outside_the_uploads(kept, media, tmp_path):
    archive = _tar(tmp_path / "evil.tar.gz", [("database.sqlite3", b"x"), ("../escaped.txt", b"x")])
    with pytest.raises(CommandError, match="is not a backup of this portal"):
        call_command("restore", str(archive), yes=True)
    assert not (media.parent / "escaped.txt").exists()
    assert not (tmp_path / "escaped.txt").exists()
    _untouched(media)


def test_restore_refuses_a_foreign_tar_and_a_file_that_is_not_one(kept, media, tmp_path):
    foreign = _tar(tmp_path / "photos.tar.gz", [("media/cat.jpg", b"jpeg"), ("notes.txt", b"hi")])
    with pytest.raises(CommandError, match="is not a backup of this portal"):
        call_command("restore", str(foreign), yes=True)
    no_manifest = _tar(tmp_path / "other.tar.gz", [("media/cat.jpg", b"jpeg")])
    with pytest.raises(CommandError, match="is not a backup of this portal"):
        call_command("restore", str(no_manifest), yes=True)
    old_format = _tar(tmp_path / "2025.tar.gz", [("backup.json", b"{}"), ("database.json", b"[]")])
    with pytest.raises(CommandError, match="is a backup in the old format"):
        call_command("restore", str(old_format), yes=True)
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_text("hello")
    with pytest.raises(CommandError, match="is not a complete backup archive"):
        call_command("restore", str(not_a_backup), yes=True)
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), yes=True)
    _untouched(media)


def test_restore_refuses_a_truncated_or_altered_backup_before_changing_anything(
    kept, media, tmp_path
):
    archive = tmp_path / "good.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    Coalition.objects.filter(name="Остаётся").update(name="Изменена после копии")
    (media / "private" / "kept.pdf").write_bytes(PDF + b"% changed")
    (media / "private" / "later.pdf").write_bytes(PDF)

    truncated = tmp_path / "truncated.tar.gz"
    data = archive.read_bytes()
    truncated.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(truncated), yes=True)
    assert "\n" not in str(refused.value)
    assert "not a complete backup archive" in str(refused.value) or "cut short" in str(
        refused.value
    )

    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(altered, "w:gz") as target:
        for member in source:
            content = source.extractfile(member).read()
            if member.name.startswith("media/"):
                content = content.replace(b"trailer", b"TRAILER")
            target.addfile(member, io.BytesIO(content))
    with pytest.raises(CommandError, match=r"is damaged: media/private/kept\.pdf differs"):
        call_command("restore", str(altered), yes=True)

    assert Coalition.objects.filter(name="Изменена после копии").exists()
    assert (media / "private" / "kept.pdf").read_bytes() == PDF + b"% changed"
    assert (media / "private" / "later.pdf").exists()
    assert sorted(p.name for p in media.iterdir()) == ["private"]


def test_restore_refuses_a_backup_of_another_database_engine(kept, media, tmp_path):
    archive = tmp_path / "good.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    other = tmp_path / "other-engine.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(other, "w:gz") as target:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == "eged-backup.json":
                manifest = json.loads(content)
                manifest["engine"] = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
                for item in manifest["files"]:
                    item["name"] = {
                        "database.sqlite3": "database.pgdump",
                        "database.pgdump": "database.sqlite3",
                    }.get(item["name"], item["name"])
                content = json.dumps(manifest).encode()
                member.size = len(content)
            elif member.name.startswith("database."):
                member.name = {
                    "database.sqlite3": "database.pgdump",
                    "database.pgdump": "database.sqlite3",
                }[member.name]
            target.addfile(member, io.BytesIO(content))
    with pytest.raises(CommandError, match="database; this portal runs on"):
        call_command("restore", str(other), yes=True)
    _untouched(media)


def _make(target: str, tmp_path: Path, *extra: str, stdin: str = "") -> str:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'var' / 'portal.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "var" / "media"),
        PY=sys.executable,
    )
    result = subprocess.run(
        ["make", "--no-print-directory", target, f"PY={sys.executable}", *extra],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _manage(tmp_path: Path, *args: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'var' / 'portal.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "var" / "media"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_make_backup_and_make_restore_on_a_separate_portal(tmp_path, migrated_sqlite):
    """The Makefile targets as the README gives them, on a portal of its own."""
    (tmp_path / "var").mkdir()
    shutil.copyfile(migrated_sqlite, tmp_path / "var" / "portal.sqlite3")
    count = (
        "from coalitions.models import Coalition;"
        "print('coalitions:', sorted(Coalition.objects.values_list('name', flat=True)))"
    )
    _manage(
        tmp_path,
        "shell",
        "-c",
        "from coalitions.models import Coalition;"
        "Coalition.objects.create(name='Первая', kind='civic')",
    )
    (tmp_path / "var" / "media" / "private").mkdir(parents=True)
    (tmp_path / "var" / "media" / "private" / "file.pdf").write_bytes(PDF)
    archive = tmp_path / "copy.tar.gz"

    out = _make("backup", tmp_path, f"FILE={archive}")
    assert f"Backup written to {archive}" in out

    _manage(
        tmp_path,
        "shell",
        "-c",
        "from coalitions.models import Coalition;"
        "Coalition.objects.create(name='Вторая', kind='civic')",
    )
    (tmp_path / "var" / "media" / "private" / "file.pdf").unlink()

    refused = subprocess.run(
        ["make", "--no-print-directory", "restore", f"PY={sys.executable}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0 and "usage: make restore FILE=" in refused.stdout

    out = _make("restore", tmp_path, f"FILE={archive}", stdin="y\n")
    assert "Restored" in out
    assert "coalitions: ['Первая']" in _manage(tmp_path, "shell", "-c", count)
    assert (tmp_path / "var" / "media" / "private" / "file.pdf").read_bytes() == PDF
