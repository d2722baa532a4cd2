"""CSV and Excel downloads for Dutch spreadsheets: typed cells, and text never runs as a formula."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

R = TypeVar("R", bound=HttpResponseBase)

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "€ #,##0.00"
HOURS_FORMAT = "0.0"
DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Hours:
    """A number of hours, one decimal: apart from money so each export formats it right."""

    value: Decimal


# Money is a Decimal (two decimals); a datetime is written in STAP's time zone.
CellValue = str | Promise | int | Decimal | datetime.date | Hours | None
Row = Sequence[CellValue]


def _no_bold(row: Row) -> bool:
    return False


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a header in bold (if any), the rows, column widths from A on, and which
    rows have their first cell in bold (titles and totals)."""

    title: str
    header: Row | None
    rows: Sequence[Row]
    widths: Sequence[int] = ()
    bold: Callable[[Row], bool] = _no_bold


def safe_text(value: str) -> str:
    """A spreadsheet runs text that starts like a formula; a quote keeps it text."""
    return f"'{value}" if value[:1] in FORMULA_STARTS else value


def _local(value: datetime.datetime) -> datetime.datetime:
    """Excel knows no time zones: the wall-clock time in STAP's zone, without its zone."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


# --- CSV -----------------------------------------------------------------------------------------


def csv_cell(value: CellValue) -> str:
    """A cell as Dutch Excel reads it: decimal comma, day-month-year, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, Hours):
        return f"{value.value:.1f}".replace(".", ",")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime.datetime):
        return f"{_local(value):%d-%m-%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, int):
        return str(value)
    return safe_text(str(value))


def csv_text(rows: Iterable[Row]) -> str:
    """Rows for Dutch Excel: a BOM (so it reads UTF-8), semicolons, CRLF line ends."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


def csv_response(filename: str, header: Row | None, rows: Iterable[Row]) -> HttpResponse:
    """A CSV download: the header (if any) on the first line, then the rows."""
    lines = rows if header is None else [header, *rows]
    return attachment(HttpResponse(csv_text(lines), content_type=CSV), filename)


class _Echo:
    """A file that hands back what is written to it: csv.writer yields one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_stream(filename: str, header: Row | None, rows: Iterable[Row]) -> StreamingHttpResponse:
    """A CSV download written while it is read, for a list too long to hold (the access log):
    the same cells as csv_response, the rows taken from `rows` as they come."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")

    def lines() -> Iterable[str]:
        yield "\ufeff"
        if header is not None:
            yield writer.writerow([csv_cell(value) for value in header])
        for row in rows:
            yield writer.writerow([csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type=CSV)
    attachment(response, filename)
    return response


# --- Excel ---------------------------------------------------------------------------------------


def _exact_number(cell: Cell, value: Decimal, number_format: str) -> None:
    """A number cell holding the Decimal's own digits: openpyxl would write it through a float
    ("%.16g"), and 9876543210.12 would reach the file as 9876543210.120001."""
    cell.value = f"{value:f}"
    cell.data_type = "n"
    cell.number_format = number_format


def _put(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    cell: Cell = sheet.cell(row=row, column=column)
    if isinstance(value, Hours):
        _exact_number(cell, value.value, HOURS_FORMAT)
    elif isinstance(value, Decimal):
        _exact_number(cell, value, MONEY_FORMAT)
    elif isinstance(value, datetime.datetime):
        cell.value = _local(value)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str | Promise):
        cell.value = str(value)
        cell.data_type = "s"  # never a formula, whatever a name starts with
    else:
        cell.value = value
    return cell


def _fill(worksheet: Worksheet, sheet: Sheet) -> None:
    start = 1
    if sheet.header is not None:
        for c, value in enumerate(sheet.header, start=1):
            _put(worksheet, 1, c, value).font = Font(bold=True)
        start = 2
    for r, row in enumerate(sheet.rows, start=start):
        for c, value in enumerate(row, start=1):
            _put(worksheet, r, c, value)
        if sheet.bold(row):
            worksheet.cell(row=r, column=1).font = Font(bold=True)
    for c, width in enumerate(sheet.widths, start=1):
        worksheet.column_dimensions[get_column_letter(c)].width = width


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An Excel workbook with the sheets in order: money, hours and dates as typed numbers."""
    workbook = Workbook()
    first = workbook.worksheets[0]
    for number, sheet in enumerate(sheets):
        worksheet = first if number == 0 else workbook.create_sheet()
        worksheet.title = sheet.title
        _fill(worksheet, sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def workbook_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """An Excel download of several sheets."""
    return attachment(HttpResponse(xlsx_bytes(sheets), content_type=XLSX), filename)


def xlsx_response(
    filename: str,
    sheet_title: str,
    header: Row | None,
    rows: Sequence[Row],
    *,
    widths: Sequence[int] = (),
) -> HttpResponse:
    """An Excel download of one sheet: the header in bold (if any), then the rows."""
    return workbook_response(filename, [Sheet(sheet_title, header, rows, widths)])


def attachment(response: R, filename: str) -> R:
    """The response as a download named `filename` (quoted, or RFC 6266-encoded if not ASCII)."""
    # None only for an inline response without a name, which this never is.
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response
