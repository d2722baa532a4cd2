"""Frozen snapshots of the Rapportage ("Vastleggen"): every figure as typed JSON with the Excel
and Word files of that moment, and the comparison of a snapshot with the live report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stapteam.models import ReportSnapshot, User
from stapteam.platform.actor import acting_from
from stapteam.platform.exports import CellValue, Hours, xlsx_bytes
from stapteam.platform.formats import euro, hours
from stapteam.reports.document import report_document
from stapteam.reports.export import report_sheets
from stapteam.reports.figures import report_figures
from stapteam.reports.sections import Figure, Section

FORMAT_VERSION = 1

# --- Every figure as one list of sections ---------------------------------------------------------


def _minutes(minutes: int) -> Hours:
    return Hours(Decimal(minutes) / 60)


def _stand_section(stand: Any) -> Section:
    # The period and reference date are the snapshot's own columns, the same then and now.
    figures = [
        Figure(_("In beeld"), stand.in_scope),
        Figure(_("Actief (met contact)"), stand.active),
        Figure(_("Nieuw"), stand.new),
        Figure(_("Afgesloten"), stand.closed),
    ]
    for row in stand.outcomes:
        figures.append(
            Figure(_("Uitkomst %(label)s: aantal") % {"label": row.label}, row.count, True)
        )
        figures.append(
            Figure(_("Uitkomst %(label)s: procent") % {"label": row.label}, row.percent, True)
        )
    figures += [
        Figure(_("Totaal afgesloten"), stand.outcomes_total),
        Figure(_("Lopend op de peildatum"), stand.running),
    ]
    return Section("stand", gettext_lazy("Stand van zaken"), figures)


def _hours_section(rows: list[Any]) -> Section:
    figures = []
    for row in rows:
        who = (
            row.casemanager.get_full_name() or row.casemanager.username
            if row.casemanager
            else _("Team")
        )
        prefix = f"{row.month:%m-%Y} {who}"
        figures += [
            Figure(_("%(row)s: direct (uur)") % {"row": prefix}, _minutes(row.direct)),
            Figure(_("%(row)s: indirect (uur)") % {"row": prefix}, _minutes(row.indirect)),
            Figure(
                _("%(row)s: ervaringsdeskundige direct (uur)") % {"row": prefix},
                _minutes(row.peer_direct),
            ),
            Figure(
                _("%(row)s: ervaringsdeskundige indirect (uur)") % {"row": prefix},
                _minutes(row.peer_indirect),
            ),
            Figure(_("%(row)s: norm (uur)") % {"row": prefix}, _minutes(row.norm_minutes)),
            Figure(
                _("%(row)s: uur per cliënt per week") % {"row": prefix},
                None if row.hours_per_client_week is None else Hours(row.hours_per_client_week),
            ),
        ]
    return Section("uren", gettext_lazy("Uren tegen de norm"), figures)


def all_sections(figures: dict[str, Any]) -> list[Section]:
    """The report's figures as sections of labelled values, in the order of the page."""
    return [
        _stand_section(figures["stand"]),
        _hours_section(figures["hours"]),
        *figures["sections"],
    ]


# --- Typed JSON: numbers, money, hours and dates come back exactly as they were ----------------


def _encode(value: CellValue) -> dict[str, Any]:
    if value is None:
        return {"type": "none"}
    if isinstance(value, Hours):
        return {"type": "hours", "value": str(value.value)}
    if isinstance(value, Decimal):
        return {"type": "euro", "value": str(value)}
    if isinstance(value, datetime.datetime):
        return {"type": "moment", "value": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"type": "date", "value": value.isoformat()}
    if isinstance(value, int):
        return {"type": "int", "value": value}
    return {"type": "text", "value": str(value)}


def _decode(data: dict[str, Any]) -> CellValue:
    kind, value = data["type"], str(data.get("value", ""))
    if kind == "none":
        return None
    if kind == "hours":
        return Hours(Decimal(value))
    if kind == "euro":
        return Decimal(value)
    if kind == "moment":
        return datetime.datetime.fromisoformat(value)
    if kind == "date":
        return datetime.date.fromisoformat(value)
    if kind == "int":
        return int(value)
    return str(value)


def freeze(sections: list[Section]) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "sections": [
            {
                "slug": s.slug,
                "title": str(s.title),
                "note": str(s.note),
                "figures": [
                    {"label": str(f.label), "breakdown": f.breakdown, "value": _encode(f.value)}
                    for f in s.figures
                ],
            }
            for s in sections
        ],
    }


def thaw(data: dict[str, Any]) -> list[Section]:
    return [
        Section(
            s["slug"],
            s["title"],
            [Figure(f["label"], _decode(f["value"]), f["breakdown"]) for f in s["figures"]],
            s["note"],
        )
        for s in data["sections"]
    ]


@acting_from("by")
@transaction.atomic
def make_snapshot(
    *, start: datetime.date, end: datetime.date, on: datetime.date, label: str, by: User
) -> ReportSnapshot:
    """Fix the report of the period as it stands now: its figures and its files."""
    figures = report_figures(by, start, end, on)
    return ReportSnapshot.objects.create(
        label=label,
        period_start=start,
        period_end=end,
        reference_date=on,
        figures=freeze(all_sections(figures)),
        xlsx=xlsx_bytes(report_sheets(figures)),
        docx=report_document(figures),
        made_by=by,
    )


# --- Then and now ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Compared:
    label: str
    then: CellValue
    now: CellValue
    breakdown: bool
    missing: str | Promise = ""  # "alleen toen" / "alleen nu"

    @property
    def changed(self) -> bool:
        return bool(self.missing) or self.then != self.now

    @property
    def difference(self) -> str:
        """Now minus then, with its sign, in the figure's own unit; empty when it is no number."""
        if not self.changed or self.missing:
            return ""
        then, now = self.then, self.now
        if isinstance(then, Hours) and isinstance(now, Hours):
            minutes = int((now.value - then.value) * 60)
            return ("+" if minutes > 0 else "−") + hours(abs(minutes))
        if isinstance(then, Decimal) and isinstance(now, Decimal):
            return ("+" if now > then else "−") + euro(abs(now - then))
        if isinstance(then, int) and isinstance(now, int):
            return f"+{now - then}" if now > then else f"−{then - now}"
        return ""


@dataclass(frozen=True)
class ComparedSection:
    slug: str
    title: str | Promise
    figures: list[Compared]

    @property
    def changes(self) -> int:
        return sum(1 for f in self.figures if f.changed)


def compare(then: list[Section], now: list[Section]) -> list[ComparedSection]:
    """Every figure of the snapshot beside the same figure now (matched by section and label),
    then the figures that exist only now (a casemanager who has rows since)."""
    live = {s.slug: s for s in now}
    result = []
    for section in then:
        current = (
            {str(f.label): f for f in live[section.slug].figures} if section.slug in live else {}
        )
        rows = []
        for figure in section.figures:
            other = current.pop(str(figure.label), None)
            rows.append(
                Compared(
                    str(figure.label),
                    figure.value,
                    None if other is None else other.value,
                    figure.breakdown,
                    "" if other is not None else gettext_lazy("nu niet meer in de rapportage"),
                )
            )
        rows += [
            Compared(label, None, f.value, f.breakdown, gettext_lazy("nieuw sinds het vastleggen"))
            for label, f in current.items()
        ]
        result.append(ComparedSection(section.slug, section.title, rows))
    return result
