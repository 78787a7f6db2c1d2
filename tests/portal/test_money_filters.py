"""Money in templates: ``som`` with the currency, ``amount`` for a column headed «…, сом»."""

from decimal import Decimal

import pytest

from core.money import amount, som

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "value, figures",
    [
        (Decimal("870000"), f"870{NBSP}000"),
        (Decimal("1234567.5"), f"1{NBSP}234{NBSP}567,50"),
        (Decimal("0.004"), "0"),
        (Decimal("-2500.10"), f"-2{NBSP}500,10"),
        ("40", "40"),
    ],
)
def test_amount_and_som(value, figures):
    assert amount(value) == figures
    assert som(value) == f"{figures}{NBSP}сом"


def test_nothing_is_nothing():
    assert amount(None) == amount("") == som(None) == som("") == ""
