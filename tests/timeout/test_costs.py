"""What time-out costs: the seed figures, a stay over New Year, both ways of counting days."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.factories import ClientFactory, UserFactory
from tests.timeout.conftest import TARIFF, make_beds, stay_on, year_settings
from timeout.costs import costs_in_year, counted_dates, days_by_year, stay_cost, stay_days
from timeout.models import YearSettings
from timeout.services import planned_cost

NIGHTS = YearSettings.DayCounting.NIGHTS
CALENDAR_DAYS = YearSettings.DayCounting.CALENDAR_DAYS
NEW_YEAR = (datetime.date(2023, 12, 28), datetime.date(2024, 1, 4))


def settings(year: int, tariff: str, counting: str = NIGHTS) -> YearSettings:
    """Unsaved settings: stay_cost only reads them."""
    return YearSettings(
        year=year, tariff_per_day=Decimal(tariff), budget=Decimal("0"), day_counting=counting
    )


def test_six_weeks_at_the_2023_tariff_cost_the_2023_budget_line() -> None:
    years = {2023: settings(2023, "139.27")}
    start = datetime.date(2023, 3, 1)
    end = start + datetime.timedelta(days=42)
    assert len(counted_dates(start, end, NIGHTS)) == 42
    assert stay_cost(start, end, years) == Decimal("5849.34")


def test_twelve_weeks_at_the_2024_tariff_cost_the_2024_budget_line() -> None:
    years = {2024: settings(2024, "139.27")}
    start = datetime.date(2024, 2, 1)
    end = start + datetime.timedelta(days=84)
    assert stay_cost(start, end, years) == Decimal("11698.68")


def test_a_stay_over_new_year_is_costed_at_each_years_tariff() -> None:
    # Nights of 28, 29, 30 and 31 December fall in 2023; those of 1, 2 and 3 January in 2024.
    years = {2023: settings(2023, "139.27"), 2024: settings(2024, "150.00")}
    assert days_by_year(*NEW_YEAR, NIGHTS) == {2023: 4, 2024: 3}
    # 4 * 139.27 = 557.08 and 3 * 150.00 = 450.00
    assert stay_cost(*NEW_YEAR, years) == Decimal("1007.08")


def test_counting_calendar_days_includes_both_ends() -> None:
    # 28-31 December and 1-4 January: 4 + 4 days; the rule is that of the year she starts in.
    years = {
        2023: settings(2023, "139.27", CALENDAR_DAYS),
        2024: settings(2024, "150.00", NIGHTS),
    }
    assert days_by_year(*NEW_YEAR, CALENDAR_DAYS) == {2023: 4, 2024: 4}
    # 4 * 139.27 = 557.08 and 4 * 150.00 = 600.00
    assert stay_cost(*NEW_YEAR, years) == Decimal("1157.08")
    one_night = (datetime.date(2023, 5, 1), datetime.date(2023, 5, 2))
    assert len(counted_dates(*one_night, NIGHTS)) == 1
    assert len(counted_dates(*one_night, CALENDAR_DAYS)) == 2


def test_a_same_day_end_counts_no_nights_but_one_calendar_day() -> None:
    today = datetime.date(2023, 5, 1)
    assert counted_dates(today, today, NIGHTS) == []
    assert counted_dates(today, today, CALENDAR_DAYS) == [today]


@pytest.mark.django_db
def test_costs_in_year_splits_stays_over_new_year_and_uses_the_actual_end() -> None:
    year_settings(2023, tariff_per_day=TARIFF, budget=Decimal("5849.34"))
    year_settings(2024, tariff_per_day=Decimal("150.00"), budget=Decimal("11698.68"))
    bed, other_bed = make_beds(2)
    client = ClientFactory.create()
    by = UserFactory.create()
    over_new_year = stay_on(bed, *NEW_YEAR, client=client, by=by)
    # Planned for 14 nights, ended after 3: only the 3 count.
    stay_on(
        other_bed,
        datetime.date(2024, 3, 1),
        datetime.date(2024, 3, 15),
        client=client,
        by=by,
        actual_end=datetime.date(2024, 3, 4),
    )
    stay_on(bed, datetime.date(2023, 6, 1), datetime.date(2023, 6, 11), client=client, by=by)

    assert costs_in_year(2023) == (14, Decimal("1949.78"))  # (4 + 10) * 139.27
    assert costs_in_year(2024) == (6, Decimal("900.00"))  # (3 + 3) * 150.00
    assert costs_in_year(2025) == (0, Decimal("0.00"))
    assert stay_days(over_new_year, {y.year: y for y in YearSettings.objects.all()}) == 7


@pytest.mark.django_db
def test_a_plan_into_a_year_without_settings_has_no_cost() -> None:
    year_settings(2023)
    assert planned_cost(datetime.date(2023, 12, 28), datetime.date(2024, 1, 4)) is None
    assert planned_cost(datetime.date(2023, 3, 1), datetime.date(2023, 3, 8)) == 7 * TARIFF
