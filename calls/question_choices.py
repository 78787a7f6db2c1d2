"""The question types with choices, files and tables (see ``calls.questions``)."""

from django import forms
from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from core.xlsx import Kind

from .question_fields import DEFAULT_MAX_ROWS, CheckedFileField, TableField, file_problem, localized
from .question_types import AnswerType, is_empty, language_of


class Choice(AnswerType):
    """One of the question's choices; stored as the choice's value."""

    def options(self, question, language):
        return [
            (str(choice.get("value", "")), localized(choice, "label", language))
            for choice in question.choices or []
        ]

    def make_field(self, question, language):
        return forms.ChoiceField(choices=self.options(question, language), widget=forms.RadioSelect)

    def values(self, question) -> set[str]:
        return {str(choice.get("value", "")) for choice in question.choices or []}

    def check(self, question, value):
        if is_empty(value):
            return []
        if not isinstance(value, str) or value not in self.values(question):
            return [_("Выберите один из предложенных вариантов.")]
        return []

    def label_of(self, question, value, language=None) -> str:
        labels = dict(self.options(question, language_of(language)))
        return labels.get(str(value), str(value))

    def cell(self, question, value):
        return None if is_empty(value) else self.label_of(question, value)

    def text(self, question, value, language=None):
        return "" if is_empty(value) else self.label_of(question, value, language)


class Choices(Choice):
    """Any of the question's choices; stored as a list of values."""

    def make_field(self, question, language):
        return forms.MultipleChoiceField(
            choices=self.options(question, language), widget=forms.CheckboxSelectMultiple
        )

    def to_json(self, question, cleaned):
        return list(cleaned or [])

    def check(self, question, value):
        if is_empty(value):
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return [_("Выберите варианты из предложенных.")]
        if set(value) - self.values(question):
            return [_("Выберите варианты из предложенных.")]
        return []

    def cell(self, question, value):
        return self.text(question, value) or None

    def text(self, question, value, language=None):
        if is_empty(value) or not isinstance(value, list):
            return "" if is_empty(value) else str(value)
        return ", ".join(self.label_of(question, item, language) for item in value)


class YesNo(AnswerType):
    xlsx_kind = Kind.BOOLEAN

    def make_field(self, question, language):
        with translation.override(language):
            choices = [("yes", _("Да")), ("no", _("Нет"))]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect)

    def to_json(self, question, cleaned):
        return {"yes": True, "no": False}.get(cleaned)

    def initial(self, question, value):
        return {True: "yes", False: "no"}.get(value)

    def check(self, question, value):
        if value is None or value == "":
            return []
        if not isinstance(value, bool):
            return [_("Ответьте «да» или «нет».")]
        return []

    def cell(self, question, value):
        return value if isinstance(value, bool) else None

    def text(self, question, value, language=None):
        if not isinstance(value, bool):
            return ""
        with translation.override(language_of(language)):
            return _("Да") if value else _("Нет")


class File(AnswerType):
    def make_field(self, question, language):
        return CheckedFileField(extensions=question.extensions, max_size_mb=self.limit(question))

    def limit(self, question) -> int:
        return question.max_size_mb or settings.APPLICATION_ATTACHMENT_MAX_BYTES // (1024 * 1024)

    def to_json(self, question, cleaned):
        if not cleaned:
            return None
        return {
            "name": cleaned.name,
            "size": cleaned.size,
            "content_type": getattr(cleaned, "content_type", "") or "",
            "path": "",  # set when the upload is stored
        }

    def check(self, question, value):
        if is_empty(value):
            return []
        if not isinstance(value, dict) or not isinstance(value.get("name"), str):
            return [_("Приложите файл заново.")]
        size = value.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            return [_("Приложите файл заново.")]
        problem = file_problem(value["name"], size, question.extensions, self.limit(question))
        return [problem] if problem else []

    def cell(self, question, value):
        return value.get("name") if isinstance(value, dict) else None

    def text(self, question, value, language=None):
        if not isinstance(value, dict):
            return ""
        size = formats.number_format(round((value.get("size") or 0) / 1024))
        return _("%(name)s (%(size)s КБ)") % {"name": value.get("name", ""), "size": size}


class Table(AnswerType):
    xlsx_kind = Kind.LONG_TEXT

    def make_field(self, question, language):
        return TableField(
            columns=question.columns or [],
            max_rows=question.max_rows or DEFAULT_MAX_ROWS,
            language=language,
        )

    def to_json(self, question, cleaned):
        return list(cleaned or [])

    def check(self, question, value):
        if is_empty(value):
            return []
        if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
            return [_("Заполните таблицу заново.")]
        limit = question.max_rows or DEFAULT_MAX_ROWS
        if len(value) > limit:
            return [_("Строк не больше: %(limit)s.") % {"limit": limit}]
        return []

    def text(self, question, value, language=None):
        if not isinstance(value, list):
            return "" if is_empty(value) else str(value)
        keys = [column.get("key") for column in question.columns or []]
        lines = []
        for row in value:
            if isinstance(row, dict):
                cells = [str(row.get(key) or "").strip() for key in keys]
                lines.append(", ".join(cell for cell in cells if cell))
        return "\n".join(line for line in lines if line)

    def cell(self, question, value):
        return self.text(question, value) or None
