"""The report's sections from other apps: each registers a function that composes its figures
from its own computations (registrations counts, time-out costs, the budget report); stapteam
never imports them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from stapteam.platform.exports import CellValue
from stapteam.reports.outcomes import SMALL_CELL


@dataclass(frozen=True)
class Figure:
    label: str | Promise
    value: CellValue  # an int, money as Decimal, Hours, a date
    # A count in a breakdown (by kind, by reason): hidden below 5 for policy staff.
    breakdown: bool = False


@dataclass(frozen=True)
class Section:
    slug: str
    title: str | Promise
    figures: list[Figure]
    note: str | Promise = ""


FigureSource = Callable[[datetime.date, datetime.date, datetime.date], Section]
_sources: list[FigureSource] = []


def register_report_section(source: FigureSource) -> FigureSource:
    """Add a section (start, end, reference date) -> Section, in a fixed number of queries."""
    if source not in _sources:
        _sources.append(source)
    return source


def hide_small(figure: Figure) -> Figure:
    value = figure.value
    if figure.breakdown and isinstance(value, int) and 0 < value < SMALL_CELL:
        return Figure(figure.label, None, breakdown=True)
    return figure


def report_sections(
    start: datetime.date, end: datetime.date, on: datetime.date, *, aggregates_only: bool
) -> list[Section]:
    sections = [source(start, end, on) for source in _sources]
    if not aggregates_only:
        return sections
    return [Section(s.slug, s.title, [hide_small(f) for f in s.figures], s.note) for s in sections]
