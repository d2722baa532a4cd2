"""Shared pieces of the time-out tests: a year's settings, beds and requests in each state."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from stapteam.models import Client, User
from timeout import services
from timeout.models import Bed, Location, Stay, TimeoutRequest, YearSettings

# A fixed year far enough ahead that every wished start is "not in the past".
YEAR = 2030
TARIFF = Decimal("139.27")


def day(month: int, number: int, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, number)


def year_settings(year: int = YEAR, **fields: Any) -> YearSettings:
    values = {
        "tariff_per_day": TARIFF,
        "max_stays": 6,
        "max_days_per_stay": 14,
        "budget": Decimal("11698.68"),
        **fields,
    }
    return YearSettings.objects.create(year=year, **values)


def make_beds(count: int = 2) -> list[Bed]:
    location, _created = Location.objects.get_or_create(name="IrisZorg time-out")
    return [
        Bed.objects.get_or_create(location=location, name=f"Bed {i}")[0]
        for i in range(1, count + 1)
    ]


def approved_request(
    *, client: Client, by: User, coordinator: User, start: datetime.date | None = None
) -> TimeoutRequest:
    request = services.submit_request(
        by=by,
        client=client,
        reason="Wil tot rust komen.",
        wished_start=start or day(3, 1),
        expected_days=7,
    )
    return services.assess(request=request, approved=True, note="", by=coordinator)


def stay_on(
    bed: Bed,
    start: datetime.date,
    end: datetime.date,
    *,
    client: Client,
    by: User,
    actual_end: datetime.date | None = None,
) -> Stay:
    """A stay written straight to the database (past stays, or many at once), caps unchecked."""
    request = TimeoutRequest.objects.create(
        client=client,
        submitted_by=by,
        reason="Rust.",
        wished_start=start,
        expected_days=max((end - start).days, 1),
        status=TimeoutRequest.Status.ENDED if actual_end else TimeoutRequest.Status.PLACED,
    )
    return Stay.objects.create(
        request=request,
        client=client,
        bed=bed,
        start=start,
        planned_end=end,
        actual_end=actual_end,
        end_kind=Stay.EndKind.REGULAR if actual_end else "",
        cap_year=start.year,
        placed_by=by,
    )


@pytest.fixture
def beds(db: None) -> list[Bed]:
    return make_beds(2)


@pytest.fixture
def settings_year(db: None) -> YearSettings:
    return year_settings()
