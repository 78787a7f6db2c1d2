"""Amounts in Russian words, the way a contract spells them out.

``amount_in_words(Decimal("870000"))`` gives "восемьсот семьдесят тысяч сомов 00 тыйынов":
whole soms in words, tyiyn as two digits, each with the plural Russian grammar asks for.
A contract prints it one way only: capitalised, in brackets after the figure — «870 000 сом
(Восемьсот семьдесят тысяч сомов 00 тыйынов)» (``capitalised``; the contract's context
gives its template ``amount_in_words`` already capitalised).

The words are Russian grammar rather than interface text, so they are not passed through
gettext: a Kyrgyz or English contract needs its own speller, not a translation of these
words one by one.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Contracts are signed for less than a trillion soms; a larger figure is a typo.
LIMIT = 10**12

_UNITS_MASCULINE = (
    "",
    "один",
    "два",
    "три",
    "четыре",
    "пять",
    "шесть",
    "семь",
    "восемь",
    "девять",
)
# "Тысяча" is feminine: одна тысяча, две тысячи.
_UNITS_FEMININE = ("", "одна", "две", *_UNITS_MASCULINE[3:])
_TEENS = (
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
)
_TENS = (
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
)
_HUNDREDS = (
    "",
    "сто",
    "двести",
    "триста",
    "четыреста",
    "пятьсот",
    "шестьсот",
    "семьсот",
    "восемьсот",
    "девятьсот",
)

# Each group of three digits, from the highest: its name in three forms and whether
# the numbers before it are feminine.
_GROUPS = (
    (("миллиард", "миллиарда", "миллиардов"), False),
    (("миллион", "миллиона", "миллионов"), False),
    (("тысяча", "тысячи", "тысяч"), True),
)
_SOM = ("сом", "сома", "сомов")
_TYIYN = ("тыйын", "тыйына", "тыйынов")


def plural(number: int, forms: tuple[str, str, str]) -> str:
    """The Russian form of a noun after ``number``: (один) сом, (два) сома, (пять) сомов."""
    number = abs(number)
    if 11 <= number % 100 <= 14:
        return forms[2]
    if number % 10 == 1:
        return forms[0]
    if 2 <= number % 10 <= 4:
        return forms[1]
    return forms[2]


def _triple_in_words(number: int, *, feminine: bool) -> list[str]:
    """Words for 1..999; an empty list for 0."""
    hundreds, rest = divmod(number, 100)
    words = [_HUNDREDS[hundreds]]
    if 10 <= rest <= 19:
        words.append(_TEENS[rest - 10])
    else:
        tens, units = divmod(rest, 10)
        words.append(_TENS[tens])
        words.append((_UNITS_FEMININE if feminine else _UNITS_MASCULINE)[units])
    return [word for word in words if word]


def integer_in_words(number: int) -> str:
    """A whole number below a trillion in words, masculine: "двадцать один"."""
    if not 0 <= number < LIMIT:
        raise ValueError(f"{number} is outside 0 … 999 999 999 999")
    if number == 0:
        return "ноль"
    words: list[str] = []
    for index, (forms, feminine) in enumerate(_GROUPS):
        group = number // 1000 ** (len(_GROUPS) - index) % 1000
        if group:
            words += _triple_in_words(group, feminine=feminine)
            words.append(plural(group, forms))
    words += _triple_in_words(number % 1000, feminine=False)
    return " ".join(words)


def amount_in_words(amount: Decimal) -> str:
    """A KGS amount for a contract: "восемьсот семьдесят тысяч сомов 00 тыйынов".

    The amount is rounded half up to whole tyiyn first. Negative amounts, amounts of a
    trillion soms or more, and floats (which cannot hold money exactly) are refused.
    """
    if isinstance(amount, float | bool) or not isinstance(amount, Decimal | int):
        raise TypeError(f"amount must be a Decimal, not {type(amount).__name__}")
    amount = Decimal(amount)
    if not amount.is_finite():
        raise ValueError(f"{amount} is not an amount of money")
    if amount < 0:
        raise ValueError(f"a contract amount cannot be negative: {amount}")
    try:
        tyiyns = int(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    except InvalidOperation as error:  # too many digits to round to tyiyn
        raise ValueError(f"{amount} is too large for a contract") from error
    soms, tyiyn = divmod(tyiyns, 100)
    if soms >= LIMIT:
        raise ValueError(f"{amount} is too large for a contract")
    return f"{integer_in_words(soms)} {plural(soms, _SOM)} {tyiyn:02d} {plural(tyiyn, _TYIYN)}"


def capitalised(text: str) -> str:
    """The text with its first letter in upper case, as it opens a bracket in a contract:
    "(Восемьсот семьдесят тысяч сомов 00 тыйынов)". The rest is left as it is."""
    return text[:1].upper() + text[1:]
