"""Table tests for the Awb deadline arithmetic; every expected date was worked out by hand."""

from datetime import date

import pytest

from registrations.deadlines import (
    add_weeks_term,
    decision_deadline,
    objection_deadline,
    objection_decision_deadline,
)


@pytest.mark.parametrize(
    ("start", "weeks", "expected"),
    [
        # Ordinary: notified Tue 3 Sept 2024, six weeks end Tue 15 Oct 2024.
        (date(2024, 9, 3), 6, date(2024, 10, 15)),
        # Leap year: Thu 15 Feb 2024 + 2 weeks = Thu 29 Feb 2024.
        (date(2024, 2, 15), 2, date(2024, 2, 29)),
        # Ends on Saturday 12 April 2025 -> Monday 14 April.
        (date(2025, 3, 1), 6, date(2025, 4, 14)),
        # Ends on Sunday 13 April 2025 -> Monday 14 April.
        (date(2025, 3, 2), 6, date(2025, 4, 14)),
        # Ends on Easter Monday 21 April 2025 -> Tuesday 22 April.
        (date(2025, 3, 10), 6, date(2025, 4, 22)),
        # Ends on Ascension Day Thu 29 May 2025 -> Friday 30 May.
        (date(2025, 4, 17), 6, date(2025, 5, 30)),
        # Ends on Whit Monday 9 June 2025 -> Tuesday 10 June.
        (date(2025, 4, 28), 6, date(2025, 6, 10)),
        # Ends on King's Day Mon 27 April 2026 -> Tuesday 28 April.
        (date(2026, 3, 16), 6, date(2026, 4, 28)),
        # Ends on King's Day Sat 26 April 2025 -> Sun 27 -> Monday 28 April.
        (date(2025, 3, 15), 6, date(2025, 4, 28)),
        # Ends on 5 May 2025 (Monday) -> Tuesday 6 May.
        (date(2025, 3, 24), 6, date(2025, 5, 6)),
        # Ends on 5 May 2026 (Tuesday) -> Wednesday 6 May.
        (date(2026, 3, 24), 6, date(2026, 5, 6)),
        # Ends on Christmas Thu 25 Dec 2025 -> 26 holiday, weekend -> Monday 29 Dec.
        (date(2025, 11, 13), 6, date(2025, 12, 29)),
        # Ends on Boxing Day Fri 26 Dec 2025 -> weekend -> Monday 29 Dec.
        (date(2025, 11, 14), 6, date(2025, 12, 29)),
        # Ends on Christmas Fri 25 Dec 2026 -> Sat 26 (holiday), Sun 27 -> Monday 28 Dec.
        (date(2026, 11, 13), 6, date(2026, 12, 28)),
        # Ends on New Year Thu 1 Jan 2026 -> Friday 2 Jan.
        (date(2025, 11, 20), 6, date(2026, 1, 2)),
        # Ends on New Year Fri 1 Jan 2027 -> weekend -> Monday 4 Jan.
        (date(2026, 11, 20), 6, date(2027, 1, 4)),
        # Ends on Good Friday 18 April 2025: a working day, not moved.
        (date(2025, 3, 7), 6, date(2025, 4, 18)),
    ],
)
def test_add_weeks_term(start: date, weeks: int, expected: date) -> None:
    assert add_weeks_term(start, weeks) == expected


def test_add_weeks_term_rejects_negative_weeks() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_weeks_term(date(2025, 1, 6), -1)


