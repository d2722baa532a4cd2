"""STAP's one calendar: months and years (AVG terms), Dutch public holidays under the Algemene
termijnenwet and working days (Awb deadlines, escalation terms). No database, no settings."""

from __future__ import annotations

import calendar
import datetime
from functools import lru_cache

SATURDAY = 5
SUNDAY = 6


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


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday of `year` in the Gregorian calendar (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def kings_day(year: int) -> datetime.date:
    """Koningsdag: 27 April, or 26 April when 27 April is a Sunday (since 2014)."""
    day = datetime.date(year, 4, 27)
    if day.weekday() == SUNDAY:
        return datetime.date(year, 4, 26)
    return day


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[datetime.date]:
    easter = easter_sunday(year)
    return frozenset(
        {
            datetime.date(year, 1, 1),  # Nieuwjaarsdag
            easter + datetime.timedelta(days=1),  # Christelijke tweede paasdag
            easter + datetime.timedelta(days=39),  # Hemelvaartsdag
            easter + datetime.timedelta(days=50),  # tweede pinksterdag
            kings_day(year),  # Koningsdag
            datetime.date(year, 5, 5),  # 5 mei (Bevrijdingsdag), every year
            datetime.date(year, 12, 25),  # eerste Kerstdag
            datetime.date(year, 12, 26),  # tweede Kerstdag
        }
    )


def public_holidays(year: int) -> set[datetime.date]:
    """The algemeen erkende feestdagen of Algemene termijnenwet art. 3 lid 1 in `year`.

    Nieuwjaarsdag, Christelijke tweede paasdag, Hemelvaartsdag, tweede pinksterdag, Koningsdag,
    5 mei and both Kerstdagen. Days that a royal decree adds under art. 3 lid 2 (for instance
    Goede Vrijdag in some years) are not included; Easter Sunday and Whit Sunday are Sundays anyway.
    """
    return set(_holidays(year))


def is_working_day(day: datetime.date) -> bool:
    """True unless `day` is a Saturday, a Sunday or an algemeen erkende feestdag."""
    return day.weekday() not in (SATURDAY, SUNDAY) and day not in _holidays(day.year)


def next_working_day_on_or_after(day: datetime.date) -> datetime.date:
    """`day` if it is a working day, else the next working day (Algemene termijnenwet art. 1)."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start`: weekends and public holidays are not counted."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            days -= 1
    return current


def days_left(deadline: datetime.date, today: datetime.date) -> int:
    """Calendar days from `today` until `deadline`: 0 on the last day, negative when overdue."""
    return (deadline - today).days
