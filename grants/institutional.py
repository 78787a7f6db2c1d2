"""Is a budget line or a payment the organisation's own (institutional) cost?

The call supports campaigns in kind (experts, materials, events, mentoring), never the
organisations' own running costs. A line is read the way a person reads it, not matched
against a list of exact words:

1. the text is normalised: Unicode compatibility forms, invisible characters and stress
   marks removed, lower case, «ё» → «е», and in a word that has Cyrillic letters the Latin
   (and Greek) lookalikes and a zero become the Cyrillic letters they imitate («офисa»
   with a Latin «a» is «офиса»);
2. each word is compared by its stem, so every form of a noun counts («бухгалтера»,
   «бухгалтеру», «бухгалтерские»);
3. the nouns of an own cost (pay of the organisation's staff, its office, utilities,
   equipment for it, overheads) are weighed against the campaign's context (an event, an
   expert, research): an own cost with no campaign context is **institutional** (refused,
   with the reason), an own cost in a campaign's context is **doubtful** (accepted and
   shown to staff, who accept or refuse it with a reason), anything else is **fine**.
   A campaign line that merely mentions an office or utilities («аренда зала для круглого
   стола в офисе партнёра», «круглый стол о тарифах на коммунальные услуги») is fine.

The call's terms may add markers of their own; a line matching one is doubtful.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

FINE, DOUBTFUL, INSTITUTIONAL = "fine", "doubtful", "institutional"

# Why a line looks institutional: stored on doubtful lines and payments, named in refusals.
REASONS = {
    "overheads": _("накладные и административные расходы организации"),
    "staff_pay": _("оплата труда сотрудников организации"),
    "office": _("аренда, содержание или обустройство офиса организации"),
    "utilities": _("коммунальные услуги"),
    "equipment": _("оборудование или техника, которые остаются у организации"),
    "pay_unclear": _("оплата труда без указания, чья это работа для кампании"),
    "marker": _("признак институциональных расходов из условий конкурса"),
}
REASON_CHOICES = [(code, label) for code, label in REASONS.items()]

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u0300\u0301"))
_LOOKALIKES = str.maketrans(
    {
        "a": "а",
        "b": "в",
        "c": "с",
        "e": "е",
        "h": "н",
        "k": "к",
        "m": "м",
        "o": "о",
        "p": "р",
        "t": "т",
        "x": "х",
        "y": "у",
        "i": "і",
        "0": "о",
        "α": "а",
        "ε": "е",
        "ο": "о",
        "ρ": "р",
        "τ": "т",
        "κ": "к",
        "ν": "v",
    }
)
_CYRILLIC = re.compile(r"[а-яёіүөң]")
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of ``text``, normalised (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", text or "").translate(_INVISIBLE)
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    result = []
    for word in _WORD.findall(text):
        if _CYRILLIC.search(word):
            word = word.translate(_LOOKALIKES).replace("і", "и")
        result.append(word)
    return result


def _stems(*patterns: str) -> re.Pattern:
    """Words that begin with one of the stems (a stem ending in «$» is a whole word)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


