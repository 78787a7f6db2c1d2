"""What every question type does (``AnswerType``), and the text, number and date types.

See ``calls.questions`` for the registry and what answers look like as JSON.
"""

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import formats, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.money import som
from core.phones import normalise_phone
from core.translated import translated
from core.xlsx import Kind

SHORT_TEXT_LIMIT = 500
AMOUNT_DIGITS = 12  # whole digits of an amount: up to 999 999 999 999 сом


def language_of(language: str | None) -> str:
    return (language or translation.get_language() or "ru")[:2]


def is_empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):  # several choices, or a table's rows
        return all(_blank_row(item) if isinstance(item, dict) else is_empty(item) for item in value)
    if isinstance(value, dict):
        return not value
    return False


def _blank_row(row: dict) -> bool:
    return all(is_empty(cell) for cell in row.values())


class AnswerType:
    """A text answer; subclasses change what differs."""

    xlsx_kind = Kind.TEXT

    def field(self, question, language=None, *, required=None) -> forms.Field:
        language = language_of(language)
        field = self.make_field(question, language)
        field.required = question.required if required is None else required
        field.label = translated(question, "label", language)
        field.help_text = escape(translated(question, "help", language))
        return field

    def make_field(self, question, language) -> forms.Field:
        limit = question.max_length or SHORT_TEXT_LIMIT
        return forms.CharField(max_length=limit)

    def to_json(self, question, cleaned):
        """What the form's cleaned value is stored as."""
        return cleaned if cleaned not in (None, "") else ""

    def initial(self, question, value):
        return value

    def check(self, question, value) -> list[str]:
        """What is wrong with a stored answer (an empty one is not checked here)."""
        if is_empty(value):
            return []
        if not isinstance(value, str):
            return [_("Ответ должен быть текстом.")]
        return self.check_text(question, value)

    def check_text(self, question, value: str) -> list[str]:
        limit = question.max_length or SHORT_TEXT_LIMIT
        if len(value) > limit:
            return [
                _("Не больше %(limit)s знаков (сейчас %(count)s).")
                % {"limit": limit, "count": len(value)}
            ]
        return []

    def cell(self, question, value):
        return None if is_empty(value) else value

    def text(self, question, value, language=None) -> str:
        return "" if is_empty(value) else str(value)


class LongText(AnswerType):
    xlsx_kind = Kind.LONG_TEXT

    def make_field(self, question, language):
        return forms.CharField(
            max_length=question.max_length, widget=forms.Textarea(attrs={"rows": 5})
        )

    def check_text(self, question, value):
        if question.max_length and len(value) > question.max_length:
            return super().check_text(question, value)
        return []


class Email(AnswerType):
    def make_field(self, question, language):
        return forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def check_text(self, question, value):
        try:
            validate_email(value.strip())
        except ValidationError:
            return [_("Укажите адрес e-mail, например name@example.kg.")]
        return []


class Phone(AnswerType):
    def make_field(self, question, language):
        widget = forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"})
        return forms.CharField(max_length=32, widget=widget)

    def to_json(self, question, cleaned):
        try:
            return normalise_phone(cleaned) if cleaned else ""
        except ValidationError:
            return cleaned  # kept as typed; ``check`` says what is wrong

    def check_text(self, question, value):
        try:
            normalise_phone(value)
        except ValidationError as error:
            return [str(error.message)]
        return []


class Link(AnswerType):
    def make_field(self, question, language):
        return forms.URLField(
            max_length=2000,
            widget=forms.URLInput(attrs={"inputmode": "url"}),
            assume_scheme="https",
        )

    def check_text(self, question, value):
        try:
            URLValidator(schemes=["http", "https"])(value.strip())
        except ValidationError:
            return [_("Укажите ссылку целиком, например https://example.kg/.")]
        return []


