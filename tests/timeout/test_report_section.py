"""The time-out section of the Rapportage: stays, days and cost from timeout/costs.py."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from stapteam.reports.sections import report_sections
from tests.factories import ClientFactory
from tests.timeout.conftest import day, stay_on

pytestmark = pytest.mark.django_db


def figures(start: datetime.date, end: datetime.date, on: datetime.date) -> dict[str, Any]:
    sections = {s.slug: s for s in report_sections(start, end, on, aggregates_only=True)}
    return {str(f.label): f.value for f in sections["time-out"].figures}


def test_stays_days_and_cost_against_the_years_budget(
    beds: Any, settings_year: Any, carla_coordinator: Any
) -> None:
    her: Any = ClientFactory()
    stay_on(beds[0], day(3, 1), day(3, 8), client=her, by=carla_coordinator)  # 7 nights
    stay_on(beds[1], day(5, 30), day(6, 3), client=her, by=carla_coordinator)  # 2 in May
    stay_on(beds[0], day(12, 30), day(12, 31), client=her, by=carla_coordinator)
    spring = figures(day(1, 1), day(5, 31), day(5, 31))
    assert spring["Verblijven begonnen in de periode"] == 2
    assert spring["Dagen in de periode"] == 9
    assert spring["Kosten in de periode"] == Decimal("1253.43")  # 9 x 139.27
    assert "Budget van de periode" not in spring  # not whole calendar years
    assert spring["Kosten in 2030"] == Decimal("1671.24")  # 7 + 4 + 1 nights in the year
    assert spring["Budget 2030"] == Decimal("11698.68")
    year = figures(day(1, 1), day(12, 31), day(12, 31))
    assert year["Budget van de periode"] == Decimal("11698.68")
    assert year["Verblijven begonnen in de periode"] == 3
