"""What time-out stays cost: each counted day at the tariff of its own year.

`spending_in_period` is the one function the budgets app may call.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models.functions import Coalesce

from timeout.models import Stay, YearSettings


def counted_dates(start: datetime.date, end: datetime.date, counting: str) -> list[datetime.date]:
    """The dates that count: the nights start..end-1, or the calendar days start..end."""
    last = (
        end if counting == YearSettings.DayCounting.CALENDAR_DAYS else end - datetime.timedelta(1)
    )
    days = (last - start).days + 1
    return [start + datetime.timedelta(days=i) for i in range(max(days, 0))]


def days_by_year(start: datetime.date, end: datetime.date, counting: str) -> dict[int, int]:
    return dict(Counter(day.year for day in counted_dates(start, end, counting)))


def stay_cost(start: datetime.date, end: datetime.date, years: dict[int, YearSettings]) -> Decimal:
    """Cost of a stay; the counting rule is that of the year it starts in.

    Raises KeyError when a year it touches has no settings (the caller says so in Dutch).
    """
    counting = years[start.year].day_counting
    return sum(
        (
            years[year].tariff_per_day * days
            for year, days in days_by_year(start, end, counting).items()
        ),
        Decimal("0.00"),
    )


def stay_days(stay: Stay, years: dict[int, YearSettings]) -> int:
    return len(counted_dates(stay.start, stay.end, years[stay.start.year].day_counting))


def all_year_settings() -> dict[int, YearSettings]:
    return {y.year: y for y in YearSettings.objects.all()}


@dataclass(frozen=True)
class TimeoutSpending:
    """Time-out over a period: counted days, their cost, and the budget set for it if known."""

    days: int
    cost: Decimal
    granted: Decimal | None  # None unless the period is whole calendar years, each with settings


def _whole_years(first: datetime.date, last: datetime.date) -> range | None:
    """The years of the period if it runs from 1 January to 31 December, else None."""
    if (first.month, first.day) == (1, 1) and (last.month, last.day) == (12, 31):
        return range(first.year, last.year + 1)
    return None


def spending_in_period(first: datetime.date, last: datetime.date) -> TimeoutSpending:
    """Days and cost of every stay's counted days in [first, last] (planned or actual end),
    each day at the tariff of its own year; a day in a year without settings costs nothing."""
    years = all_year_settings()
    stays = (
        Stay.objects.filter(start__lte=last)
        .annotate(ends=Coalesce("actual_end", "planned_end"))
        .filter(ends__gte=first)
        .only("start", "planned_end", "actual_end")
    )
    in_period: Counter[int] = Counter()
    for stay in stays:
        counting = (
            years[stay.start.year].day_counting
            if stay.start.year in years
            else YearSettings.DayCounting.NIGHTS
        )
        in_period.update(
            day.year
            for day in counted_dates(stay.start, stay.end, counting)
            if first <= day <= last
        )
    cost = sum(
        (years[year].tariff_per_day * days for year, days in in_period.items() if year in years),
        Decimal("0.00"),
    )
    whole = _whole_years(first, last)
    granted = (
        sum((years[year].budget for year in whole), Decimal("0.00"))
        if whole is not None and all(year in years for year in whole)
        else None
    )
    return TimeoutSpending(days=sum(in_period.values()), cost=cost, granted=granted)


def costs_in_year(year: int) -> tuple[int, Decimal]:
    """Days and cost that fall in `year`, from every stay touching it (planned or actual end)."""
    spending = spending_in_period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    return spending.days, spending.cost
