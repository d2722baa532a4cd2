"""The stand van zaken of a period: files in scope, active, new, closed, and their outcomes on a
reference date, in one aggregate query (definitions in docs/reports.md)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils.functional import Promise

from stapteam.caseload.hours import day_start
from stapteam.models import Client, Closure, Contact

# Below this many, policy staff see "< 5" instead of a count (small numbers identify a woman).
SMALL_CELL = 5


def percent(count: int, total: int) -> int:
    """A whole percentage, rounded half up (2 of 18 is 11, 5 of 18 is 28)."""
    if total == 0:
        return 0
    return (200 * count + total) // (2 * total)


@dataclass(frozen=True)
class OutcomeRow:
    outcome: str
    label: str | Promise
    count: int | None  # None: hidden for policy staff (fewer than 5)
    percent: int | None


@dataclass(frozen=True)
class StandVanZaken:
    start: datetime.date
    end: datetime.date
    on: datetime.date
    in_scope: int
    active: int
    new: int
    closed: int
    outcomes: list[OutcomeRow]
    outcomes_total: int
    running: int  # "lopend": in scope and open on the reference date
    suppressed: bool  # small cells hidden

    @property
    def percent_total(self) -> int:
        return sum(row.percent or 0 for row in self.outcomes)


def _hidden(counts: dict[str, int]) -> set[str]:
    """Cells of 1 to 4 are hidden; if only one is, the next smallest is hidden too, so that the
    total does not give it away."""
    small = {key for key, n in counts.items() if 0 < n < SMALL_CELL}
    if len(small) == 1:
        others = sorted((n, key) for key, n in counts.items() if n > 0 and key not in small)
        if others:
            small.add(others[0][1])
    return small


def stand_van_zaken(
    start: datetime.date, end: datetime.date, on: datetime.date, *, aggregates_only: bool = False
) -> StandVanZaken:
    """Every number of the stand van zaken in one query, whatever the amount of data."""
    first, last = day_start(start), day_start(end + datetime.timedelta(days=1))
    covering = Closure.objects.filter(client=OuterRef("pk"), closed_on__lte=on).filter(
        Q(reopened_on__isnull=True) | Q(reopened_on__gt=on)
    )
    closed_throughout = Closure.objects.closed_throughout(start, end).filter(client=OuterRef("pk"))
    contacted = Contact.objects.filter(
        client=OuterRef("pk"), occurred_at__gte=first, occurred_at__lt=last, no_show=False
    )
    closed_in = Closure.objects.filter(client=OuterRef("pk"), closed_on__range=(start, end))
    choices = Client.Outcome.choices
    numbers = (
        Client.objects.filter(created_at__lt=last)
        .exclude(Exists(closed_throughout))
        .annotate(
            covering_outcome=Subquery(covering.order_by("-closed_on").values("outcome")[:1]),
            contacted=Exists(contacted),
            closed_in=Exists(closed_in),
        )
        .aggregate(
            in_scope=Count("id"),
            active=Count("id", filter=Q(contacted=True)),
            new=Count("id", filter=Q(created_at__gte=first)),
            closed=Count("id", filter=Q(closed_in=True)),
            running=Count("id", filter=Q(covering_outcome__isnull=True)),
            **{
                f"outcome_{value}": Count("id", filter=Q(covering_outcome=value))
                for value, _label in choices
            },
        )
    )
    counts = {value: numbers[f"outcome_{value}"] for value, _label in choices}
    total = sum(counts.values())
    hidden = _hidden(counts) if aggregates_only else set()
    rows = [
        OutcomeRow(
            value,
            label,
            None if value in hidden else counts[value],
            None if value in hidden else percent(counts[value], total),
        )
        for value, label in choices
    ]
    return StandVanZaken(
        start,
        end,
        on,
        numbers["in_scope"],
        numbers["active"],
        numbers["new"],
        numbers["closed"],
        rows,
        total,
        numbers["running"],
        bool(hidden),
    )
