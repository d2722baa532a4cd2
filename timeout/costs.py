"""What time-out stays cost: each counted day at the tariff of its own year.

This module is the one function budgets may call (`costs_in_year`).
"""

from __future__ import annotations

import datetime
from collections import Counter
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


def costs_in_year(year: int) -> tuple[int, Decimal]:
    """Days and cost that fall in `year`, from every stay touching it (planned or actual end)."""
    years = all_year_settings()
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    stays = (
        Stay.objects.filter(start__lte=last)
        .annotate(ends=Coalesce("actual_end", "planned_end"))
        .filter(ends__gte=first)
    )
    days, cost = 0, Decimal("0.00")
    for stay in stays:
        counting = years[stay.start.year].day_counting if stay.start.year in years else "nights"
        in_year = days_by_year(stay.start, stay.end, counting).get(year, 0)
        days += in_year
        if year in years:
            cost += years[year].tariff_per_day * in_year
    return days, cost
