"""Bar charts drawn on the server: bars scaled to the largest row, segments side by side,
nothing drawn for zero, the picture hidden from screen readers."""

import re
from decimal import Decimal

from core.charts import PALETTE, build_chart
from core.money import som

RECT = re.compile(r'<rect x="([\d.]+)" y="(\d+)" width="([\d.]+)" height="\d+" fill="(#\w+)"/>')


def bars(svg: str) -> list[tuple]:
    """The drawn segments (the grey track, always full width, left out)."""
    return [
        (float(x), int(y), float(width), colour)
        for x, y, width, colour in RECT.findall(svg)
        if colour != "#eef1f4"
    ]


def test_stacked_rows_are_scaled_to_the_largest_total():
    chart = build_chart(
        "k", "T", ["пары", "одна"], [("Чуй", [2, 2]), ("Ош", [1, 0]), ("Нет", [0, 0])]
    )
    chui, osh, none = chart.rows
    assert bars(chui.svg) == [(0.0, 0, 50.0, PALETTE[0]), (50.0, 0, 50.0, PALETTE[1])]
    assert bars(osh.svg) == [(0.0, 0, 25.0, PALETTE[0])]
    assert bars(none.svg) == []
    assert [row.display for row in chart.rows] == ["4", "1", "0"]
    assert [series.label for series in chart.series] == ["пары", "одна"]


def test_grouped_bars_sit_one_under_another_with_money_written_out():
    chart = build_chart(
        "m",
        "T",
        ["присуждено", "израсходовано"],
        [("эксперт", [Decimal("160000"), Decimal("40000")])],
        stacked=False,
        fmt=som,
    )
    row = chart.rows[0]
    assert bars(row.svg) == [(0.0, 0, 100.0, PALETTE[0]), (0.0, 5, 25.0, PALETTE[1])]
    assert row.display == f"{som(160000)} / {som(40000)}"


def test_an_empty_chart_draws_no_bar_and_divides_by_nothing():
    chart = build_chart("e", "T", ["n"], [("a", [0]), ("b", [0])])
    assert all(bars(row.svg) == [] for row in chart.rows)
    assert build_chart("e", "T", ["n"], []).rows == []


def test_the_picture_is_hidden_from_screen_readers():
    svg = build_chart("k", "T", ["n"], [("a", [1])]).rows[0].svg
    assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg
