"""The shared workbook writer: what a staff member notices when opening any export."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.xlsx import Column, Kind, WorkbookWriter
from tests.workbooks import open_workbook, sheet_rows

BISHKEK = ZoneInfo("Asia/Bishkek")


def build(rows, columns=None):
    columns = columns or [
        Column("название"),
        Column("описание", Kind.LONG_TEXT),
        Column("дата", Kind.DATE),
        Column("отправлена", Kind.DATETIME),
        Column("сумма", Kind.MONEY),
        Column("балл", Kind.DECIMAL),
        Column("количество", Kind.INTEGER, width=9),
        Column("ищет партнёра", Kind.BOOLEAN),
    ]
    writer = WorkbookWriter()
    writer.sheet("Коалиции: список [1]", columns).extend(rows)
    return open_workbook(writer.to_bytes())


def test_header_is_bold_frozen_filtered_and_columns_have_widths():
    book = build(
        [["А", "", None, None, None, None, 1, True], ["Б", "", None, None, None, None, 2, False]]
    )
    sheet = book.worksheets[0]
    assert sheet.title == "Коалиции  список  1"
    assert [c.value for c in sheet[1]][:3] == ["название", "описание", "дата"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H3"
    assert sheet.column_dimensions["B"].width == 60
    assert sheet.column_dimensions["G"].width == 9


def test_values_keep_their_excel_types_and_formats():
    sent = dt.datetime(2030, 5, 25, 17, 59, tzinfo=dt.UTC)  # 23:59 in Bishkek
    book = build(
        [
            [
                "Идея",
                "строка 1\nстрока 2",
                dt.date(2030, 6, 13),
                sent,
                Decimal("870000.50"),
                Decimal("42.25"),
                3,
                True,
            ]
        ]
    )
    sheet = book.worksheets[0]
    row = sheet[2]
    assert row[2].value == dt.datetime(2030, 6, 13) and row[2].number_format == "DD.MM.YYYY"
    assert row[3].value == dt.datetime(2030, 5, 25, 23, 59)
    assert row[3].is_date
    assert row[4].value == 870000.5 and row[4].data_type == "n"
    assert row[4].number_format == '#,##0.00 "сом"'
    assert row[5].value == 42.25
    assert row[6].value == 3
    assert row[7].value == "да"
    assert row[1].alignment.wrap_text
    assert not row[0].alignment.wrap_text


def test_text_that_looks_like_a_formula_stays_text():
    book = build(
        [['=HYPERLINK("http://evil.example","клик")', "\x07звонок", None, None, None, None, 1, 0]]
    )
    row = book.worksheets[0][2]
    assert row[0].data_type == "s"
    assert row[0].value.startswith("=HYPERLINK")
    assert row[1].value == "звонок"  # control characters Excel refuses are dropped


def test_sheet_names_are_unique_and_fit_excel():
    writer = WorkbookWriter()
    writer.sheet("Очень длинное название листа, которое Excel не примет", [Column("a")])
    writer.sheet("Очень длинное название листа, которое Excel не примет", [Column("a")])
    titles = open_workbook(writer.to_bytes()).sheetnames
    assert len(titles) == 2 and len(set(titles)) == 2
    assert all(len(title) <= 31 for title in titles)


def test_lists_become_one_cell_and_rows_become_dicts():
    book = build([[["Чуй", "Ош"], "", None, None, None, None, None, False]])
    assert sheet_rows(book.worksheets[0])[0]["название"] == "Чуй, Ош"


def test_a_discarded_workbook_leaves_no_files_behind():
    import gc
    import os
    import warnings

    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    before = set(ALL_TEMP_FILES)
    writer = WorkbookWriter()
    for title in ("Первый", "Второй"):
        writer.sheet(title, [Column("название")]).extend([["А"], ["Б"]])
    written = set(ALL_TEMP_FILES) - before
    assert len(written) == 2 and all(os.path.exists(path) for path in written)

    writer.discard()
    assert set(ALL_TEMP_FILES) == before
    assert not any(os.path.exists(path) for path in written)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        del writer
        gc.collect()  # nothing left to fail when openpyxl's row writers are collected


def test_every_sheet_prints_landscape_one_page_wide_with_its_title_and_date(settings):
    settings.LANGUAGE_CODE = "ru"
    writer = WorkbookWriter()
    writer.sheet("Заявки & оценки", [Column("а"), Column("б")]).extend([["1", "2"]] * 3)
    writer.sheet("Второй", [Column("в")])
    book = open_workbook(writer.to_bytes())
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == "$1:$1"
    first = book.worksheets[0]
    assert first.oddHeader.center.text == "Заявки && оценки"  # "&" escaped, shows as "&"
    today = dt.datetime.now(BISHKEK).strftime("%d.%m.%Y")
    assert first.oddHeader.right.text.startswith(f"Выгружено {today}")
    assert "&P" in first.oddFooter.center.text
