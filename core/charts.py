"""Bar charts drawn on the server as small SVG pictures: no script, nothing from a CDN,
nothing the strict Content-Security-Policy has to allow.

A chart is a list of rows; each row has an HTML label, one SVG bar (its segments stacked,
or one thin bar per series side by side) and the number written out. The labels stay HTML
so they wrap on a phone and read at the page's own size; only the bars are drawn. The
bars are hidden from screen readers: every chart is shown with a table of its numbers.

Kept in the core so the public pages (grants) and the staff overview (reports) draw alike.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Colours that stay apart for the common kinds of colour blindness (Okabe–Ito), dark
# enough against white for a bar (WCAG 1.4.11: 3:1 for graphics).
PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9"]
BAR_HEIGHT = 10


@dataclass(frozen=True)
class Series:
    label: str
    colour: str


@dataclass
class ChartRow:
    label: str
    values: list
    display: str
    svg: str = ""


@dataclass
class Chart:
    key: str
    title: str
    series: list[Series]
    rows: list[ChartRow] = field(default_factory=list)
    stacked: bool = True


def _width(value, maximum) -> float:
    if not maximum or not value:
        return 0.0
    return round(100 * float(value) / float(maximum), 2)


def stacked_bar(values: Sequence, maximum, colours: Sequence[str]) -> SafeString:
    """One bar of segments side by side, scaled so ``maximum`` fills the width."""
    segments, x = [], 0.0
    for value, colour in zip(values, colours, strict=False):
        width = _width(value, maximum)
        segments.append((x, 0, width, BAR_HEIGHT, colour))
        x += width
    return _svg(BAR_HEIGHT, segments, 14)


def grouped_bars(values: Sequence, maximum, colours: Sequence[str]) -> SafeString:
    """One thin bar per value, one under another (awarded against spent)."""
    segments = []
    thin = BAR_HEIGHT // 2
    for index, (value, colour) in enumerate(zip(values, colours, strict=False)):
        segments.append((0, index * thin, _width(value, maximum), thin, colour))
    return _svg(thin * len(values), segments, 8 * len(values))


def _svg(height: int, segments: list[tuple], pixels: int) -> SafeString:
    """``segments``: (x, y, width, height, colour) in a 100-wide box."""
    rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
        (
            (f"{x:.2f}", y, f"{width:.2f}", tall, colour)
            for x, y, width, tall, colour in segments
            if width > 0
        ),
    )
    return format_html(
        '<svg class="chart-bar" viewBox="0 0 100 {}" preserveAspectRatio="none" '
        'width="100%" height="{}" aria-hidden="true" focusable="false">'
        '<rect x="0" y="0" width="100" height="{}" fill="#eef1f4"/>{}</svg>',
        height,
        pixels,
        height,
        rects,
    )


def number(value) -> str:
    """A count as people write it: thousands apart by a narrow space."""
    return f"{int(value):,}".replace(",", "\u202f")


def build_chart(
    key: str,
    title: str,
    series: Sequence[str],
    rows: Sequence[tuple[str, Sequence]],
    *,
    stacked: bool = True,
    fmt: Callable = number,
) -> Chart:
    """A chart of ``rows`` — (label, one value per series) — scaled to its largest bar."""
    colours = PALETTE[: len(series)]
    chart = Chart(
        key=key,
        title=title,
        series=[Series(label, colour) for label, colour in zip(series, colours, strict=True)],
        stacked=stacked,
    )
    values = [list(row_values) for _label, row_values in rows]
    if stacked:
        maximum = max((sum(v, start=Decimal(0)) for v in values), default=0)
    else:
        maximum = max((max(v, default=0) for v in values), default=0)
    for (label, _values), row_values in zip(rows, values, strict=True):
        if stacked:
            svg = stacked_bar(row_values, maximum, colours)
            display = fmt(sum(row_values, start=Decimal(0)))
        else:
            svg = grouped_bars(row_values, maximum, colours)
            display = " / ".join(fmt(value) for value in row_values)
        chart.rows.append(ChartRow(label=str(label), values=row_values, display=display, svg=svg))
    return chart
