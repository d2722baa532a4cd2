"""CSV and Excel downloads: text never runs as a formula, Dutch headers and numbers, exact money."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from stapteam.platform.exports import (
    FORMULA_STARTS,
    Hours,
    Row,
    Sheet,
    csv_response,
    workbook_response,
    xlsx_response,
)

HEADER: Row = ["Cliëntcode", "Omschrijving", "Bedrag", "Uren", "Datum"]
FORMULAS = ["=HYPERLINK(1)", "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
EXACT = Decimal("9876543210.12")  # twelve digits, as much as a money column holds


def rows() -> list[Row]:
    written: list[Row] = [
        ["C-001", text, EXACT, Hours(Decimal("2.3")), datetime.date(2030, 3, 1)]
        for text in FORMULAS
    ]
    written.append(["C-002", "Gewone tekst", Decimal("-5.00"), None, None])
    return written


def csv_rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_neutralises_text_that_starts_like_a_formula() -> None:
    written = csv_rows(csv_response("x.csv", HEADER, rows()))
    texts = [row[1] for row in written[1 : 1 + len(FORMULAS)]]
    assert texts == [f"'{text}" for text in FORMULAS]
    assert all(row[1][:1] not in FORMULA_STARTS for row in written)
    assert written[-1][1] == "Gewone tekst"  # other text as it is


def test_csv_keeps_the_dutch_header_and_writes_for_dutch_excel() -> None:
    response = csv_response("overzicht.csv", HEADER, rows())
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    assert response.content.decode("utf-8-sig").startswith(
        "Cliëntcode;Omschrijving;Bedrag;Uren;Datum\r\n"
    )
    written = csv_rows(response)
    assert written[0] == HEADER
    assert written[1][2:] == ["9876543210,12", "2,3", "01-03-2030"]
    # A negative amount is a number, not text: no quote before it.
    assert written[-1] == ["C-002", "Gewone tekst", "-5,00", "", ""]


def test_csv_without_header_writes_only_the_rows() -> None:
    written = csv_rows(csv_response("x.csv", None, [["Totaal", 4, Decimal("270.00")]]))
    assert written == [["Totaal", "4", "270,00"]]


def test_csv_writes_a_moment_in_stap_time(settings: Any) -> None:
    settings.TIME_ZONE = "Europe/Amsterdam"
    moment = datetime.datetime(2030, 7, 1, 10, 30, tzinfo=datetime.UTC)
    written = csv_rows(csv_response("x.csv", ["Tijdstip"], [[moment]]))
    assert written[1] == ["01-07-2030 12:30"]  # summer time: UTC+2


@pytest.mark.parametrize(
    ("filename", "disposition"),
    [
        ("budgetrapportage-2030-01-01-2030-12-31.csv",
         'attachment; filename="budgetrapportage-2030-01-01-2030-12-31.csv"'),
        ('toegang"log.csv', 'attachment; filename="toegang\\"log.csv"'),
        ("cliënten.csv", "attachment; filename*=utf-8''cli%C3%ABnten.csv"),
    ],
)  # fmt: skip
def test_the_download_carries_its_filename(filename: str, disposition: str) -> None:
    assert csv_response(filename, HEADER, [])["Content-Disposition"] == disposition
    assert xlsx_response(filename, "Blad", HEADER, [])["Content-Disposition"] == disposition


# --- Excel ----------------------------------------------------------------------------------------


def test_excel_stores_text_that_starts_like_a_formula_as_text() -> None:
    response = xlsx_response("x.xlsx", "Overzicht", HEADER, rows())
    sheet = load_workbook(io.BytesIO(response.content))["Overzicht"]
    column = [sheet.cell(row=r, column=2) for r in range(2, 2 + len(FORMULAS))]
    assert [cell.value for cell in column] == FORMULAS  # unchanged, and...
    assert {cell.data_type for cell in column} == {"s"}  # ...never a formula
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml


def test_excel_keeps_the_dutch_header_in_bold() -> None:
    response = xlsx_response("x.xlsx", "Per cliënt", HEADER, rows(), widths=[12, 30])
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Per cliënt"]
    sheet = workbook["Per cliënt"]
    header = [cell for cell in sheet[1]]
    assert [cell.value for cell in header] == HEADER
    assert all(cell.font.b for cell in header)
    assert not sheet["A2"].font.b
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (12, 30)


def test_excel_writes_money_as_an_exact_number_in_euros() -> None:
    response = xlsx_response("x.xlsx", "Overzicht", HEADER, rows())
    sheet = load_workbook(io.BytesIO(response.content))["Overzicht"]
    money, hours, date = sheet["C2"], sheet["D2"], sheet["E2"]
    assert money.data_type == "n" and money.number_format == "€ #,##0.00"
    assert Decimal(str(money.value)) == EXACT
    assert Decimal(str(sheet["C8"].value)) == Decimal("-5.00")
    assert hours.number_format == "0.0" and Decimal(str(hours.value)) == Decimal("2.3")
    assert date.is_date and date.value.date() == datetime.date(2030, 3, 1)
    assert date.number_format == "DD-MM-YYYY"
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    # The digits themselves, not those of the nearest float ("9876543210.120001").
    assert "<v>9876543210.12</v>" in xml and "<v>-5.00</v>" in xml


def test_excel_writes_a_moment_in_stap_time_without_a_zone(settings: Any) -> None:
    settings.TIME_ZONE = "Europe/Amsterdam"
    moment = timezone.make_aware(datetime.datetime(2030, 1, 15, 9, 5))
    response = xlsx_response("x.xlsx", "Log", ["Tijdstip"], [[moment]])
    cell = load_workbook(io.BytesIO(response.content))["Log"]["A2"]
    assert cell.value == datetime.datetime(2030, 1, 15, 9, 5)
    assert cell.number_format == "DD-MM-YYYY HH:MM"


def test_a_workbook_holds_its_sheets_in_order_with_their_bold_rows() -> None:
    def is_total(row: Row) -> bool:
        return row[:1] == ["Totaal"]

    response = workbook_response(
        "x.xlsx",
        [
            Sheet("Overzicht", None, [["Budget", Decimal("10.00")], ["Totaal", Decimal("10.00")]],
                  bold=is_total),
            Sheet("Per categorie", ["Categorie", "Bedrag"], [["Vervoer", Decimal("1.50")]]),
        ],
    )  # fmt: skip
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Overzicht", "Per categorie"]
    overview = workbook["Overzicht"]
    assert (overview["A1"].font.b, overview["A2"].font.b, overview["B2"].font.b) == (
        False,
        True,
        False,
    )
    assert [c.value for c in workbook["Per categorie"][1]] == ["Categorie", "Bedrag"]
