"""Hostile uploads at every upload field: application attachments, report files, the signed
contract scan, the finance officer's spending document, and the coalition and participant
imports in the admin.

Wrong types under an allowed name, oversize, empty, damaged and truncated PDFs, plain zip
archives named .docx/.xlsx, double extensions and RTL tricks are refused with a message and
the rest of the form is kept. Names with path tricks cannot choose where a file goes: an
accepted file is stored under a random name inside the uploads folder.
"""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.portal import hostile
from tests.portal.test_permission_matrix import FINANCE, OWNER, STAFF

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PDF_WITH_SCRIPT = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
LIMIT = 4096


def _zip(**members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


DOCX = _zip(**{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
PLAIN_ZIP = _zip(**{"readme.txt": "not a document", "payload.exe": "MZ"})

#: (why, file name, content): each must be refused with a message.
REFUSED = [
    ("an .exe renamed .pdf", "план.pdf", EXE),
    ("HTML renamed .pdf", "plan.pdf", HTML),
    ("SVG renamed .png", "photo.png", SVG),
    ("a zip renamed .docx", "budget.docx", PLAIN_ZIP),
    ("a zip renamed .xlsx", "budget.xlsx", PLAIN_ZIP),
    ("an .exe renamed .xlsx", "budget.xlsx", EXE),
    ("just over the limit", "big.pdf", PDF + b"0" * (LIMIT - len(PDF) + 1)),
    ("empty", "empty.pdf", b""),
    ("a PDF header, then garbage", "broken.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4),
    ("a PDF cut short", "truncated.pdf", PDF[: len(PDF) // 2]),
    ("a double extension", "report.pdf.exe", PDF),
    ("an RTL override hiding .exe", "\u202efdp.exe", PDF),
    ("no extension", "report", PDF),
    ("only dots", "....", PDF),
]

#: Names that try to choose the path: the file is kept (its content is a PDF), but under a
#: random name inside the uploads folder, and the name shown has no path in it.
PATH_TRICKS = [
    "../../etc/passwd.pdf",
    "..\\..\\win.ini.pdf",
    "/etc/x.pdf",
    "C:evil.pdf",
    "nul\x00byte.pdf",
    "x" * 300 + ".pdf",
    "ңөү отчёт.pdf",
]

STORED = re.compile(r"^private/[a-z/]+/[0-9a-f]{32}\.(pdf|png|jpe?g|docx?|xlsx?)$")


@pytest.fixture
def world(fuzz_world, settings):
    """The module's world (tests/portal/conftest.py); each test rolls its changes back."""
    settings.APPLICATION_ATTACHMENT_MAX_BYTES = LIMIT
    with transaction.atomic():
        yield fuzz_world
        transaction.set_rollback(True)


def _client(world, who) -> Client:
    client = Client(raise_request_exception=True)
    client.force_login(world.people[who])
    return client


def assert_stored_safely(file_field):
    assert STORED.match(file_field.name), file_field.name
    media = Path(settings.MEDIA_ROOT).resolve()
    assert Path(file_field.path).resolve().is_relative_to(media)
    assert Path(file_field.path).is_file()


def each_upload(cases):
    """Run each case in a transaction rolled back afterwards."""
    for case in cases:
        with transaction.atomic():
            yield case
            transaction.set_rollback(True)


def test_application_attachments(world):
    client = _client(world, OWNER)
    url = reverse("applications:section", args=[world.application.pk, "attachments"])
    before = world.application.attachments.count()
    for why, name, content in each_upload(REFUSED):
        upload = SimpleUploadedFile(name, content)
        answer = client.post(url, {"consent_personal_data": "on", "upload": upload})
        page = answer.content.decode()
        assert answer.status_code == 200, why
        assert "invalid-feedback" in page, why
        assert answer.context["form"].errors["upload"], why
        # The rest of the form is kept, and the section was saved.
        assert hostile.read_page(page).values.get("consent_personal_data") == ["on"], why
        world.application.refresh_from_db()
        assert world.application.consent_personal_data, why
        assert world.application.attachments.count() == before, why
    for name in each_upload([*PATH_TRICKS, "script.pdf"]):
        content = PDF_WITH_SCRIPT if name == "script.pdf" else PDF
        answer = client.post(url, {"upload": SimpleUploadedFile(name, content)})
        assert answer.status_code == 302, name
        attachment = world.application.attachments.latest("pk")
        assert_stored_safely(attachment.file)
        assert "/" not in attachment.original_name and "\\" not in attachment.original_name
        assert "\x00" not in attachment.original_name
        # Served only as a download of its checked type, never shown in the browser.
        download = client.get(
            reverse("applications:attachment", args=[world.application.pk, attachment.pk])
        )
        assert download["Content-Disposition"].startswith("attachment")
        assert download["Content-Type"] == "application/pdf"
        assert download["X-Content-Type-Options"] == "nosniff"


def test_report_files(world):
    client = _client(world, OWNER)
    url = reverse("grants:report", args=[world.report.pk])
    typed = "Провели три встречи с акимиатом; ң ө ү"
    for why, name, content in each_upload(REFUSED):
        upload = SimpleUploadedFile(name, content)
        answer = client.post(url, {"activities": typed, "upload": upload})
        page = answer.content.decode()
        assert answer.status_code == 200, why
        assert "invalid-feedback" in page, why
        assert hostile.read_page(page).values["activities"] == [typed], why
        world.report.refresh_from_db()
        assert world.report.answers["activities"] == typed, why  # the draft was kept
        assert world.report.files.count() == 1, why
    for name in each_upload(PATH_TRICKS):
        answer = client.post(url, {"activities": typed, "upload": SimpleUploadedFile(name, PDF)})
        assert answer.status_code == 302, name
        assert_stored_safely(world.report.files.latest("pk").file)


def test_signed_contract_scan(world):
    client = _client(world, OWNER)
    url = reverse("grants:contract_signed", args=[world.contract.pk])
    for why, name, content in each_upload(REFUSED):
        answer = client.post(url, {"signed_scan": SimpleUploadedFile(name, content)}, follow=True)
        assert answer.status_code == 200, why
        assert "alert-danger" in answer.content.decode(), why
        world.contract.refresh_from_db()
        assert world.contract.status == "sent", why
    for name in each_upload(PATH_TRICKS):
        world.contract.refresh_from_db()
        answer = client.post(url, {"signed_scan": SimpleUploadedFile(name, PDF)})
        assert answer.status_code == 302, name
        world.contract.refresh_from_db()
        assert world.contract.status == "signed", name
        assert_stored_safely(world.contract.signed_scan)


def test_spending_document_in_the_admin(world):
    client = _client(world, FINANCE)
    url = reverse("admin:grants_spending_add")
    line = world.spending.line
    data = {
        "award": world.spending.award_id,
        "line": line.pk,
        "spent_on": "02.05.2030",
        "amount": "100",
        "supplier": "ОсОО «Эксперт»",
        "description": "гонорар",
    }
    before = type(world.spending).objects.count()
    for why, name, content in each_upload(REFUSED):
        answer = client.post(url, {**data, "document": SimpleUploadedFile(name, content)})
        assert answer.status_code == 200, why
        page = answer.content.decode()
        assert "errornote" in page, why
        assert answer.context["adminform"].form.errors["document"], why
        assert hostile.read_page(page).values["supplier"] == [data["supplier"]], why
        assert type(world.spending).objects.count() == before, why
    for name in each_upload(PATH_TRICKS):
        answer = client.post(url, {**data, "document": SimpleUploadedFile(name, PDF)})
        assert answer.status_code == 302, name
        assert_stored_safely(type(world.spending).objects.latest("pk").document)


IMPORT_REFUSED = [
    ("an .exe renamed .xlsx", "coalitions.xlsx", EXE),
    ("a zip renamed .xlsx", "coalitions.xlsx", PLAIN_ZIP),
    ("a Word file renamed .xlsx", "coalitions.xlsx", DOCX),
    ("empty", "coalitions.xlsx", b""),
    ("HTML", "coalitions.html", HTML),
    ("a path", "../../coalitions.xlsx", EXE),
]


@pytest.mark.parametrize(
    "model", ["coalitions_coalition", "workshops_participant"], ids=["coalitions", "participants"]
)
def test_imports_in_the_admin(world, model):
    from coalitions.models import Coalition
    from workshops.models import Participant

    client = _client(world, STAFF)
    url = reverse(f"admin:{model}_import")
    form = hostile.post_form(client.get(url).content.decode())
    fields = {n: f.value for n, f in form.fields.items() if f.kind not in {"submit", "file"}}
    fields.update({n: f.options[-1] for n, f in form.fields.items() if f.kind == "select"})
    counts = (Coalition.objects.count(), Participant.objects.count())
    for why, name, content in each_upload(IMPORT_REFUSED):
        answer = client.post(url, {**fields, "import_file": SimpleUploadedFile(name, content)})
        assert answer.status_code == 200, why
        page = answer.content.decode()
        assert hostile.shows_error(page, hostile.ADMIN_ERROR_MARKS), why
        assert (Coalition.objects.count(), Participant.objects.count()) == counts, why
