"""Shared pieces of the budget tests: a budget of this year with money in it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from budgets import services
from budgets.models import Budget, LedgerEntry
from stapteam.models import Organisation, User


def make_budget(
    *, grant: Decimal | str | None = "1000.00", by: User | None = None, **fields: Any
) -> Budget:
    """A budget running this whole year, spendable by IrisZorg; with one grant if `by` is given."""
    today = timezone.localdate()
    organisation, _created = Organisation.objects.get_or_create(name="IrisZorg")
    values = {
        "name": "Flexbudget STAP-team",
        "organisation": organisation,
        "starts_on": datetime.date(today.year, 1, 1),
        "ends_on": datetime.date(today.year, 12, 31),
        "approval_threshold": Decimal("100.00"),
        **fields,
    }
    budget = Budget.objects.create(**values)
    budget.spending_organisations.add(organisation)
    if grant is not None and by is not None:
        services.record_grant(
            budget=budget,
            amount=Decimal(grant),
            booked_on=values["starts_on"],
            description="Subsidie gemeente",
            by=by,
        )
    return budget


def expense(budget: Budget, amount: str, *, by: User, client: Any, **fields: Any) -> LedgerEntry:
    values = {"booked_on": timezone.localdate(), "category": "clothing", **fields}
    return services.record_expense(
        budget=budget, amount=Decimal(amount), client=client, by=by, **values
    )
