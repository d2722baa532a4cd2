"""Every figure of the Rapportage for one user and period: the page, the exports and the
snapshots all start here."""

from __future__ import annotations

import datetime
from typing import Any

from stapteam.caseload.hours import monthly_hours
from stapteam.platform.roles import sees_report_details
from stapteam.reports.outcomes import stand_van_zaken
from stapteam.reports.sections import report_sections


def report_figures(
    user: Any, start: datetime.date, end: datetime.date, on: datetime.date
) -> dict[str, Any]:
    """Every figure of the report for `user`: policy staff get aggregates only."""
    aggregates_only = not sees_report_details(user)
    stand = stand_van_zaken(start, end, on, aggregates_only=aggregates_only)
    return {
        "stand": stand,
        "hours": monthly_hours(start, end, per_casemanager=not aggregates_only),
        "sections": report_sections(start, end, on, aggregates_only=aggregates_only),
        "details": not aggregates_only,
    }
