"""Twenty people spending from one budget at the same moment; a form sent twice at once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from budgets import services
from budgets.models import LedgerEntry
from stapteam.platform.roles import Role
from tests.budgets.conftest import make_budget
from tests.concurrency import at_once
from tests.factories import ClientFactory, UserFactory

NOT_ENOUGH = (
    "Deze uitgave van €\xa060,00 past niet: in Flexbudget STAP-team is nog €\xa040,00 beschikbaar."
)


@pytest.mark.django_db(transaction=True)
def test_twenty_casemanagers_spending_at_once_never_overdraw(
    anna_casemanager, fenna_functional_admin
):
    budget = make_budget(grant="1000.00", by=fenna_functional_admin)
    team = [
        anna_casemanager,
        *UserFactory.create_batch(
            19, roles=[Role.CASEMANAGER], organisation=anna_casemanager.organisation
        ),
    ]

    def spender(casemanager: Any) -> Callable[[], LedgerEntry]:
        her = ClientFactory.create(casemanager=casemanager)
        return lambda: services.record_expense(
            budget=budget,
            amount=Decimal("60.00"),
            booked_on=timezone.localdate(),
            client=her,
            category="food",
            by=casemanager,
        )

    outcomes = at_once(*[spender(casemanager) for casemanager in team])

    # 16 times €60 = €960 fits in €1,000; the other four are refused with the balance left.
    assert outcomes == [NOT_ENOUGH] * 4 + ["ok"] * 16
    expenses = LedgerEntry.objects.filter(budget=budget, kind="expense")
    assert expenses.count() == 16
    assert len({entry.entered_by_id for entry in expenses}) == 16
    assert budget.balance() == sum(
        (e.amount for e in LedgerEntry.objects.filter(kind="grant")), Decimal("0.00")
    ) - sum((e.amount for e in expenses), Decimal("0.00"))
    assert budget.balance() == Decimal("40.00")
    # The balance kept on the budget row moved with every booking, none lost to a race.
    budget.refresh_from_db()
    assert budget.kept_balance == Decimal("40.00")


@pytest.mark.django_db(transaction=True)
def test_one_form_sent_twice_at_once_books_one_expense(anna_casemanager, fenna_functional_admin):
    budget = make_budget(grant="1000.00", by=fenna_functional_admin)
    her = ClientFactory.create(casemanager=anna_casemanager)
    key = uuid.uuid4()

    def submit() -> LedgerEntry:
        return services.record_expense(
            budget=budget,
            amount=Decimal("35.00"),
            booked_on=timezone.localdate(),
            client=her,
            category="clothing",
            by=anna_casemanager,
            submission_key=key,
        )

    assert at_once(submit, submit, submit) == ["ok"] * 3
    assert LedgerEntry.objects.filter(kind="expense").count() == 1
    assert budget.balance() == Decimal("965.00")
