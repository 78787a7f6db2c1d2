"""Excel workbooks staff can use the moment they open them.

Every export and report of the portal writes through ``WorkbookWriter``: a bold, frozen
header row with filters, column widths by kind, dates as real Excel dates in Bishkek
time, amounts as numbers in the KGS format, long text wrapped. Rows are streamed into a
write-only workbook (openpyxl keeps them in a temporary file, not in memory), so a sheet
of any length costs the same memory.

Text is always written as text: an answer that starts with ``=`` stays an answer and never
becomes a formula in the staff member's Excel.
"""

import contextlib
import datetime as dt
import enum
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses longer cell text and longer sheet names.
MAX_CELL_TEXT = 32_767
MAX_SHEET_TITLE = 31
SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


class Kind(enum.Enum):
    """What a column holds, which decides its Excel type, format and width."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    DATETIME = "datetime"
    MONEY = "money"
    DECIMAL = "decimal"
    INTEGER = "integer"
    BOOLEAN = "boolean"


WIDTHS = {
    Kind.TEXT: 24,
    Kind.LONG_TEXT: 60,
    Kind.DATE: 12,
    Kind.DATETIME: 17,
    Kind.MONEY: 16,
    Kind.DECIMAL: 10,
    Kind.INTEGER: 10,
    Kind.BOOLEAN: 8,
}
NUMBER_FORMATS = {
    Kind.DATE: "DD.MM.YYYY",
    Kind.DATETIME: "DD.MM.YYYY HH:MM",
    Kind.DECIMAL: "0.00",
    Kind.INTEGER: "0",
}


def number_format(kind: Kind) -> str | None:
    if kind is Kind.MONEY:
        # 870 000,00 сом in a Russian Excel: a number staff can sum, with the currency.
        return f'#,##0.00 "{_("сом")}"'
    return NUMBER_FORMATS.get(kind)


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="FFE8EEF4", end_color="FFE8EEF4")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
WRAPPED = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header (in the reader's language), kind and width."""

    header: str
    kind: Kind = Kind.TEXT
    width: float | None = None

    @property
    def column_width(self) -> float:
        return self.width or WIDTHS[self.kind]


def sheet_title(title) -> str:
    return force_str(title).translate(SHEET_TITLE_FORBIDDEN).strip()[:MAX_SHEET_TITLE] or "-"


def excel_value(value, kind: Kind):
    """A Python value as Excel should store it for a column of ``kind``."""
    if value is None or (value == "" and kind not in (Kind.TEXT, Kind.LONG_TEXT)):
        return None
    if kind is Kind.DATETIME and isinstance(value, dt.datetime):
        # Excel has no time zones: write the wall-clock time of Bishkek.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if kind is Kind.DATE:
        if isinstance(value, dt.datetime):
            return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
        return value
    if kind in (Kind.MONEY, Kind.DECIMAL):
        return value if isinstance(value, Decimal | int | float) else Decimal(str(value))
    if kind is Kind.INTEGER:
        return int(value)
    if kind is Kind.BOOLEAN:
        return _("да") if value else _("нет")
    if isinstance(value, list | tuple | set):
        value = ", ".join(force_str(item) for item in value)
    text = ILLEGAL_CHARACTERS_RE.sub("", force_str(value))
    return text[:MAX_CELL_TEXT]


def header_text(text) -> str:
    """Text for a printed page's header: ``&`` starts Excel's header codes."""
    return force_str(text).replace("&", "&&")