OVERHEADS = _stems("накладн", "институциональн", "overhead")
ADMINISTRATIVE = _stems("административн", "хозяйственн")
ADMIN_COSTS = _stems("расход", "затрат", "нужд")
SALARY = _stems("зарплат", "заработн", "оклад", "salar", "payroll")
PAY = _stems("оплат", "вознагражд", "гонорар", "преми", "выплат", "компенсац", "wage")
LABOUR = _stems("труд")
STAFF = _stems(
    "бухгалтер", "бухучет", "персонал", "штатн", "штат$", "секретар", "уборщ", "accountant"
)
ROLES = _stems("директор", "сотрудник", "работник", "руководител", "администратор", "координатор")
OFFICE = _stems("офис", "office")
PREMISES = _stems("помещени", "здани")
RENT = _stems("аренд", "наем", "найм", "съем", "rent")
UPKEEP = _stems("содержан", "обслуживан", "ремонт", "уборк", "канцтовар", "канцеляр", "хозтовар")
UTILITIES = _stems("коммунальн", "электроэнерг", "электричеств", "отоплен", "водоснабж", "utilit")
EQUIPMENT = _stems(
    "ноутбук",
    "компьютер",
    "пк$",
    "принтер",
    "мфу$",
    "оргтехник",
    "мебел",
    "оборудован",
    "смартфон",
    "планшет",
    "сервер",
    "кондиционер",
    "автомобил",
    "laptop",
    "computer",
    "equipment",
)
OWN_USE = _stems("организац", "сотрудник", "персонал", "коалиц", "собствен", "нужд")
EVENT = _stems(
    "зал$|зал[аеуы]$|залом$|залов$|залам",
    "мероприят",
    "кругл",
    "семинар",
    "тренинг",
    "конференц",
    "форум",
    "встреч",
    "фокус",
    "презентац",
    "пресс",
    "обучени",
    "кофе",
    "слушани",
    "дебат",
    "хакатон",
    "площадк",
    "акци",
    "выставк",
    "фестивал",
    "практикум",
    "собрани",
    "заседани",
    "event",
    "workshop",
)
VENUE = _stems("зал$|зал[аеуы]$|залом$|залов$|залам", "площадк", "помещени")
PEOPLE = _stems(
    "эксперт",
    "тренер",
    "модератор",
    "ментор",
    "консультант",
    "фасилитатор",
    "журналист",
    "дизайнер",
    "исследовател",
    "социолог",
    "переводчик",
    "аналитик",
    "спикер",
    "юрист",
    "экономист",
    "фотограф",
    "видеограф",
    "интервьюер",
    "expert",
)
TOPIC = _stems(
    "исследовани", "анализ", "мониторинг", "опрос", "тариф", "памятк", "брошюр", "листовк"
)


@dataclass(frozen=True)
class Verdict:
    kind: str  # FINE, DOUBTFUL or INSTITUTIONAL
    reason: str = ""  # a key of REASONS ("" when fine)

    @property
    def label(self) -> str:
        return str(REASONS.get(self.reason, ""))


def _has(found: list[str], pattern: re.Pattern) -> bool:
    return any(pattern.match(word) for word in found)


def _own_cost(found: list[str]) -> tuple[str, bool] | None:
    """(reason, clear) when the words name an organisation's own cost; ``clear`` is False
    when the cost is named only loosely (equipment or pay without an owner)."""
    has = lambda pattern: _has(found, pattern)  # noqa: E731 — a short local reading aid
    cost = has(RENT) or has(UPKEEP) or has(PAY) or has(EQUIPMENT) or has(UTILITIES)
    if has(OVERHEADS) or (has(ADMINISTRATIVE) and has(ADMIN_COSTS)):
        return "overheads", True
    if has(SALARY) or has(STAFF) or (has(ROLES) and has(PAY)):
        return "staff_pay", True
    if has(EQUIPMENT) and (has(OWN_USE) or has(OFFICE)):
        return "equipment", True
    if (has(OFFICE) and cost) or (has(PREMISES) and has(RENT)):
        return "office", True
    if has(UTILITIES):
        return "utilities", True
    if has(EQUIPMENT):
        return "equipment", False
    if has(PAY) and has(LABOUR):
        return "pay_unclear", False
    if has(OFFICE):
        return "office", False
    return None


def classify(text: str, *, markers: list[list[str]] = ()) -> Verdict:
    """Read a line («Аренда офиса коалиции за сентябрь») and say whether it is fine,
    doubtful or institutional, and why."""
    found = words(text)
    own = _own_cost(found)
    campaign = _has(found, EVENT) or _has(found, PEOPLE) or _has(found, TOPIC)
    if own is not None:
        reason, clear = own
        if not campaign:
            return Verdict(INSTITUTIONAL if clear else DOUBTFUL, reason)
        mention_only = not (
            _has(found, PAY) or _has(found, RENT) or _has(found, UPKEEP) or _has(found, SALARY)
        )
        hall_for_event = _has(found, RENT) and _has(found, VENUE) and reason == "office"
        if (reason in ("office", "utilities") and mention_only) or hall_for_event:
            return Verdict(FINE)
        if reason == "equipment" and _has(found, RENT) and not own[1]:
            return Verdict(FINE)  # a projector hired for the round table
        return Verdict(DOUBTFUL, reason)
    for marker in markers:
        if marker and all(any(word.startswith(stem) for word in found) for stem in marker):
            return Verdict(DOUBTFUL, "marker")
    return Verdict(FINE)


def parse_markers(text: str) -> list[list[str]]:
    """The call's extra markers: one a line, stems separated by spaces, normalised."""
    return [words(line) for line in (text or "").splitlines() if words(line)]
