"""What time-out stays cost, each counted day at its own year's tariff; the nights a bed is held.

`spending_in_period` is the one function the budgets app may call.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from timeout.models import Stay, YearSettings

ZERO = Decimal("0.00")


def counted_dates(start: datetime.date, end: datetime.date, counting: str) -> list[datetime.date]:
    """The dates that count: the nights start..end-1, or the calendar days start..end."""
    last = (
        end if counting == YearSettings.DayCounting.CALENDAR_DAYS else end - datetime.timedelta(1)
    )
    days = (last - start).days + 1
    return [start + datetime.timedelta(days=i) for i in range(max(days, 0))]


def days_by_year(start: datetime.date, end: datetime.date, counting: str) -> dict[int, int]:
    return dict(Counter(day.year for day in counted_dates(start, end, counting)))


def stay_cost(start: datetime.date, end: datetime.date, years: dict[int, YearSettings]) -> Decimal:
    """Cost of a stay; the counting rule is that of the year it starts in.

    Raises KeyError when a year it touches has no settings (the caller says so in Dutch).
    """
    counting = years[start.year].day_counting
    return sum(
        (
            years[year].tariff_per_day * days
            for year, days in days_by_year(start, end, counting).items()
        ),
        ZERO,
    )


def stay_days(stay: Stay, years: dict[int, YearSettings]) -> int:
    return len(counted_dates(stay.start, stay.end, years[stay.start.year].day_counting))


def all_year_settings() -> dict[int, YearSettings]:
    return {y.year: y for y in YearSettings.objects.all()}


def cost_of_days(year: int, days: int, years: dict[int, YearSettings]) -> Decimal:
    """`days` counted days in `year` at that year's tariff; nothing in a year without settings."""
    return years[year].tariff_per_day * days if year in years else ZERO


def counting_of(stay: Stay, years: dict[int, YearSettings]) -> str:
    """The counting rule of the year the stay starts in; nights when that year has no settings."""
    if stay.start.year in years:
        return years[stay.start.year].day_counting
    return YearSettings.DayCounting.NIGHTS


def dates_in_period(
    stay: Stay, years: dict[int, YearSettings], first: datetime.date, last: datetime.date
) -> list[datetime.date]:
    """The stay's counted dates (planned or actual end) that fall in [first, last]."""
    counted = counted_dates(stay.start, stay.end, counting_of(stay, years))
    return [day for day in counted if first <= day <= last]


def _stays_touching(first: datetime.date, last: datetime.date) -> QuerySet[Stay]:
    """Every stay that may have a counted day in [first, last], by its planned or actual end."""
    return (
        Stay.objects.filter(start__lte=last)
        .annotate(ends=Coalesce("actual_end", "planned_end"))
        .filter(ends__gte=first)
    )


# --- Over a period (the budget report) -----------------------------------------------------------


@dataclass(frozen=True)
class TimeoutSpending:
    """Time-out over a period: counted days, their cost, and the budget set for it if known."""

    days: int
    cost: Decimal
    granted: Decimal | None  # None unless the period is whole calendar years, each with settings


def _whole_years(first: datetime.date, last: datetime.date) -> range | None:
    """The years of the period if it runs from 1 January to 31 December, else None."""
    if (first.month, first.day) == (1, 1) and (last.month, last.day) == (12, 31):
        return range(first.year, last.year + 1)
    return None


def spending_in_period(first: datetime.date, last: datetime.date) -> TimeoutSpending:
    """Days and cost of every stay's counted days in [first, last] (planned or actual end),
    each day at the tariff of its own year; a day in a year without settings costs nothing."""
    years = all_year_settings()
    stays = _stays_touching(first, last).only("start", "planned_end", "actual_end")
    in_period: Counter[int] = Counter()
    for stay in stays:
        in_period.update(day.year for day in dates_in_period(stay, years, first, last))
    cost = sum((cost_of_days(year, days, years) for year, days in in_period.items()), ZERO)
    whole = _whole_years(first, last)
    granted = (
        sum((years[year].budget for year in whole), ZERO)
        if whole is not None and all(year in years for year in whole)
        else None
    )
    return TimeoutSpending(days=sum(in_period.values()), cost=cost, granted=granted)


def costs_in_year(year: int) -> tuple[int, Decimal]:
    """Days and cost that fall in `year`, from every stay touching it (planned or actual end)."""
    spending = spending_in_period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    return spending.days, spending.cost


def over_budget_after(
    start: datetime.date, end: datetime.date, years: dict[int, YearSettings]
) -> list[tuple[int, Decimal, Decimal]]:
    """Each year a plan would take over its budget: (year, its cost with the plan, its budget).

    Every year the plan touches must have settings (the caller checks and says so in Dutch).
    """
    over = []
    for year, days in days_by_year(start, end, years[start.year].day_counting).items():
        _days, spent = costs_in_year(year)
        after = spent + cost_of_days(year, days, years)
        if after > years[year].budget:
            over.append((year, after, years[year].budget))
    return over


# --- One year, per month and per client (the year overview) --------------------------------------


@dataclass
class MonthCosts:
    first: datetime.date
    started: int = 0  # stays that start in this month and count toward this year's cap
    days: int = 0
    cost: Decimal = ZERO


@dataclass
class ClientCosts:
    code: str
    stays: int = 0  # stays counting toward this year's cap
    days: int = 0
    cost: Decimal = ZERO