@pytest.mark.parametrize(
    ("received", "kwargs", "expected"),
    [
        # Received Mon 2 Sept 2024: 8 weeks end Mon 28 Oct 2024.
        (date(2024, 9, 2), {}, date(2024, 10, 28)),
        # Configured term of 12 weeks: Mon 25 Nov 2024.
        (date(2024, 9, 2), {"weeks": 12}, date(2024, 11, 25)),
        # Extended by 4 weeks (art. 4:14): 28 Oct + 28 days = Mon 25 Nov 2024.
        (date(2024, 9, 2), {"extension_weeks": 4}, date(2024, 11, 25)),
        # Suspended 10 days (art. 4:15): 28 Oct + 10 = Thu 7 Nov 2024.
        (date(2024, 9, 2), {"suspended_days": 10}, date(2024, 11, 7)),
        # Suspended 5 days: 28 Oct + 5 = Sat 2 Nov -> Monday 4 Nov 2024.
        (date(2024, 9, 2), {"suspended_days": 5}, date(2024, 11, 4)),
        # Suspension is added before the working-day rule: Sat 7 Sept + 8 weeks = Sat 2 Nov,
        # + 2 days = Mon 4 Nov (not Mon 4 Nov + 2 = Wed 6 Nov).
        (date(2024, 9, 7), {"suspended_days": 2}, date(2024, 11, 4)),
        # Extension of 8 weeks and 14 suspended days: 28 Oct + 56 = Mon 23 Dec 2024,
        # + 14 = Mon 6 Jan 2025.
        (date(2024, 9, 2), {"extension_weeks": 8, "suspended_days": 14}, date(2025, 1, 6)),
        # Received Thu 30 Oct 2025: 8 weeks end on Christmas Thu 25 Dec -> Monday 29 Dec 2025.
        (date(2025, 10, 30), {}, date(2025, 12, 29)),
    ],
)
def test_decision_deadline(received: date, kwargs: dict[str, int], expected: date) -> None:
    assert decision_deadline(received, **kwargs) == expected


@pytest.mark.parametrize(
    "kwargs",
    [{"weeks": -1}, {"extension_weeks": -1}, {"suspended_days": -1}],
)
def test_decision_deadline_rejects_negative_values(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="negative"):
        decision_deadline(date(2024, 9, 2), **kwargs)


@pytest.mark.parametrize(
    ("notified_on", "weeks", "expected"),
    [
        # Notified Tue 3 Sept 2024: the term runs from Wed 4 Sept and ends Tue 15 Oct 2024.
        (date(2024, 9, 3), 6, date(2024, 10, 15)),
        # Notified Mon 10 March 2025: ends on Easter Monday 21 April -> Tuesday 22 April.
        (date(2025, 3, 10), 6, date(2025, 4, 22)),
        # Notified Thu 13 Nov 2025: ends on Christmas -> Monday 29 Dec 2025.
        (date(2025, 11, 13), 6, date(2025, 12, 29)),
        # A different statutory term of 4 weeks: Tue 3 Sept 2024 -> Tue 1 Oct 2024.
        (date(2024, 9, 3), 4, date(2024, 10, 1)),
    ],
)
def test_objection_deadline(notified_on: date, weeks: int, expected: date) -> None:
    assert objection_deadline(notified_on, weeks) == expected


def test_objection_deadline_defaults_to_six_weeks() -> None:
    assert objection_deadline(date(2024, 9, 3)) == date(2024, 10, 15)


@pytest.mark.parametrize(
    ("term_end", "advisory_committee", "extension_weeks", "expected"),
    [
        # Objection term ended Tue 15 Oct 2024.
        (date(2024, 10, 15), False, 0, date(2024, 11, 26)),  # 6 weeks
        (date(2024, 10, 15), True, 0, date(2025, 1, 7)),  # 12 weeks
        (date(2024, 10, 15), False, 3, date(2024, 12, 17)),  # 6 + 3 weeks
        (date(2024, 10, 15), False, 6, date(2025, 1, 7)),  # 6 + 6 weeks
        (date(2024, 10, 15), True, 6, date(2025, 2, 18)),  # 12 + 6 weeks
        # Term ended Thu 13 Nov 2025: 6 weeks end on Christmas -> Monday 29 Dec 2025.
        (date(2025, 11, 13), False, 0, date(2025, 12, 29)),
    ],
)
def test_objection_decision_deadline(
    term_end: date, advisory_committee: bool, extension_weeks: int, expected: date
) -> None:
    result = objection_decision_deadline(
        term_end, advisory_committee=advisory_committee, extension_weeks=extension_weeks
    )
    assert result == expected


@pytest.mark.parametrize("extension_weeks", [-1, 7])
@pytest.mark.parametrize("advisory_committee", [False, True])
def test_objection_decision_deadline_rejects_invalid_extension(
    extension_weeks: int, advisory_committee: bool
) -> None:
    with pytest.raises(ValueError, match="extension_weeks"):
        objection_decision_deadline(
            date(2024, 10, 15),
            advisory_committee=advisory_committee,
            extension_weeks=extension_weeks,
        )
