"""Files attached to a workshop application: checked by their content, not their name."""

import zipfile

import filetype
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import PortalError

from .models import Application, ApplicationAttachment
from .services import _ensure_open, _locked, _mark_changed

# Extension → MIME types ``filetype`` reports for that kind of file (checked by content).
ALLOWED_ATTACHMENTS = {
    ".pdf": {"application/pdf"},
    ".doc": {"application/msword", "application/x-ole-storage"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ".xls": {"application/vnd.ms-excel", "application/msword", "application/x-ole-storage"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
}
# Word and Excel files are zip (OOXML) or OLE containers; ``filetype`` may name the container.
_CONTAINER_TYPES = {
    ".docx": {"application/zip"},
    ".xlsx": {"application/zip"},
}


def check_attachment(upload) -> str:
    """The MIME type of an acceptable upload, judged by its content; else PortalError."""
    limit = settings.APPLICATION_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise PortalError(
            _("Файл «%(name)s» больше %(limit)s МБ. Уменьшите его или разделите на части.")
            % {"name": upload.name, "limit": limit // (1024 * 1024)}
        )
    if upload.size == 0:
        raise PortalError(_("Файл «%(name)s» пустой.") % {"name": upload.name})
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    allowed = ALLOWED_ATTACHMENTS.get(suffix)
    refusal = _(
        "Файл «%(name)s» не принят: можно приложить PDF, DOC/DOCX, XLS/XLSX, JPG или PNG, "
        "и содержимое файла должно соответствовать его расширению."
    ) % {"name": upload.name}
    if allowed is None:
        raise PortalError(refusal)
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in allowed | _CONTAINER_TYPES.get(suffix, set()):
        raise PortalError(refusal)
    if mime in _CONTAINER_TYPES.get(suffix, set()) and not _is_office_file(upload, suffix):
        raise PortalError(refusal)  # any zip archive renamed to .docx or .xlsx
    if mime == "application/pdf" and not _ends_like_a_pdf(upload):
        raise PortalError(
            _(
                "Файл «%(name)s» повреждён или загрузился не полностью: сохраните его "
                "заново и прикрепите ещё раз."
            )
            % {"name": upload.name}
        )
    return sorted(allowed)[0] if mime in _CONTAINER_TYPES.get(suffix, set()) else mime


# What a Word or Excel file (OOXML) holds inside its zip container.
_OFFICE_PARTS = {".docx": "word/", ".xlsx": "xl/"}


def _is_office_file(upload, suffix: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    part = _OFFICE_PARTS[suffix]
    return "[Content_Types].xml" in names and any(n.startswith(part) for n in names)


def _ends_like_a_pdf(upload) -> bool:
    """A PDF ends with ``%%EOF`` (readers look in the last kilobyte); a PDF cut short by a
    broken connection, or a header followed by anything, does not."""
    upload.seek(max(upload.size - 1024, 0))
    tail = upload.read()
    upload.seek(0)
    return b"%%EOF" in tail


@transaction.atomic
def add_attachment(*, application: Application, upload, by) -> ApplicationAttachment:
    """Attach a file after checking its type by content and its size."""
    application = _locked(application)
    _ensure_open(application)
    if application.attachments.count() >= settings.APPLICATION_ATTACHMENT_MAX_COUNT:
        raise PortalError(
            _("К заявке можно приложить не больше %(count)s файлов.")
            % {"count": settings.APPLICATION_ATTACHMENT_MAX_COUNT}
        )
    mime = check_attachment(upload)
    attachment = ApplicationAttachment(
        application=application,
        original_name=upload.name[-255:],
        content_type=mime,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    _mark_changed(application)
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: ApplicationAttachment, by) -> None:
    application = _locked(attachment.application)
    _ensure_open(application)
    file = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: file.storage.delete(file.name))
    _mark_changed(application)