@dataclass(frozen=True)
class YearCosts:
    """A year's stays, counted days and cost, against its settings (None if it has none).

    `days` and `cost` are those of `costs_in_year`, split over the months the days fall in.
    """

    year: int
    settings: YearSettings | None
    months: list[MonthCosts]
    clients: list[ClientCosts]  # by client code

    @property
    def stays(self) -> int:
        return sum(month.started for month in self.months)

    @property
    def days(self) -> int:
        return sum(month.days for month in self.months)

    @property
    def cost(self) -> Decimal:
        return sum((month.cost for month in self.months), ZERO)

    @property
    def left(self) -> Decimal | None:
        return self.settings.budget - self.cost if self.settings else None

    @property
    def over_budget(self) -> bool:
        return bool(self.settings and self.cost > self.settings.budget)

    @property
    def over_stays(self) -> bool:
        return bool(self.settings and self.stays > self.settings.max_stays)


def _add_stay(
    costs: YearCosts, client: ClientCosts, stay: Stay, years: dict[int, YearSettings]
) -> None:
    """The stay's share of the year: her start (if it counts here), her days and their cost."""
    first, last = datetime.date(costs.year, 1, 1), datetime.date(costs.year, 12, 31)
    if stay.cap_year == costs.year:
        costs.months[stay.start.month - 1].started += 1
        client.stays += 1
    dates = dates_in_period(stay, years, first, last)
    for month, days in Counter(day.month for day in dates).items():
        cost = cost_of_days(costs.year, days, years)
        costs.months[month - 1].days += days
        costs.months[month - 1].cost += cost
        client.days += days
        client.cost += cost


def year_costs(year: int) -> YearCosts:
    """Stays, days and cost of `year`, per month and per client: two queries, whatever the data.

    A stay counts toward the month (and the client's stays) it starts in, when its cap year is
    `year`; its days and cost toward the months they fall in.
    """
    years = all_year_settings()
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    stays = (
        _stays_touching(first, last)
        .select_related("client")
        .only("start", "planned_end", "actual_end", "cap_year", "client__code")
    )
    months = [MonthCosts(datetime.date(year, month, 1)) for month in range(1, 13)]
    costs = YearCosts(year=year, settings=years.get(year), months=months, clients=[])
    clients: dict[int, ClientCosts] = {}
    for stay in stays:
        client = clients.setdefault(stay.client_id, ClientCosts(stay.client.code))
        _add_stay(costs, client, stay, years)
    costs.clients.extend(sorted(clients.values(), key=lambda row: row.code))
    return costs


# --- The bed calendar ----------------------------------------------------------------------------


def nights_held(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The nights a stay holds its bed: from its start up to, not including, its end, as the
    database's no-double-booking range does, whatever the year's way of counting days."""
    return counted_dates(start, end, YearSettings.DayCounting.NIGHTS)


def beds_held(stays: Iterable[Stay]) -> dict[tuple[int, datetime.date], Stay]:
    """Which stay holds which bed on which night; the earliest listed where stays overlap."""
    held: dict[tuple[int, datetime.date], Stay] = {}
    for stay in stays:
        for night in nights_held(stay.start, stay.end):
            held.setdefault((stay.bed_id, night), stay)
    return held


# --- A change of a year's tariff (the beheer page) -----------------------------------------------

SHOWN_STAYS = 100  # the confirmation lists at most this many stays; the totals count them all


@dataclass(frozen=True)
class RepricedStay:
    code: str  # the client code, never a name
    start: datetime.date
    end: datetime.date
    old: Decimal
    new: Decimal

    @property
    def difference(self) -> Decimal:
        return self.new - self.old


@dataclass(frozen=True)
class Repricing:
    """What a change of a year's tariff or day counting does: each booked stay whose cost
    changes, before → after, and the year's cost and budget left before → after."""

    year: int
    stays: list[RepricedStay]  # at most SHOWN_STAYS, by start
    changed: int  # how many stays change in all
    stays_old: Decimal  # the changed stays' cost, all of them
    stays_new: Decimal
    year_old: Decimal  # the cost that falls in the year
    year_new: Decimal
    budget_old: Decimal
    budget_new: Decimal

    @property
    def more(self) -> int:
        return self.changed - len(self.stays)

    @property
    def left_old(self) -> Decimal:
        return self.budget_old - self.year_old

    @property
    def left_new(self) -> Decimal:
        return self.budget_new - self.year_new


def _whole_cost(stay: Stay, years: dict[int, YearSettings]) -> Decimal:
    """The stay's whole cost, each counted day at its year's tariff (nothing without settings)."""
    by_year = days_by_year(stay.start, stay.end, counting_of(stay, years))
    return sum((cost_of_days(year, days, years) for year, days in by_year.items()), ZERO)


def repricing(old: YearSettings, new: YearSettings) -> Repricing:
    """The effect of saving `new` over `old` (the same year) on every stay booked in that year,
    planned or ended: two queries, whatever the number of stays."""
    before = all_year_settings()
    before[old.year] = old
    after = {**before, new.year: new}
    first, last = datetime.date(old.year, 1, 1), datetime.date(old.year, 12, 31)
    stays = (
        _stays_touching(first, last)
        .select_related("client")
        .only("start", "planned_end", "actual_end", "client__code")
        .order_by("start", "pk")
    )
    changed: list[RepricedStay] = []
    year_old = year_new = ZERO
    for stay in stays:
        year_old += cost_of_days(old.year, len(dates_in_period(stay, before, first, last)), before)
        year_new += cost_of_days(old.year, len(dates_in_period(stay, after, first, last)), after)
        was, becomes = _whole_cost(stay, before), _whole_cost(stay, after)
        if was != becomes:
            changed.append(RepricedStay(stay.client.code, stay.start, stay.end, was, becomes))
    return Repricing(
        year=old.year,
        stays=changed[:SHOWN_STAYS],
        changed=len(changed),
        stays_old=sum((row.old for row in changed), ZERO),
        stays_new=sum((row.new for row in changed), ZERO),
        year_old=year_old,
        year_new=year_new,
        budget_old=old.budget,
        budget_new=new.budget,
    )
