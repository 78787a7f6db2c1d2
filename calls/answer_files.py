"""Files answering a form's file questions: stored under a random name in the private
folder, described in the answer document (name, size, type, path), served only by each
app's permission-checked view."""

import uuid
from pathlib import PurePath

from django.core.files.storage import default_storage


def store_uploads(answers: dict, uploads: dict) -> dict:
    """``answers`` with each uploaded file saved and its stored path filled in."""
    stored = dict(answers)
    for key, upload in uploads.items():
        suffix = PurePath(upload.name).suffix.lower()
        path = default_storage.save(f"private/answers/{uuid.uuid4().hex}{suffix}", upload)
        stored[key] = {**(stored.get(key) or {}), "path": path}
    return stored


def stored_file(answers: dict, key: str) -> dict | None:
    """The stored file answering ``key`` (``{"name", "path", "content_type", …}``) or None."""
    value = answers.get(key)
    if isinstance(value, dict) and value.get("path"):
        return value
    return None


def remove_files(answers: dict) -> None:
    """Delete every stored answer file of the document (a person's data erased)."""
    for value in answers.values():
        if isinstance(value, dict) and value.get("path"):
            default_storage.delete(value["path"])
