"""Form fields the question types need beyond Django's own: a small table of rows, typed on
a phone one labelled row at a time, and a file checked for its type and size."""

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

MAX_CELL_LENGTH = 500
DEFAULT_MAX_ROWS = 20


def localized(entry: dict, field: str, language: str) -> str:
    """A choice's or a column's text in ``language``, the Russian one when it has none."""
    if language != "ru":
        text = entry.get(f"{field}_{language}")
        if text:
            return str(text)
    return str(entry.get(field) or entry.get("value") or entry.get("key") or "")


class TableWidget(forms.Widget):
    """Rows of labelled inputs, one fieldset per row (a grid does not fit 360 px), and one
    blank row to add another; the inputs are ``<name>-<row>-<column>``."""

    def __init__(self, columns: list[dict], max_rows: int, language: str, attrs=None):
        super().__init__(attrs)
        self.columns = columns
        self.max_rows = max_rows
        self.language = language

    def value_from_datadict(self, data, files, name):
        try:
            count = min(int(data.get(f"{name}-rows", 0)), self.max_rows + 1)
        except (TypeError, ValueError):
            count = 0
        rows = []
        for index in range(count):
            row = {
                column["key"]: str(data.get(f"{name}-{index}-{column['key']}", ""))
                for column in self.columns
            }
            rows.append(row)
        return rows

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-rows" not in data

    def render(self, name, value, attrs=None, renderer=None):
        rows = [row for row in (value or []) if isinstance(row, dict)]
        count = max(1, min(len(rows) + 1, self.max_rows))
        row_label = _("Строка")
        fieldsets = []
        for index in range(count):
            row = rows[index] if index < len(rows) else {}
            cells = format_html_join(
                "",
                '<div class="mb-2"><label class="form-label small mb-0" for="{0}">{1}</label>'
                '<input class="form-control" type="text" id="{0}" name="{2}" value="{3}" '
                'maxlength="{4}"></div>',
                (
                    (
                        f"id_{name}-{index}-{column['key']}",
                        localized(column, "label", self.language),
                        f"{name}-{index}-{column['key']}",
                        str(row.get(column["key"], "") or ""),
                        MAX_CELL_LENGTH,
                    )
                    for column in self.columns
                ),
            )
            fieldsets.append(
                format_html(
                    '<fieldset class="border rounded p-2 mb-2"><legend class="h6 float-none '
                    'w-auto px-1 mb-1">{} {}</legend>{}</fieldset>',
                    row_label,
                    index + 1,
                    cells,
                )
            )
        return format_html(
            '<div class="question-table" id="{}">{}<input type="hidden" name="{}" value="{}">'
            "</div>",
            (attrs or {}).get("id", f"id_{name}"),
            format_html_join("", "{}", ((fieldset,) for fieldset in fieldsets)),
            f"{name}-rows",
            count,
        )


class TableField(forms.Field):
    """The filled rows of a table (blank rows left out), as a list of ``{column: text}``."""

    def __init__(self, *, columns, max_rows, language, **kwargs):
        self.columns = columns
        self.max_rows = max_rows
        kwargs.setdefault("widget", TableWidget(columns, max_rows, language))
        super().__init__(**kwargs)

    def to_python(self, value):
        rows = [
            {key: text.strip() for key, text in row.items()}
            for row in (value or [])
            if any(text.strip() for text in row.values())
        ]
        return rows

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(value) > self.max_rows:
            raise ValidationError(
                _("Строк не больше: %(limit)s.") % {"limit": self.max_rows}, code="max_rows"
            )
        for row in value:
            if any(len(text) > MAX_CELL_LENGTH for text in row.values()):
                raise ValidationError(
                    _("В ячейке таблицы не больше %(limit)s знаков.") % {"limit": MAX_CELL_LENGTH},
                    code="max_length",
                )


def file_problem(name: str, size: int, extensions: list[str], max_size_mb: int | None) -> str:
    """Why this file does not fit the question (its type or size), or ``""``."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if extensions and suffix not in extensions:
        return _("Файл «%(name)s»: подходят только файлы %(types)s.") % {
            "name": name,
            "types": ", ".join(extensions).upper(),
        }
    if max_size_mb and size > max_size_mb * 1024 * 1024:
        return _("Файл «%(name)s» больше %(size)s МБ.") % {"name": name, "size": max_size_mb}
    return ""


class CheckedFileField(forms.FileField):
    """A file whose extension and size the question allows; the upload is stored later."""

    def __init__(self, *, extensions, max_size_mb, **kwargs):
        self.extensions = extensions
        self.max_size_mb = max_size_mb
        super().__init__(**kwargs)
        if extensions:
            self.widget.attrs["accept"] = ",".join(f".{ext}" for ext in extensions)

    def validate(self, value):
        super().validate(value)
        if value and hasattr(value, "size"):
            problem = file_problem(value.name, value.size, self.extensions, self.max_size_mb)
            if problem:
                raise ValidationError(problem, code="file")
