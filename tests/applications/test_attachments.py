"""Attachments: types checked by content, size limited, stored privately."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .factories import ApplicationFactory, CoalitionFactory, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_deadline")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def setup(client):
    coalition = CoalitionFactory()
    owner = member_of(coalition)
    application = ApplicationFactory(coalition=coalition)
    client.force_login(owner)
    return application, reverse("applications:section", args=[application.pk, "attachments"])


@pytest.mark.parametrize(
    "name, content",
    [("plan.pdf", PDF), ("photo.PNG", PNG), ("budget.docx", _docx())],
)
def test_allowed_files_are_attached_and_downloadable(client, setup, name, content):
    application, url = setup
    response = client.post(url, {"upload": SimpleUploadedFile(name, content)}, follow=True)
    assert name in response.content.decode()
    attachment = application.attachments.get()
    assert attachment.original_name == name
    download = client.get(reverse("applications:attachment", args=[application.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == content
    assert name in download["Content-Disposition"]


def test_an_exe_renamed_pdf_is_refused_with_a_message_next_to_the_field(client, setup):
    application, url = setup
    response = client.post(url, {"upload": SimpleUploadedFile("plan.pdf", EXE)})
    page = response.content.decode()
    assert "Файл «plan.pdf» не принят" in page
    # The message stands next to the file field.
    field_block = page[page.index('id="id_upload_wrapper"') :]
    assert field_block.index("не принят") < field_block.index("МБ на файл")
    assert not application.attachments.exists()


def test_a_file_of_another_type_is_refused(client, setup):
    application, url = setup
    client.post(url, {"upload": SimpleUploadedFile("virus.exe", EXE)})
    assert not application.attachments.exists()


def test_an_oversize_file_is_refused(client, setup, settings):
    settings.APPLICATION_ATTACHMENT_MAX_BYTES = 1024 * 1024
    application, url = setup
    big = PDF + b"0" * (1024 * 1024)
    response = client.post(url, {"upload": SimpleUploadedFile("big.pdf", big)})
    assert "больше 1 МБ" in response.content.decode()
    assert not application.attachments.exists()


def test_a_failed_upload_keeps_what_was_typed(client, setup):
    application, url = setup
    response = client.post(
        url, {"consent_personal_data": "on", "upload": SimpleUploadedFile("plan.pdf", EXE)}
    )
    assert "не принят" in response.content.decode()
    application.refresh_from_db()
    assert application.consent_personal_data is True
    consent = re.search(r"<input[^>]*id_consent_personal_data[^>]*>", response.content.decode())
    assert "checked" in consent.group(0)


def test_files_are_stored_under_a_random_name_outside_any_public_url(client, setup, settings):
    application, url = setup
    client.post(url, {"upload": SimpleUploadedFile("Устав коалиции.pdf", PDF)})
    attachment = application.attachments.get()
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "Устав" not in stored.name and stored.suffix == ".pdf"
    assert len(stored.stem) == 32
    assert client.get(f"{settings.MEDIA_URL}{attachment.file.name}").status_code == 404


def test_a_file_can_be_removed(client, setup, django_capture_on_commit_callbacks):
    application, url = setup
    client.post(url, {"upload": SimpleUploadedFile("plan.pdf", PDF)})
    attachment = application.attachments.get()
    path = Path(attachment.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"remove_attachment": attachment.pk})
    assert not application.attachments.exists()
    assert not path.exists()
