"""Phone numbers as people type them on a phone keyboard.

Kyrgyz numbers are stored one way, ``+996 555 123 456``, whether typed as ``0555 12-34-56``,
``996555123456`` or ``+996 (555) 123456``. Numbers of other countries are accepted in
international form (``+7 701 …``), since later calls may run elsewhere in Central Asia.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SEPARATORS = re.compile(r"[\s\-()./]")
INVALID = _("Укажите номер телефона: +996 и 9 цифр, например +996 555 123 456.")


def normalise_phone(value: str) -> str:
    """The number in its stored form; ``ValidationError`` if it is not a phone number."""
    digits = SEPARATORS.sub("", value or "")
    international = digits.startswith("+") or digits.startswith("00")
    digits = digits.removeprefix("+").removeprefix("00")
    if not digits.isdigit():
        raise ValidationError(INVALID, code="invalid_phone")
    if digits.startswith("0") and len(digits) == 10 and not international:
        digits = "996" + digits[1:]
    elif len(digits) == 9 and not international:
        digits = "996" + digits
    if digits.startswith("996"):
        if len(digits) != 12:
            raise ValidationError(INVALID, code="invalid_phone")
        local = digits[3:]
        return f"+996 {local[:3]} {local[3:6]} {local[6:]}"
    if international and 8 <= len(digits) <= 15:
        return f"+{digits}"
    raise ValidationError(INVALID, code="invalid_phone")


class PhoneField(forms.CharField):
    """A phone number field: a telephone keypad on phones, the number normalised."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.update({"inputmode": "tel", "placeholder": "+996 555 123 456"})

    def clean(self, value):
        value = super().clean(value)
        return normalise_phone(value) if value else value
