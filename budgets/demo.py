"""Invented demo data for budgets: flexbudgets 2023, 2024 and this year, about 30 expenses, one
waiting for approval, one reversal, and subsidy lines (invented amounts)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from budgets import services
from budgets.models import Budget, Category, LedgerEntry, SubsidyLine
from stapteam.models import Client, Organisation, User

# The seeds: €600 for Aug-Dec 2023, €1,000 for 2024; this year's budget is invented like 2024.
BUDGETS = [
    ("Flexbudget STAP-team 2023", datetime.date(2023, 8, 1), datetime.date(2023, 12, 31), "600"),
    ("Flexbudget STAP-team 2024", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), "1000"),
]
# Amount ranges in euros per category, for invented but plausible expenses.
RANGES = {
    Category.CLOTHING: (15, 60),
    Category.FOOD: (5, 25),
    Category.BEDDING: (25, 70),
    Category.TRANSPORT: (3, 20),
    Category.DOCUMENTS: (20, 80),
    Category.PHONE: (10, 30),
    Category.ACTIVITY: (10, 40),
    Category.OTHER: (5, 30),
}
NOTES = {
    Category.CLOTHING: "Winterjas en schoenen",
    Category.FOOD: "Boodschappen voor het weekend",
    Category.BEDDING: "Slaapzak",
    Category.TRANSPORT: "Busretour naar afspraak",
    Category.DOCUMENTS: "Leges identiteitskaart",
    Category.PHONE: "Beltegoed",
    Category.ACTIVITY: "Samen lunchen na het spreekuur",
    Category.OTHER: "Zeep en verzorging",
}
EXPENSES_PER_BUDGET = (8, 14, 8)


def load_demo(people: dict[str, User]) -> str:
    """Load once (nothing happens when budgets exist); returns a one-line summary."""
    if Budget.objects.exists():
        return "Demo-budgetten al aanwezig: " + summary()
    iriszorg = Organisation.objects.get(name="IrisZorg")
    ldh = Organisation.objects.get(name="Leger des Heils")
    admin, coordinator = people["beheerder"], people["coordinator"]
    today = timezone.localdate()
    plans = [
        *BUDGETS,
        (
            f"Flexbudget STAP-team {today.year}",
            datetime.date(today.year, 1, 1),
            datetime.date(today.year, 12, 31),
            "1000",
        ),
    ]
    spenders = [
        (people[name], list(Client.objects.visible_to(people[name]).active()))
        for name in ("casemanager", "casemanager2", "casemanager_ldh")
    ]
    spenders = [(who, clients) for who, clients in spenders if clients]
    rng = random.Random(2023)  # noqa: S311 - repeatable invented data, not a secret
    for (name, starts, ends, grant), count in zip(plans, EXPENSES_PER_BUDGET, strict=True):
        budget = Budget.objects.create(
            name=name, organisation=iriszorg, starts_on=starts, ends_on=ends
        )
        budget.spending_organisations.set([iriszorg, ldh])
        services.record_grant(
            budget=budget,
            amount=Decimal(grant),
            booked_on=starts,
            description="Subsidiebeschikking gemeente Nijmegen",
            by=admin,
        )
        last = min(ends, today - datetime.timedelta(days=1))
        span = max((last - starts).days, 0)
        for i in range(count):
            who, clients = spenders[i % len(spenders)]
            category = list(RANGES)[rng.randrange(len(RANGES))]
            low, high = RANGES[category]
            services.record_expense(
                budget=budget,
                amount=Decimal(rng.randrange(low * 100, high * 100, 50)).scaleb(-2),
                booked_on=starts + datetime.timedelta(days=round(span * (i + 0.5) / count)),
                client=clients[rng.randrange(len(clients))],
                category=category,
                description=NOTES[category],
                by=who,
            )
    this_year = Budget.objects.get(starts_on=datetime.date(today.year, 1, 1))
    casemanager, clients = spenders[0]
    services.record_expense(
        budget=this_year,
        amount=Decimal("145.00"),
        booked_on=today,
        client=clients[0],
        category=Category.DOCUMENTS,
        description="Leges paspoort en pasfoto's",
        by=casemanager,
    )
    double = LedgerEntry.objects.filter(
        budget__starts_on=datetime.date(2024, 1, 1), kind=LedgerEntry.Kind.EXPENSE
    ).first()
    if double is not None:
        services.reverse_entry(
            entry=double, reason="Dubbel geboekt; de bon stond er al in.", by=coordinator
        )
    load_subsidy_lines(iriszorg, ldh)
    return "Demo-budgetten: " + summary()


def load_subsidy_lines(iriszorg: Organisation, ldh: Organisation) -> None:
    """Invented amounts; hours from the seeds (16 h peer worker, 12 to 16 h coordination)."""
    lines = [
        (iriszorg, "casemanagement", "Casemanagement IrisZorg", None, "52000", "49800"),
        (ldh, "casemanagement", "Casemanagement Leger des Heils", None, "68000", "66500"),
        (iriszorg, "peer_work", "Ervaringsdeskundige", "16", "24000", "21900"),
        (iriszorg, "coordination", "Expert- en coördinatierol", "14", "21000", None),
    ]
    for year in (2023, 2024):
        for organisation, kind, description, hours, granted, realised in lines:
            SubsidyLine.objects.create(
                organisation=organisation,
                year=year,
                kind=kind,
                description=description,
                hours_per_week=Decimal(hours) if hours else None,
                granted=Decimal(granted),
                realised=Decimal(realised) if realised and year == 2023 else None,
            )


def summary() -> str:
    entries = LedgerEntry.objects
    return (
        f"{Budget.objects.count()} budgetten, "
        f"{entries.filter(kind=LedgerEntry.Kind.EXPENSE).count()} uitgaven, "
        f"{entries.pending().count()} wachtend op goedkeuring, "
        f"{entries.filter(kind=LedgerEntry.Kind.REVERSAL).count()} terugboeking(en), "
        f"{SubsidyLine.objects.count()} subsidieregels."
    )
