"""The budget report over a period: flexbudgets, spending per category, time-out and subsidies.

Aggregates only: no client, no staff member, no free text (descriptions may hold names). Every
figure is summed in the database, so the report costs the same few queries whatever the data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear

from budgets.models import Budget, Category, LedgerEntry, SubsidyLine
from stapteam.caseload.hours import day_start
from stapteam.models import Contact, Organisation
from stapteam.platform.roles import GROUP_NAMES, Role
from timeout.costs import TimeoutSpending, spending_in_period

ZERO = Decimal("0.00")
Kind = LedgerEntry.Kind

# Subsidy kinds whose hours STAP registers itself: contacts by members of the role, per kind.
CONTACT_HOURS_ROLE: dict[str, Role] = {
    SubsidyLine.Kind.CASEMANAGEMENT: Role.CASEMANAGER,
    SubsidyLine.Kind.PEER_WORK: Role.PEER_WORKER,
}


@dataclass(frozen=True)
class BudgetRow:
    organisation: str
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    opening: Decimal  # counted balance before the period
    granted: Decimal  # grants in the period, minus grants reversed in the period
    spent: Decimal  # counted expenses in the period, minus expenses reversed in the period
    pending: Decimal  # expenses booked in the period still waiting for approval

    @property
    def remaining(self) -> Decimal:
        """The counted balance at the end of the period."""
        return self.opening + self.granted - self.spent


@dataclass(frozen=True)
class BudgetTotals:
    opening: Decimal
    granted: Decimal
    spent: Decimal
    pending: Decimal
    remaining: Decimal


@dataclass(frozen=True)
class CategoryRow:
    category: str
    label: str
    expenses: int  # counted expenses booked in the period; a reversal lowers the amount only
    amount: Decimal


@dataclass(frozen=True)
class SubsidyRow:
    organisation: str
    year: int
    kind: str
    kind_label: str
    hours_per_week: Decimal | None
    granted: Decimal
    realised: Decimal | None  # None: STAP does not know yet
    contact_hours: Decimal | None  # hours registered in STAP in the period; None for other kinds


@dataclass(frozen=True)
class Summary:
    granted: Decimal
    used: Decimal


@dataclass(frozen=True)
class BudgetReport:
    first: datetime.date
    last: datetime.date
    organisation: Organisation | None
    budgets: list[BudgetRow]
    totals: BudgetTotals
    categories: list[CategoryRow]
    timeout: TimeoutSpending | None  # None when filtered by organisation
    subsidies: list[SubsidyRow]
    subsidy_granted: Decimal
    subsidy_realised: Decimal  # over the known values only
    subsidy_realised_complete: bool  # every line has a realised amount
    summary: Summary

    @property
    def whole_years(self) -> bool:
        """True when the period runs from 1 January to 31 December (of the same or a later year)."""
        return (self.first.month, self.first.day, self.last.month, self.last.day) == (1, 1, 12, 31)

    @property
    def spent_by_category(self) -> Decimal:
        return sum((row.amount for row in self.categories), ZERO)


def _sum(value: Decimal | None) -> Decimal:
    return value if value is not None else ZERO


def budget_report(
    *, first: datetime.date, last: datetime.date, organisation: Organisation | None
) -> BudgetReport:
    budgets = _budgets(first, last, organisation)
    rows = _budget_rows(budgets, first, last)
    totals = BudgetTotals(
        opening=sum((r.opening for r in rows), ZERO),
        granted=sum((r.granted for r in rows), ZERO),
        spent=sum((r.spent for r in rows), ZERO),
        pending=sum((r.pending for r in rows), ZERO),
        remaining=sum((r.remaining for r in rows), ZERO),
    )
    categories = _categories([b.pk for b in budgets], first, last)
    # STAP does not attribute time-out to an organisation: only the whole picture shows it.
    timeout = spending_in_period(first, last) if organisation is None else None
    subsidies = _subsidies(first, last, organisation)
    subsidy_granted = sum((s.granted for s in subsidies), ZERO)
    subsidy_realised = sum((s.realised for s in subsidies if s.realised is not None), ZERO)
    summary = Summary(
        granted=totals.granted + (_sum(timeout.granted) if timeout else ZERO) + subsidy_granted,
        used=totals.spent + (timeout.cost if timeout else ZERO) + subsidy_realised,
    )
    return BudgetReport(
        first=first,
        last=last,
        organisation=organisation,
        budgets=rows,
        totals=totals,
        categories=categories,
        timeout=timeout,
        subsidies=subsidies,
        subsidy_granted=subsidy_granted,
        subsidy_realised=subsidy_realised,
        subsidy_realised_complete=all(s.realised is not None for s in subsidies),
        summary=summary,
    )


def _budgets(
    first: datetime.date, last: datetime.date, organisation: Organisation | None
) -> list[Budget]:
    """Budgets running in the period, and older ones with a booking in it (a late reversal)."""
    booked_in_period = Exists(
        LedgerEntry.objects.filter(budget=OuterRef("pk"), booked_on__range=(first, last))
    )
    budgets = Budget.objects.filter(Q(starts_on__lte=last, ends_on__gte=first) | booked_in_period)
    if organisation is not None:
        budgets = budgets.filter(organisation=organisation)
    return list(
        budgets.select_related("organisation").order_by("organisation__name", "starts_on", "name")
    )


def _money_in_and_out() -> tuple[Q, Q]:
    """Entries that move money in (grants and their reversals) and out (expenses and theirs)."""
    grants = Q(kind=Kind.GRANT) | Q(kind=Kind.REVERSAL, reverses__kind=Kind.GRANT)
    expenses = Q(kind=Kind.EXPENSE) | Q(kind=Kind.REVERSAL, reverses__kind=Kind.EXPENSE)
    return grants, expenses


def _budget_rows(
    budgets: list[Budget], first: datetime.date, last: datetime.date
) -> list[BudgetRow]:
    ids = [b.pk for b in budgets]
    grants, expenses = _money_in_and_out()
    in_period = Q(booked_on__range=(first, last))
    counted = {
        row["budget"]: row
        for row in LedgerEntry.objects.filter(budget__in=ids, booked_on__lte=last)
        .counted()
        .with_signed_amount()
        .values("budget")
        .annotate(
            opening=Sum("signed", filter=Q(booked_on__lt=first)),
            granted=Sum("signed", filter=in_period & grants),
            spent=Sum("signed", filter=in_period & expenses),
        )
    }
    pending = dict(
        LedgerEntry.objects.filter(budget__in=ids, booked_on__range=(first, last))
        .pending()
        .values("budget")
        .annotate(total=Sum("amount"))
        .values_list("budget", "total")
    )
    rows = []
    for budget in budgets:
        sums = counted.get(budget.pk, {})
        rows.append(
            BudgetRow(
                organisation=budget.organisation.name,
                name=budget.name,
                starts_on=budget.starts_on,
                ends_on=budget.ends_on,
                opening=_sum(sums.get("opening")),
                granted=_sum(sums.get("granted")),
                # Signed amounts of money out are negative; spending is shown positive.
                spent=-_sum(sums.get("spent")),
                pending=_sum(pending.get(budget.pk)),
            )
        )
    return rows


def _categories(
    budget_ids: list[int], first: datetime.date, last: datetime.date
) -> list[CategoryRow]:
    """Every category, zeros included; a reversal lowers the category of the expense it undoes."""
    _grants, expenses = _money_in_and_out()
    sums = {
        row["spent_category"]: row
        for row in LedgerEntry.objects.filter(budget__in=budget_ids, booked_on__range=(first, last))
        .filter(expenses)
        .counted()
        .with_signed_amount()
        # django-stubs cannot see annotations made in a queryset method.
        .values("spent_category")  # type: ignore[misc]
        .annotate(amount=Sum("signed"), expenses=Count("pk", filter=Q(kind=Kind.EXPENSE)))
    }
    return [
        CategoryRow(
            category=category.value,
            label=str(category.label),
            expenses=sums.get(category.value, {}).get("expenses", 0),
            amount=-_sum(sums.get(category.value, {}).get("amount")),
        )
        for category in Category
    ]


def _subsidies(
    first: datetime.date, last: datetime.date, organisation: Organisation | None
) -> list[SubsidyRow]:
    # Subsidy is granted per calendar year: only years wholly inside the period count.
    first_year = first.year if (first.month, first.day) == (1, 1) else first.year + 1
    last_year = last.year if (last.month, last.day) == (12, 31) else last.year - 1
    lines = SubsidyLine.objects.filter(year__range=(first_year, last_year)).select_related(
        "organisation"
    )
    if organisation is not None:
        lines = lines.filter(organisation=organisation)
    lines = lines.order_by("year", "organisation__name", "kind", "pk")
    hours = _contact_minutes(first, last, organisation)
    rows = []
    for line in lines:
        role = CONTACT_HOURS_ROLE.get(line.kind)
        contact_hours = None
        if role is not None:
            minutes = hours.get((line.organisation_id, GROUP_NAMES[role], line.year), 0)
            contact_hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP)
        rows.append(
            SubsidyRow(
                organisation=line.organisation.name,
                year=line.year,
                kind=line.kind,
                kind_label=line.get_kind_display(),
                hours_per_week=line.hours_per_week,
                granted=line.granted,
                realised=line.realised,
                contact_hours=contact_hours,
            )
        )
    return rows


def _contact_minutes(
    first: datetime.date, last: datetime.date, organisation: Organisation | None
) -> dict[tuple[int, str, int], int]:
    """Minutes of contact in the period, by the author's organisation, role group and year."""
    contacts = Contact.objects.filter(
        # A range on the column (local midnights, half-open), so the index on it serves.
        occurred_at__gte=day_start(first),
        occurred_at__lt=day_start(last + datetime.timedelta(days=1)),
        author__groups__name__in=[GROUP_NAMES[role] for role in CONTACT_HOURS_ROLE.values()],
    )
    if organisation is not None:
        contacts = contacts.filter(author__organisation=organisation)
    minutes: dict[tuple[int, str, int], int] = defaultdict(int)
    for row in contacts.values(
        "author__organisation", "author__groups__name", year=ExtractYear("occurred_at")
    ).annotate(minutes=Sum("minutes")):
        key = (row["author__organisation"], row["author__groups__name"], row["year"])
        minutes[key] += row["minutes"]
    return minutes