def set_up_printing(worksheet) -> None:
    """Printed, a sheet fits the page's width in landscape, repeats its header row on
    every page and says at the top what it is and when it was exported."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = 9  # A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_title_rows = "1:1"
    exported = timezone.localtime().strftime("%d.%m.%Y %H:%M")
    worksheet.oddHeader.center.text = header_text(worksheet.title)
    worksheet.oddHeader.right.text = header_text(_("Выгружено %(date)s") % {"date": exported})
    worksheet.oddFooter.center.text = header_text(_("Страница")) + " &P / &N"


class SheetWriter:
    """Appends rows to one sheet; ``WorkbookWriter.sheet`` makes one."""

    def __init__(self, worksheet, columns: Sequence[Column]):
        self.worksheet = worksheet
        self.columns = list(columns)
        self.rows = 0
        self.formats = {kind: number_format(kind) for kind in Kind}
        self.styles = [self._column_style(column) for column in self.columns]
        self.kinds = [column.kind for column in self.columns]
        for index, column in enumerate(self.columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = column.column_width
        worksheet.freeze_panes = "A2"
        set_up_printing(worksheet)
        header = []
        for column in self.columns:
            cell = WriteOnlyCell(
                worksheet, value=ILLEGAL_CHARACTERS_RE.sub("", force_str(column.header))
            )
            cell.data_type = "s"
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = HEADER_ALIGNMENT
            header.append(cell)
        worksheet.append(header)
        self._set_filter()

    def _column_style(self, column: Column):
        """The style of a column's cells, registered with the workbook once: setting a
        style on each cell hashes it into the workbook's style tables every time."""
        cell = WriteOnlyCell(self.worksheet)
        if self.formats[column.kind]:
            cell.number_format = self.formats[column.kind]
        cell.alignment = WRAPPED if column.kind is Kind.LONG_TEXT else TOP
        return cell._style

    def append(self, values: Sequence) -> None:
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        worksheet = self.worksheet
        row = []
        for kind, style, value in zip(self.kinds, self.styles, values, strict=True):
            value = excel_value(value, kind)
            cell = WriteOnlyCell(worksheet)
            # The value is already what Excel stores (``excel_value``: text cleaned and
            # cut to Excel's length): its type is set without openpyxl's guessing, which
            # would also make a formula of text starting with "=". The column's style is
            # shared by its cells and never changed.
            data_type = _DATA_TYPES.get(type(value))
            if data_type is not None:
                cell._value, cell.data_type = value, data_type
            elif value is not None:  # anything unusual: openpyxl decides, as it would
                cell.value = value
            cell._style = style
            row.append(cell)
        worksheet.append(row)
        self.rows += 1

    def extend(self, rows: Iterable[Sequence]) -> None:
        for values in rows:
            self.append(values)

    def _set_filter(self) -> None:
        if self.columns:
            last = get_column_letter(len(self.columns))
            self.worksheet.auto_filter.ref = f"A1:{last}{self.rows + 1}"


# Excel's type of each Python type ``excel_value`` returns (text otherwise).
_DATA_TYPES = {
    str: "s",
    int: "n",
    float: "n",
    Decimal: "n",
    dt.datetime: "d",
    dt.date: "d",
    dt.time: "d",
    bool: "b",
}


class WorkbookWriter:
    """A write-only workbook: add sheets in order, append rows, then ``save``."""

    def __init__(self):
        self.workbook = Workbook(write_only=True)
        self.titles: set[str] = set()
        self.sheets: list[SheetWriter] = []

    def sheet(self, title, columns: Sequence[Column]) -> SheetWriter:
        name = sheet_title(title)
        base, number = name, 2
        while name.casefold() in self.titles:
            suffix = f" ({number})"
            name = base[: MAX_SHEET_TITLE - len(suffix)] + suffix
            number += 1
        self.titles.add(name.casefold())
        sheet = SheetWriter(self.workbook.create_sheet(name), columns)
        self.sheets.append(sheet)
        return sheet

    def save(self, target) -> None:
        """Write the workbook to a path or a binary file object."""
        if not self.titles:
            self.sheet(_("Пусто"), [])
        for sheet in self.sheets:
            sheet._set_filter()  # over the rows written, once
        self.workbook.save(target)

    def discard(self) -> None:
        """Give up a workbook that will not be saved (a sheet failed): close the sheets
        written so far and delete their temporary files, which openpyxl would otherwise
        keep until the process ends — a worker's runs for days."""
        for worksheet in self.workbook.worksheets:
            with contextlib.suppress(Exception):
                worksheet.close()
            rows_file = getattr(worksheet, "_writer", None)  # openpyxl's file of its rows
            if rows_file is not None:
                with contextlib.suppress(OSError, ValueError):
                    rows_file.cleanup()

    def to_bytes(self) -> bytes:
        # A spooled file keeps small workbooks in memory and large ones on disk.
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as buffer:
            self.save(buffer)
            buffer.seek(0)
            return buffer.read()
