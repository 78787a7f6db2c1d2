"""Choices and table columns typed in the admin as lines, one a line:
``value | label | label in Kyrgyz | label in English`` (stored as the JSON list)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LANG_FIELDS = ("label", "label_ky", "label_en")


class EntryLinesField(forms.CharField):
    """A JSON list of ``{key_name, label, label_ky, label_en}`` edited as lines."""

    def __init__(self, *, key_name: str, **kwargs):
        self.key_name = key_name
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3, "cols": 60}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            lines = []
            for entry in value:
                if isinstance(entry, dict):
                    parts = [str(entry.get(self.key_name, ""))]
                    parts += [str(entry.get(name, "")) for name in LANG_FIELDS]
                    lines.append(" | ".join(parts).rstrip(" |"))
            return "\n".join(lines)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        entries = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) > 1 + len(LANG_FIELDS) or not parts[0]:
                raise ValidationError(
                    _("Строка %(number)s: «код | текст | текст (кырг.) | текст (англ.)».")
                    % {"number": number}
                )
            parts += [""] * (1 + len(LANG_FIELDS) - len(parts))
            entry = {self.key_name: parts[0]}
            entry.update(zip(LANG_FIELDS, parts[1:], strict=True))
            entry["label"] = entry["label"] or parts[0]
            entries.append(entry)
        return entries

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (initial or [])
        except ValidationError:
            return True
