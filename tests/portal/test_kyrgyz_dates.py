"""Kyrgyz writes the month of a date in lower case: «25 май 2027 ж.», not «25 Май 2027»
(Django's Kyrgyz catalogue capitalises the month names it uses in dates)."""

import datetime as dt

import pytest
from django.template.defaultfilters import date
from django.utils import formats, translation

MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
          "сентябрь", "октябрь", "ноябрь", "декабрь"]  # fmt: skip


@pytest.mark.parametrize(("month", "name"), list(enumerate(MONTHS, start=1)))
def test_kyrgyz_dates_have_lower_case_months(month, name):
    day = dt.date(2027, month, 25)
    with translation.override("ky"):
        assert date(day, "j E Y") == f"25 {name} 2027"
        assert formats.date_format(day) == f"25 {name} 2027 ж."


def test_other_languages_keep_their_months():
    day = dt.date(2027, 5, 25)
    with translation.override("ru"):
        assert date(day, "j E Y") == "25 мая 2027"
    with translation.override("en"):
        assert date(day, "j E Y") == "25 May 2027"
