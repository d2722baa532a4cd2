"""Time-out over any period, the one figure budgets reads: days, cost, and the budget if known."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from stapteam.models import User
from tests.factories import ClientFactory, UserFactory
from tests.timeout.conftest import TARIFF, make_beds, stay_on, year_settings
from timeout.costs import TimeoutSpending, costs_in_year, spending_in_period
from timeout.models import Bed

pytestmark = pytest.mark.django_db

JAN_1_2023, DEC_31_2023 = datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)
JAN_1_2024, DEC_31_2024 = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)


@pytest.fixture
def by() -> User:
    return UserFactory.create()


@pytest.fixture
def bed() -> Bed:
    return make_beds(1)[0]


def test_six_weeks_cost_the_2023_budget_line_which_is_the_years_grant(bed, by) -> None:
    year_settings(2023, budget=Decimal("5849.34"))
    start = datetime.date(2023, 3, 1)
    stay_on(bed, start, start + datetime.timedelta(days=42), client=ClientFactory.create(), by=by)

    spending = spending_in_period(JAN_1_2023, DEC_31_2023)

    # 42 * € 139,27 = € 5.849,34: exactly the budget of 2023.
    assert spending == TimeoutSpending(days=42, cost=Decimal("5849.34"), granted=Decimal("5849.34"))
    assert spending.cost == 42 * TARIFF


def test_a_stay_over_new_year_is_split_at_each_years_tariff(bed, by) -> None:
    year_settings(2023, budget=Decimal("5849.34"))
    year_settings(2024, tariff_per_day=Decimal("150.00"), budget=Decimal("11698.68"))
    # Nights of 28-31 December fall in 2023, those of 1-3 January in 2024.
    stay_on(
        bed,
        datetime.date(2023, 12, 28),
        datetime.date(2024, 1, 4),
        client=ClientFactory.create(),
        by=by,
    )

    assert spending_in_period(JAN_1_2023, DEC_31_2023) == TimeoutSpending(
        4, Decimal("557.08"), Decimal("5849.34")
    )
    assert spending_in_period(JAN_1_2024, DEC_31_2024) == TimeoutSpending(
        3, Decimal("450.00"), Decimal("11698.68")
    )
    # Both years at once: 4 * 139,27 + 3 * 150,00, and both budgets.
    assert spending_in_period(JAN_1_2023, DEC_31_2024) == TimeoutSpending(
        7, Decimal("1007.08"), Decimal("17548.02")
    )
    # Only the nights of 30 December to 1 January; no budget for part of a year.
    assert spending_in_period(datetime.date(2023, 12, 30), datetime.date(2024, 1, 1)) == (
        TimeoutSpending(3, Decimal("428.54"), None)
    )


def test_the_actual_end_counts_and_days_outside_the_period_do_not(by) -> None:
    year_settings(2024)
    bed, other_bed = make_beds(2)
    client = ClientFactory.create()
    # Planned for 14 nights, ended after 3.
    stay_on(
        bed,
        datetime.date(2024, 3, 1),
        datetime.date(2024, 3, 15),
        client=client,
        by=by,
        actual_end=datetime.date(2024, 3, 4),
    )
    stay_on(other_bed, datetime.date(2024, 3, 10), datetime.date(2024, 3, 20), client=client, by=by)

    march = spending_in_period(datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    assert (march.days, march.cost, march.granted) == (13, 13 * TARIFF, None)
    # The second stay's nights of 10-14 March only.
    assert spending_in_period(datetime.date(2024, 3, 10), datetime.date(2024, 3, 14)).days == 5
    assert spending_in_period(datetime.date(2024, 4, 1), datetime.date(2024, 4, 30)) == (
        TimeoutSpending(0, Decimal("0.00"), None)
    )


def test_no_grant_is_known_when_a_whole_year_has_no_settings(bed, by) -> None:
    year_settings(2023)
    stay_on(
        bed,
        datetime.date(2023, 12, 28),
        datetime.date(2024, 1, 4),
        client=ClientFactory.create(),
        by=by,
    )

    # The days of 2024 are counted, but without a tariff they cost nothing.
    assert spending_in_period(JAN_1_2023, DEC_31_2024) == TimeoutSpending(7, 4 * TARIFF, None)
    assert spending_in_period(JAN_1_2024, DEC_31_2024) == TimeoutSpending(3, Decimal("0.00"), None)


def test_costs_in_year_is_the_same_computation(bed, by) -> None:
    year_settings(2023)
    stay_on(
        bed,
        datetime.date(2023, 12, 28),
        datetime.date(2024, 1, 4),
        client=ClientFactory.create(),
        by=by,
    )
    spending = spending_in_period(JAN_1_2023, DEC_31_2023)
    assert costs_in_year(2023) == (spending.days, spending.cost) == (4, 4 * TARIFF)


def test_the_number_of_queries_does_not_grow_with_the_stays(django_assert_num_queries, by) -> None:
    year_settings(2024)
    beds = make_beds(2)
    client = ClientFactory.create()
    for month, bed in zip((3, 5), beds, strict=True):
        stay_on(
            bed, datetime.date(2024, month, 1), datetime.date(2024, month, 8), client=client, by=by
        )
    with django_assert_num_queries(2):  # the year settings and the stays
        assert spending_in_period(JAN_1_2024, DEC_31_2024).days == 14
