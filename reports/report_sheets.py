"""«Сводка»: the first sheet of the donor workbook — the figures of the staff overview
(``reports.overview``), each table with a native Excel chart beside it.

The sheet is written row by row like every other (a write-only sheet); each block is a
bold title, a header row and its rows, padded so the chart anchored at its title (right
of the table) never covers the next block's. The sheet prints on landscape pages, one page
wide, so a printed or PDF copy shows each chart beside its table.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.xlsx import (
    HEADER_FILL,
    HEADER_FONT,
    Kind,
    WorkbookWriter,
    number_format,
    sheet_title,
)

from . import overview, overview_money
from .programme import register_sheet

CHART_ROWS = 17  # a 7.5 cm chart covers about 15 rows of the default height


class SummaryWriter:
    def __init__(self, writer: WorkbookWriter, title: str):
        name = sheet_title(title)
        writer.titles.add(name.casefold())
        self.sheet = writer.workbook.create_sheet(name)
        self.row = 0
        self.money_format = number_format(Kind.MONEY)
        for letter, width in zip("ABCDEF", (42, 14, 14, 14, 14, 14), strict=True):
            self.sheet.column_dimensions[letter].width = width
        self.sheet.page_setup.orientation = "landscape"
        self.sheet.page_setup.fitToWidth = 1
        self.sheet.page_setup.fitToHeight = 0
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True

    def append(self, values, *, font=None, fill=None, money=False) -> None:
        cells = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(self.sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, never a formula
            if font:
                cell.font = font
            if fill:
                cell.fill = fill
            if money and index and not isinstance(value, str):
                cell.number_format = self.money_format
            cells.append(cell)
        self.sheet.append(cells)
        self.row += 1

    def block(self, title, headers, rows, *, chart=None, money=False, series=None):
        """A titled table; ``chart`` (a BarChart) is drawn from its ``series`` columns
        (1-based, after the label column; all of them by default)."""
        self.append([title], font=Font(bold=True, size=12))
        title_row = self.row
        self.append(headers, font=HEADER_FONT, fill=HEADER_FILL)
        for label, values in rows:
            self.append([label, *values], money=money)
        last = self.row
        if chart is not None and last > title_row + 1:
            columns = series or range(1, len(headers))
            self._chart(chart, title, (title_row, last), columns, len(headers) + 2)
        padding = max(CHART_ROWS - (last - title_row), 0) + 2
        for _blank in range(padding):
            self.append([])

    def _chart(self, chart, title, rows, series, anchor_column) -> None:
        title_row, last = rows
        header_row = title_row + 1
        for column in series:
            data = Reference(self.sheet, min_col=column + 1, min_row=header_row, max_row=last)
            chart.add_data(data, titles_from_data=True)
        labels = Reference(self.sheet, min_col=1, min_row=header_row + 1, max_row=last)
        chart.set_categories(labels)
        chart.title = str(title)
        chart.height, chart.width = 7.5, 16
        self.sheet.add_chart(chart, f"{get_column_letter(anchor_column)}{title_row}")


def bar_chart(*, horizontal=True, stacked=False, legend=True) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    if horizontal:  # the first row at the top, as in the table
        chart.x_axis.scaling.orientation = "maxMin"
    if not legend:
        chart.legend = None
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    chart.y_axis.majorGridlines = None
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    return chart


def _rows(rows: list[overview.Row], count: int | None = None):
    return [(row.label, [figure.value for figure in row.figures[:count]]) for row in rows]


def _anonymous_reviewers(rows: list[overview.Row]):
    """The donor's copy names no reviewer (staff see the names on the overview page): most
    work first, so the order does not depend on the names (an erased person keeps it)."""
    figures = sorted(([figure.value for figure in row.figures] for row in rows), reverse=True)
    return [(_("Рецензент %(n)s") % {"n": n}, values) for n, values in enumerate(figures, 1)]


@register_sheet("summary", gettext_lazy("Сводка"), order=5)
def summary_sheet(writer: WorkbookWriter, call) -> None:
    out = SummaryWriter(writer, _("Сводка"))
    out.append([_("Сводка: %(call)s") % {"call": call.title}], font=Font(bold=True, size=14))
    out.append([])
    reports = overview.report_status(call)
    counts = overview.application_counts(call)
    funnel = overview.funnel(call, reports=reports, applications=counts)
    out.block(
        _("Воронка программы"),
        [_("шаг"), _("количество")],
        [(figure.label, [figure.value]) for figure in funnel],
        chart=bar_chart(legend=False),
    )
    pair_headers = [_("пары"), _("одна коалиция"), _("всего")]
    for title, first, rows in (
        (_("Заявки по целевым регионам"), _("регион"), overview.by_region(call, counts)),
        (_("Заявки по приоритетным темам"), _("приоритет"), overview.by_priority(call, counts)),
    ):
        out.block(
            title, [first, *pair_headers], _rows(rows), chart=bar_chart(stacked=True), series=[1, 2]
        )
    out.block(
        _("Ход оценки по рецензентам"),
        [_("рецензент"), _("назначено"), _("оценено"), _("ждут оценки"), _("отвод")],
        _anonymous_reviewers(overview.review_progress(call)),
        chart=bar_chart(stacked=True),
        series=[2, 3, 4],
    )
    money_blocks(out, call)
    report_rows = overview.report_rows(reports)
    out.block(
        _("Отчёты о кампаниях"),
        [_("отчёт"), *[figure.label for figure in report_rows[0].figures]],
        _rows(report_rows),
        chart=bar_chart(horizontal=False, stacked=True),
    )


def money_blocks(out: SummaryWriter, call) -> None:
    money = overview_money.support_by_kind(call)
    out.block(
        _("Поддержка по видам"),
        [_("вид поддержки"), _("присуждено"), _("израсходовано")],
        _rows(money.rows),
        chart=bar_chart(horizontal=False),
        money=True,
    )
    figures = [money.budget, money.awarded, money.spent, money.left]
    out.block(
        _("Бюджет конкурса"),
        [_("показатель"), _("сумма")],
        [(figure.label, [figure.value]) for figure in figures],
        chart=bar_chart(legend=False),
        money=True,
    )
