"""Money is Decimal KGS, written as people in Kyrgyzstan write it."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

NBSP = "\u00a0"


def amount(value) -> str:
    """A KGS amount without the currency, for a column headed «…, сом»: ``870 000``,
    tyiyn only when there are any."""
    if value is None or value == "":
        return ""
    total = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, cents = divmod(abs(total), 1)
    text = ("-" if total < 0 else "") + f"{int(whole):,}".replace(",", NBSP)
    if cents:
        text += "," + f"{cents:.2f}"[2:]
    return text


def som(value) -> str:
    """A KGS amount as people write it: ``870 000 сом``, tyiyn only when there are any."""
    text = amount(value)
    return f"{text}{NBSP}{_('сом')}" if text else ""
