"""Pure deadline arithmetic for the Awb and the Algemene termijnenwet (no database, no settings)."""

from __future__ import annotations

import datetime
from functools import lru_cache

SATURDAY = 5
SUNDAY = 6

# Awb art. 7:10 lid 3: the decision on an objection may be postponed by at most six weeks.
MAX_OBJECTION_DECISION_EXTENSION_WEEKS = 6


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


def _term_end(start: datetime.date, days: int) -> datetime.date:
    """End of a term of `days` days that begins the day after `start`, moved by ATW art. 1."""
    return next_working_day_on_or_after(start + datetime.timedelta(days=days))


def add_weeks_term(start: datetime.date, weeks: int) -> datetime.date:
    """Last day of a term of `weeks` weeks that begins the day after `start`.

    The term runs from the day after the event, so it ends on the same weekday `weeks` weeks later;
    a term ending on a Saturday, Sunday or holiday is extended to the next working day.
    """
    if weeks < 0:
        raise ValueError("weeks must not be negative")
    return _term_end(start, weeks * 7)


def decision_deadline(
    received: datetime.date,
    *,
    weeks: int = 8,
    extension_weeks: int = 0,
    suspended_days: int = 0,
) -> datetime.date:
    """Last day of the beslistermijn for a request received on `received`.

    `weeks` is the statutory or reasonable term (art. 4:13, eight weeks by default),
    `extension_weeks` the single extension announced by notice (art. 4:14) and `suspended_days`
    the days the term was opgeschort while the applicant completed the request (art. 4:15).
    The suspended days are added before the Algemene termijnenwet moves the end to a working day.
    """
    if weeks < 0 or extension_weeks < 0 or suspended_days < 0:
        raise ValueError("weeks, extension_weeks and suspended_days must not be negative")
    return _term_end(received, (weeks + extension_weeks) * 7 + suspended_days)


def objection_deadline(notified_on: datetime.date, weeks: int = 6) -> datetime.date:
    """Last day of the bezwaartermijn: six weeks from the day after bekendmaking (art. 6:7, 6:8)."""
    return add_weeks_term(notified_on, weeks)


def objection_decision_deadline(
    objection_term_end: datetime.date,
    *,
    advisory_committee: bool,
    extension_weeks: int = 0,
) -> datetime.date:
    """Last day for the beslissing op bezwaar (art. 7:10).

    Six weeks, or twelve with an advisory committee (art. 7:13), counted from the day after the
    end of the bezwaartermijn, plus an extension of at most six weeks (art. 7:10 lid 3).
    """
    if not 0 <= extension_weeks <= MAX_OBJECTION_DECISION_EXTENSION_WEEKS:
        raise ValueError(
            f"extension_weeks must be between 0 and {MAX_OBJECTION_DECISION_EXTENSION_WEEKS}"
        )
    weeks = 12 if advisory_committee else 6
    return add_weeks_term(objection_term_end, weeks + extension_weeks)


def days_left(deadline: datetime.date, today: datetime.date) -> int:
    """Calendar days from `today` until `deadline`: 0 on the last day, negative when overdue."""
    return (deadline - today).days
