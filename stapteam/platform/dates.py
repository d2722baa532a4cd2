"""Calendar arithmetic for terms in months and years (no database, no settings)."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier); the month's last day when that day is missing.

    This is how the AVG's "one month" is counted (EU Regulation 1182/71 art. 3): received on
    31 January, due on 28 (or 29) February.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, years * 12)
