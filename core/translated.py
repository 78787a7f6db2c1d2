"""Text that staff write in three languages, stored as ``<field>``, ``<field>_ky``, ``<field>_en``.

The Russian field is the required original; Kyrgyz and English fall back to it when empty.
"""

from django.db import models
from django.utils import translation


def translated(instance: models.Model, field: str, language: str | None = None) -> str:
    language = (language or translation.get_language() or "ru")[:2]
    if language != "ru":
        value = getattr(instance, f"{field}_{language}", "")
        if value:
            return value
    return getattr(instance, field)


class TranslatedMixin:
    def tr(self, field: str) -> str:
        return translated(self, field)
