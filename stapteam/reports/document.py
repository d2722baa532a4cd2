"""The report as a Word document for the municipality: its tables, and its charts as images drawn
with matplotlib in the palette of stapteam/reports/palette.py."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm
from matplotlib.figure import Figure as PlotFigure

from stapteam.platform.formats import hours, long_date
from stapteam.reports.palette import OKABE_ITO, OUTCOME_COLOURS
from stapteam.templatetags.stap import report_value


def _png(figure: PlotFigure) -> io.BytesIO:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=200, bbox_inches="tight")
    out.seek(0)
    return out


def outcome_chart(stand: Any) -> io.BytesIO:
    """A horizontal bar per outcome, its count at the end of the bar (reads in greyscale too)."""
    figure = PlotFigure(figsize=(6.5, 2.6))
    axes = figure.subplots()
    rows = list(reversed(stand.outcomes))
    counts = [row.count or 0 for row in rows]
    axes.barh(
        [str(row.label) for row in rows],
        counts,
        color=[OUTCOME_COLOURS[row.outcome] for row in rows],
        edgecolor="black",
        linewidth=0.6,
    )
    for y, n in enumerate(counts):
        axes.text(n, y, f" {n}", va="center", fontsize=8)
    axes.set_xlabel(_("Aantal dossiers"))
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def hours_chart(rows: Any) -> io.BytesIO:
    """The team's hours per client per week by month against the norm (a dashed line)."""
    team = [row for row in rows if row.casemanager is None]
    figure = PlotFigure(figsize=(6.5, 2.6))
    axes = figure.subplots()
    labels = [f"{row.month:%m-%Y}" for row in team]
    axes.bar(
        labels, [float(row.hours_per_client_week or 0) for row in team], color=OKABE_ITO["blue"]
    )
    if team:
        axes.axhline(float(team[0].norm_hours_per_week), color="black", linestyle="--", linewidth=1)
    axes.set_ylabel(_("Uur per cliënt per week"))
    axes.tick_params(axis="x", labelrotation=45, labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def report_document(figures: dict[str, Any]) -> bytes:
    stand = figures["stand"]
    document = Document()
    document.add_heading(_("Rapportage: stand van zaken"), level=0)
    document.add_paragraph(
        _("Periode %(start)s tot en met %(end)s; peildatum %(on)s")
        % {"start": long_date(stand.start), "end": long_date(stand.end), "on": long_date(stand.on)}
    )
    document.add_heading(_("Dossiers in de periode"), level=1)
    _table(
        document,
        [_("In beeld"), _("Actief (met contact)"), _("Nieuw"), _("Afgesloten")],
        [[str(stand.in_scope), str(stand.active), str(stand.new), str(stand.closed)]],
    )
    document.add_heading(_("Uitkomsten op %(on)s") % {"on": long_date(stand.on)}, level=1)
    _table(
        document,
        [_("Uitkomst"), _("Aantal"), _("Procent")],
        [
            [
                str(r.label),
                report_value(r.count, True),
                "–" if r.percent is None else f"{r.percent} %",
            ]
            for r in stand.outcomes
        ]
        + [[_("Totaal afgesloten"), str(stand.outcomes_total), ""]]
        + [[_("Lopend op de peildatum"), str(stand.running), ""]],
    )
    document.add_paragraph(
        _("Percentages afgerond op hele procenten; het totaal kan van 100 % afwijken.")
    )
    if stand.outcomes_total and not stand.suppressed:
        document.add_picture(outcome_chart(stand), width=Cm(16))
    document.add_heading(_("Uren tegen de norm (team)"), level=1)
    team = [row for row in figures["hours"] if row.casemanager is None]
    _table(
        document,
        [_("Maand"), _("Totaal (uur)"), _("Norm (uur)"), _("Uur per cliënt per week")],
        [
            [
                f"{row.month:%m-%Y}",
                hours(row.minutes),
                hours(row.norm_minutes),
                "–" if row.hours_per_client_week is None else str(row.hours_per_client_week),
            ]
            for row in team
        ],
    )
    if team:
        document.add_picture(hours_chart(figures["hours"]), width=Cm(16))
    for section in figures["sections"]:
        document.add_heading(str(section.title), level=1)
        _table(
            document,
            [_("Onderdeel"), _("Waarde")],
            [[str(f.label), report_value(f.value, f.breakdown)] for f in section.figures],
        )
        if section.note:
            document.add_paragraph(str(section.note))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
