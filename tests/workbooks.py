"""Reading exported workbooks back in tests, as a staff member's Excel would."""

import io

from openpyxl import load_workbook


def open_workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def sheet_rows(worksheet) -> list[dict]:
    """The sheet's rows as dicts keyed by the header row's text."""
    rows = list(worksheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def headers(worksheet) -> list[str]:
    return [cell.value for cell in worksheet[1]]
