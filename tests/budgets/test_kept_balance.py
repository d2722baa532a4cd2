"""The balance kept on a budget row equals the sum of its ledger; reconcile_budgets checks it."""

from __future__ import annotations

import random
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from budgets import services
from budgets.models import Budget, LedgerEntry
from tests.budgets.conftest import expense, make_budget
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def kept(budget: Budget) -> tuple[Decimal, Decimal]:
    budget.refresh_from_db()
    return budget.kept_balance, budget.kept_pending


def test_kept_balance_equals_the_ledger_after_many_mixed_bookings(
    anna_casemanager, carla_coordinator, fenna_functional_admin
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    budget = make_budget(grant="5000.00", by=fenna_functional_admin)
    pick = random.Random(18)  # noqa: S311 (a fixed, repeatable mix of bookings)
    booked: list[LedgerEntry] = []
    for _ in range(120):
        move = pick.random()
        try:
            if move < 0.55:
                amount = f"{pick.randint(1, 180)}.{pick.randint(0, 99):02d}"
                booked.append(expense(budget, amount, by=anna_casemanager, client=her))
            elif move < 0.7:
                services.record_grant(
                    budget=budget,
                    amount=Decimal("75.00"),
                    booked_on=budget.starts_on,
                    description="Aanvulling",
                    by=fenna_functional_admin,
                )
            elif move < 0.85:
                waiting = LedgerEntry.objects.filter(budget=budget).pending().first()
                if waiting is not None:
                    services.decide_expense(
                        entry=waiting,
                        approved=pick.random() < 0.6,
                        by=carla_coordinator,
                        note="Past niet in het plan",
                    )
            elif booked:
                services.reverse_entry(
                    entry=booked.pop(pick.randrange(len(booked))),
                    reason="Dubbel geboekt",
                    by=carla_coordinator,
                )
        except ValidationError:
            pass  # refused (no money left, still waiting): it must change nothing either
        assert kept(budget) == (budget.balance(), budget.pending())
    assert LedgerEntry.objects.filter(budget=budget).count() > 80
    assert LedgerEntry.objects.filter(budget=budget, approval__approved=False).exists()
    assert LedgerEntry.objects.filter(budget=budget, kind="reversal").exists()


def test_a_refused_booking_leaves_the_kept_balance_alone(anna_casemanager, fenna_functional_admin):
    her = ClientFactory.create(casemanager=anna_casemanager)
    budget = make_budget(grant="50.00", by=fenna_functional_admin)
    with pytest.raises(ValidationError):
        expense(budget, "50.01", by=anna_casemanager, client=her)
    assert kept(budget) == (Decimal("50.00"), Decimal("0.00"))


def test_reconcile_budgets_reports_every_budget_in_order(anna_casemanager, fenna_functional_admin):
    her = ClientFactory.create(casemanager=anna_casemanager)
    budget = make_budget(by=fenna_functional_admin)
    expense(budget, "150.00", by=anna_casemanager, client=her)
    out = StringIO()
    call_command("reconcile_budgets", stdout=out)
    assert out.getvalue() == "Alle 1 budgetten kloppen met het grootboek.\n"


def test_reconcile_budgets_names_a_difference_and_fails(anna_casemanager, fenna_functional_admin):
    her = ClientFactory.create(casemanager=anna_casemanager)
    budget = make_budget(by=fenna_functional_admin)
    expense(budget, "20.00", by=anna_casemanager, client=her)
    Budget.objects.filter(pk=budget.pk).update(kept_balance=Decimal("990.00"))
    out = StringIO()
    with pytest.raises(CommandError, match="1 verschil"):
        call_command("reconcile_budgets", stdout=out)
    assert "saldo: bijgehouden €\xa0990,00, grootboek €\xa0980,00" in out.getvalue()
    assert "wacht op goedkeuring" not in out.getvalue()
