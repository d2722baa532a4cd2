"""The one calendar: Easter, the Algemene termijnenwet holidays, working days."""

from datetime import date

import pytest

from stapteam.platform.dates import (
    add_working_days,
    days_left,
    easter_sunday,
    is_working_day,
    kings_day,
    next_working_day_on_or_after,
    public_holidays,
)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2008, date(2008, 3, 23)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # 27 April 2025 is a Sunday, so Koningsdag is Saturday 26 April.
        (2025, date(2025, 4, 26)),
        (2026, date(2026, 4, 27)),
    ],
)
def test_kings_day(year: int, expected: date) -> None:
    assert kings_day(year) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2025,
            {
                date(2025, 1, 1),  # Nieuwjaarsdag, Wednesday
                date(2025, 4, 21),  # tweede paasdag, Monday
                date(2025, 4, 26),  # Koningsdag, Saturday (27 April is a Sunday)
                date(2025, 5, 5),  # Bevrijdingsdag, Monday
                date(2025, 5, 29),  # Hemelvaartsdag, Thursday
                date(2025, 6, 9),  # tweede pinksterdag, Monday
                date(2025, 12, 25),  # eerste Kerstdag, Thursday
                date(2025, 12, 26),  # tweede Kerstdag, Friday
            },
        ),
        (
            2026,
            {
                date(2026, 1, 1),  # Nieuwjaarsdag, Thursday
                date(2026, 4, 6),  # tweede paasdag, Monday
                date(2026, 4, 27),  # Koningsdag, Monday
                date(2026, 5, 5),  # Bevrijdingsdag, Tuesday
                date(2026, 5, 14),  # Hemelvaartsdag, Thursday
                date(2026, 5, 25),  # tweede pinksterdag, Monday
                date(2026, 12, 25),  # eerste Kerstdag, Friday
                date(2026, 12, 26),  # tweede Kerstdag, Saturday
            },
        ),
    ],
)
def test_public_holidays(year: int, expected: set[date]) -> None:
    assert public_holidays(year) == expected


def test_public_holidays_returns_a_fresh_set() -> None:
    public_holidays(2025).add(date(2025, 4, 18))
    assert date(2025, 4, 18) not in public_holidays(2025)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 4, 14), True),  # Monday
        (date(2025, 4, 12), False),  # Saturday
        (date(2025, 4, 13), False),  # Sunday
        (date(2025, 4, 18), True),  # Goede Vrijdag: not in art. 3 lid 1
        (date(2025, 4, 21), False),  # Easter Monday
        (date(2025, 5, 5), False),  # Bevrijdingsdag
        (date(2025, 5, 6), True),  # Tuesday after Bevrijdingsdag
        (date(2025, 12, 24), True),  # Christmas Eve, Wednesday
        (date(2026, 4, 27), False),  # Koningsdag on a Monday
        (date(2024, 2, 29), True),  # leap day, Thursday
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 4, 14), date(2025, 4, 14)),  # working day stays
        (date(2025, 4, 12), date(2025, 4, 14)),  # Saturday -> Monday
        (date(2025, 4, 19), date(2025, 4, 22)),  # Sat, Easter Sun, Easter Mon -> Tuesday
        (date(2025, 12, 25), date(2025, 12, 29)),  # Thu, Fri holidays, weekend -> Monday
        (date(2026, 12, 31), date(2026, 12, 31)),  # Thursday before New Year stays
    ],
)
def test_next_working_day_on_or_after(day: date, expected: date) -> None:
    assert next_working_day_on_or_after(day) == expected


@pytest.mark.parametrize(
    ("deadline", "today", "expected"),
    [
        (date(2024, 10, 15), date(2024, 9, 3), 42),
        (date(2024, 10, 15), date(2024, 10, 14), 1),
        (date(2024, 10, 15), date(2024, 10, 15), 0),
        (date(2024, 10, 15), date(2024, 10, 16), -1),
        (date(2024, 10, 15), date(2024, 11, 15), -31),
        (date(2025, 1, 7), date(2024, 12, 31), 7),  # across the year boundary
    ],
)
def test_days_left(deadline: date, today: date, expected: int) -> None:
    assert days_left(deadline, today) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Tue 22 Dec 2026 + 5: 23, 24, (Christmas 25, 26 and the weekend), 28, 29, 30.
        (date(2026, 12, 22), 5, date(2026, 12, 30)),
        # Thu 2 Apr 2026 + 2: Goede Vrijdag counts, Easter Monday 6 April does not -> Tue 7.
        (date(2026, 4, 2), 2, date(2026, 4, 7)),
        # Wed 13 May 2026 + 1: Ascension Day Thu 14 May -> Fri 15 May.
        (date(2026, 5, 13), 1, date(2026, 5, 15)),
        # Fri 22 May 2026 + 1: Whit Monday 25 May -> Tue 26 May.
        (date(2026, 5, 22), 1, date(2026, 5, 26)),
        # 27 April 2025 is a Sunday, so Koningsdag is Sat 26 April: Mon 28 April is a working day.
        (date(2025, 4, 25), 1, date(2025, 4, 28)),
        # 5 May is a holiday every year: Mon 4 May 2026 + 1 -> Wed 6 May.
        (date(2026, 5, 4), 1, date(2026, 5, 6)),
        # An ordinary week: Mon 2 Nov 2026 + 5 -> Mon 9 Nov; from a Saturday, + 1 -> Monday.
        (date(2026, 11, 2), 5, date(2026, 11, 9)),
        (date(2026, 11, 7), 1, date(2026, 11, 9)),
        (date(2026, 11, 7), 0, date(2026, 11, 7)),
    ],
)
def test_add_working_days_skips_weekends_and_holidays(
    start: date, days: int, expected: date
) -> None:
    assert add_working_days(start, days) == expected


def test_add_working_days_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)
