"""Invented demo data for time-out: year settings, one bed, five past stays, one waiting request."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from stapteam.models import Client, User
from timeout import services
from timeout.models import Bed, Location, Stay, TimeoutRequest, YearSettings

TARIFF = Decimal("139.27")
# The project's budget lines: 6 weeks in 2023, 12 weeks in 2024 (DOMAIN.md, "Time-out").
BUDGETS = {2023: Decimal("5849.34"), 2024: Decimal("11698.68")}

# The five stays the project had: (start, planned end, actual end, early, end reason).
PAST_STAYS = [
    (datetime.date(2023, 3, 6), datetime.date(2023, 3, 16), None, False, ""),
    (datetime.date(2023, 6, 12), datetime.date(2023, 6, 26), None, False, ""),
    (datetime.date(2023, 12, 28), datetime.date(2024, 1, 4), None, False, ""),
    (
        datetime.date(2024, 4, 8),
        datetime.date(2024, 4, 15),
        datetime.date(2024, 4, 11),
        True,
        "Zelf vertrokken, terug naar de zone.",
    ),
    (datetime.date(2024, 9, 2), datetime.date(2024, 9, 16), None, False, ""),
]


def load_demo(people: dict[str, User]) -> str:
    """Load once (nothing happens when year settings exist); returns a one-line summary."""
    if YearSettings.objects.exists():
        return "Demo-time-out al aanwezig: " + summary()
    coordinator, casemanager, cirkel = (
        people["coordinator"],
        people["casemanager"],
        people["cirkel"],
    )
    this_year = timezone.localdate().year
    for year in sorted({2023, 2024, this_year}):
        YearSettings.objects.create(
            year=year,
            tariff_per_day=TARIFF,
            max_stays=6,
            max_days_per_stay=14,
            budget=BUDGETS.get(year, BUDGETS[2024]),
        )
    bed = Bed.objects.create(
        location=Location.objects.create(name="IrisZorg time-out"), name="Bed 1"
    )
    clients = list(Client.objects.order_by("code")[:5])
    if not clients:
        return "Demo-time-out: geen cliënten om verblijven voor te maken."
    for i, (start, planned_end, actual_end, early, reason) in enumerate(PAST_STAYS):
        asked = timezone.make_aware(
            datetime.datetime.combine(start - datetime.timedelta(days=3), datetime.time(10))
        )
        request = TimeoutRequest.objects.create(
            client=clients[i % len(clients)],
            submitted_by=cirkel if i % 2 else casemanager,
            reason="Uitgeput na weken op straat; wil even op adem komen.",
            wished_start=start,
            expected_days=(planned_end - start).days,
            status=TimeoutRequest.Status.ENDED,
            assessed_by=coordinator,
            assessed_at=asked + datetime.timedelta(days=1),
        )
        # submitted_at is set on creation; the demo dates it back to the project's time.
        TimeoutRequest.objects.filter(pk=request.pk).update(submitted_at=asked)
        Stay.objects.create(
            request=request,
            client=request.client,
            bed=bed,
            start=start,
            planned_end=planned_end,
            actual_end=actual_end or planned_end,
            end_kind=Stay.EndKind.EARLY if early else Stay.EndKind.REGULAR,
            end_reason=reason,
            cap_year=start.year,
            placed_by=coordinator,
        )
    services.submit_request(
        by=cirkel,
        client=clients[0],
        reason="Vraagt zelf om rust; slaapt slecht en is erg moe.",
        wished_start=timezone.localdate() + datetime.timedelta(days=5),
        expected_days=7,
    )
    return "Demo-time-out: " + summary()


def summary() -> str:
    waiting = TimeoutRequest.objects.filter(status=TimeoutRequest.Status.REQUESTED).count()
    return (
        f"{YearSettings.objects.count()} jaarinstellingen, {Bed.objects.count()} bed(den), "
        f"{Stay.objects.count()} verblijven, {waiting} wachtend op beoordeling."
    )
