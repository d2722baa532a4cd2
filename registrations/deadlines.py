"""The Awb's terms (beslistermijn, bezwaartermijn, beslissing op bezwaar); the calendar they are
counted on, with the Algemene termijnenwet's holidays, is stapteam.platform.dates."""

from __future__ import annotations

import datetime

from stapteam.platform.dates import next_working_day_on_or_after

# Awb art. 7:10 lid 3: the decision on an objection may be postponed by at most six weeks.
MAX_OBJECTION_DECISION_EXTENSION_WEEKS = 6


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