class Number(AnswerType):
    """A whole number within the question's limits."""

    xlsx_kind = Kind.INTEGER

    def make_field(self, question, language):
        return forms.IntegerField(
            min_value=question.min_value,
            max_value=question.max_value,
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
            error_messages=self.limit_messages(question, language),
        )

    def limit_messages(self, question, language) -> dict:
        """The limits said as the stored answers' check says them («Не больше 500 000
        сом.»), not as Django's «…меньше либо равно 500000.00»."""
        messages = {}
        with translation.override(language):
            if question.min_value is not None:
                messages["min_value"] = _("Не меньше %(limit)s.") % {
                    "limit": self.show(question.min_value)
                }
            if question.max_value is not None:
                messages["max_value"] = _("Не больше %(limit)s.") % {
                    "limit": self.show(question.max_value)
                }
        return messages

    def parse(self, value):
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, int):
            return value
        return int(str(value).strip().replace(" ", "").replace("\u00a0", ""))

    def check(self, question, value):
        if is_empty(value):
            return []
        try:
            number = self.parse(value)
        except (ValueError, ArithmeticError):
            return [self.invalid_message()]
        return self.check_limits(question, number)

    def invalid_message(self):
        return _("Укажите целое число, например 25.")

    def check_limits(self, question, number):
        if question.min_value is not None and number < question.min_value:
            return [_("Не меньше %(limit)s.") % {"limit": self.show(question.min_value)}]
        if question.max_value is not None and number > question.max_value:
            return [_("Не больше %(limit)s.") % {"limit": self.show(question.max_value)}]
        return []

    def show(self, limit):
        return str(int(limit)) if limit == int(limit) else str(limit)

    def to_json(self, question, cleaned):
        return cleaned if cleaned is not None else None

    def cell(self, question, value):
        try:
            return None if is_empty(value) else self.parse(value)
        except (ValueError, ArithmeticError):
            return str(value)

    def text(self, question, value, language=None):
        return "" if is_empty(value) else str(value)


class Amount(Number):
    """An amount in KGS (сом), with tyiyn; stored as a decimal string, never a float."""

    xlsx_kind = Kind.MONEY

    def make_field(self, question, language):
        return forms.DecimalField(
            max_digits=AMOUNT_DIGITS + 2,
            decimal_places=2,
            min_value=question.min_value,
            max_value=question.max_value,
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
            error_messages=self.limit_messages(question, language),
        )

    def parse(self, value):
        if isinstance(value, bool | float):
            raise ValueError
        text = str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
        amount = Decimal(text)
        if not amount.is_finite() or amount.as_tuple().exponent < -2:
            raise ValueError
        if abs(amount) >= Decimal(10) ** AMOUNT_DIGITS:
            raise ValueError
        return amount

    def invalid_message(self):
        return _("Укажите сумму в сомах, например 12500 или 12500,50.")

    def show(self, limit):
        return som(limit)

    def to_json(self, question, cleaned):
        return str(cleaned) if cleaned is not None else None

    def text(self, question, value, language=None):
        try:
            return "" if is_empty(value) else som(self.parse(value))
        except (ValueError, ArithmeticError):
            return str(value)


class Date(AnswerType):
    xlsx_kind = Kind.DATE

    def make_field(self, question, language):
        widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return forms.DateField(widget=widget)

    def to_json(self, question, cleaned):
        return cleaned.isoformat() if cleaned else None

    def parse(self, value) -> dt.date:
        return dt.date.fromisoformat(str(value).strip())

    def check(self, question, value):
        if is_empty(value):
            return []
        try:
            self.parse(value)
        except ValueError:
            return [_("Укажите дату, например 2022-06-13.")]
        return []

    def cell(self, question, value):
        try:
            return None if is_empty(value) else self.parse(value)
        except ValueError:
            return str(value)

    def text(self, question, value, language=None):
        try:
            return "" if is_empty(value) else formats.date_format(self.parse(value), "j E Y")
        except ValueError:
            return str(value)
