"""The report as spreadsheet sheets, one per section, with real numbers and dates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from stapteam.caseload.hours import MonthHours
from stapteam.platform.exports import Hours, Row, Sheet


def _stand_sheet(stand: Any) -> Sheet:
    rows: list[Row] = [
        [_("Van"), stand.start, None],
        [_("Tot en met"), stand.end, None],
        [_("Peildatum"), stand.on, None],
        [_("In beeld"), stand.in_scope, None],
        [_("Actief (met contact)"), stand.active, None],
        [_("Nieuw"), stand.new, None],
        [_("Afgesloten"), stand.closed, None],
        [None, None, None],
        [_("Uitkomst"), _("Aantal"), _("Procent")],
        *(
            [row.label, "< 5" if row.count is None else row.count, row.percent]
            for row in stand.outcomes
        ),
        [_("Totaal afgesloten"), stand.outcomes_total, None],
        [_("Lopend op de peildatum"), stand.running, None],
        [
            _("Percentages afgerond op hele procenten; het totaal kan van 100 % afwijken."),
            None,
            None,
        ],
    ]
    return Sheet(_("Stand van zaken"), [_("Onderdeel"), _("Waarde"), ""], rows, (44, 14, 10))


def _hours(minutes: int) -> Hours:
    return Hours(Decimal(minutes) / 60)


def _hours_sheet(rows: list[MonthHours], details: bool) -> Sheet:
    header: Row = [
        _("Maand"),
        *([_("Casemanager")] if details else []),
        _("Direct (uur)"),
        _("Indirect (uur)"),
        _("Ervaringsdeskundige direct (uur)"),
        _("Ervaringsdeskundige indirect (uur)"),
        _("Totaal (uur)"),
        _("Norm (uur)"),
        _("Cliëntweken"),
        _("Uur per cliënt per week"),
    ]
    lines: list[Row] = [
        [
            row.month,
            *(
                [row.casemanager.get_full_name() if row.casemanager else _("Team")]
                if details
                else []
            ),
            _hours(row.direct),
            _hours(row.indirect),
            _hours(row.peer_direct),
            _hours(row.peer_indirect),
            _hours(row.minutes),
            _hours(row.norm_minutes),
            Hours(row.client_weeks),
            None if row.hours_per_client_week is None else Hours(row.hours_per_client_week),
        ]
        for row in rows
    ]
    return Sheet(_("Uren tegen de norm"), header, lines, (12, *([24] if details else []), 14))


def report_sheets(figures: dict[str, Any]) -> list[Sheet]:
    sheets = [_stand_sheet(figures["stand"]), _hours_sheet(figures["hours"], figures["details"])]
    for section in figures["sections"]:
        rows: list[Row] = [
            [f.label, "< 5" if f.value is None and f.breakdown else f.value]
            for f in section.figures
        ]
        # Sheet titles are at most 31 characters in Excel.
        sheets.append(Sheet(str(section.title)[:31], [_("Onderdeel"), _("Waarde")], rows, (50, 16)))
    return sheets


def sheet_rows(sheet: Sheet) -> list[Row]:
    return [sheet.header, *sheet.rows] if sheet.header is not None else list(sheet.rows)
