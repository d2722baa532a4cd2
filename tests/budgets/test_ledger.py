"""The ledger's promises: derived balance, never negative, approvals, reversals, append-only."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from budgets import services
from budgets.models import Approval, LedgerEntry
from tests.budgets.conftest import expense, make_budget
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def her(anna_casemanager):
    return ClientFactory.create(casemanager=anna_casemanager)


def test_balance_is_grants_minus_counted_expenses(anna_casemanager, fenna_functional_admin, her):
    budget = make_budget(by=fenna_functional_admin)
    expense(budget, "25.50", by=anna_casemanager, client=her)
    expense(budget, "74.50", by=anna_casemanager, client=her, category="food")
    assert budget.balance() == Decimal("900.00")


def test_expense_that_would_go_below_zero_is_refused_and_books_nothing(
    anna_casemanager, fenna_functional_admin, her
):
    budget = make_budget(grant="50.00", by=fenna_functional_admin)
    with pytest.raises(ValidationError) as refused:
        expense(budget, "50.01", by=anna_casemanager, client=her)
    assert "nog €\xa050,00 beschikbaar" in refused.value.messages[0]
    assert budget.entries.filter(kind="expense").count() == 0
    expense(budget, "50.00", by=anna_casemanager, client=her)
    assert budget.balance() == Decimal("0.00")


def test_expense_above_threshold_waits_for_approval_and_counts_after(
    anna_casemanager, carla_coordinator, fenna_functional_admin, her
):
    budget = make_budget(by=fenna_functional_admin)
    entry = expense(budget, "150.00", by=anna_casemanager, client=her, category="bedding")
    assert entry.needs_approval
    assert budget.balance() == Decimal("1000.00")
    assert budget.pending() == Decimal("150.00")
    services.decide_expense(entry=entry, approved=True, by=carla_coordinator)
    assert budget.balance() == Decimal("850.00")
    assert budget.pending() == Decimal("0.00")


def test_pending_expenses_are_reserved_so_approval_cannot_overdraw(
    anna_casemanager, fenna_functional_admin, her
):
    budget = make_budget(grant="200.00", by=fenna_functional_admin)
    expense(budget, "150.00", by=anna_casemanager, client=her)
    with pytest.raises(ValidationError):
        expense(budget, "60.00", by=anna_casemanager, client=her)


def test_refused_expense_never_counts_and_needs_a_reason(
    anna_casemanager, carla_coordinator, fenna_functional_admin, her
):
    budget = make_budget(by=fenna_functional_admin)
    entry = expense(budget, "300.00", by=anna_casemanager, client=her)
    with pytest.raises(ValidationError, match="reden"):
        services.decide_expense(entry=entry, approved=False, by=carla_coordinator)
    services.decide_expense(entry=entry, approved=False, note="Niet nodig", by=carla_coordinator)
    assert budget.balance() == Decimal("1000.00")
    assert budget.pending() == Decimal("0.00")
    with pytest.raises(ValidationError, match="al besloten"):
        services.decide_expense(entry=entry, approved=True, by=carla_coordinator)


def test_coordinator_expense_above_threshold_counts_at_once(
    carla_coordinator, fenna_functional_admin, her
):
    budget = make_budget(by=fenna_functional_admin)
    entry = expense(budget, "400.00", by=carla_coordinator, client=her)
    assert not entry.needs_approval
    assert budget.balance() == Decimal("600.00")


def test_reversal_undoes_an_expense_once(
    anna_casemanager, carla_coordinator, fenna_functional_admin, her
):
    budget = make_budget(by=fenna_functional_admin)
    entry = expense(budget, "40.00", by=anna_casemanager, client=her)
    reversal = services.reverse_entry(entry=entry, reason="Dubbel geboekt", by=carla_coordinator)
    assert reversal.amount == entry.amount
    assert budget.balance() == Decimal("1000.00")
    with pytest.raises(ValidationError, match="al teruggedraaid"):
        services.reverse_entry(entry=entry, reason="Nog eens", by=carla_coordinator)
    with pytest.raises(ValidationError, match="draai je niet terug"):
        services.reverse_entry(entry=reversal, reason="Terug", by=carla_coordinator)
    assert budget.balance() == Decimal("1000.00")


def test_reversing_a_grant_may_not_make_the_balance_negative(
    anna_casemanager, carla_coordinator, fenna_functional_admin, her
):
    budget = make_budget(by=fenna_functional_admin)
    grant = budget.entries.get(kind="grant")
    expense(budget, "10.00", by=anna_casemanager, client=her)
    with pytest.raises(ValidationError, match="negatief"):
        services.reverse_entry(entry=grant, reason="Verkeerd bedrag", by=carla_coordinator)
    assert budget.balance() == Decimal("990.00")


def test_pending_expense_cannot_be_reversed(
    anna_casemanager, carla_coordinator, fenna_functional_admin, her
):
    budget = make_budget(by=fenna_functional_admin)
    entry = expense(budget, "250.00", by=anna_casemanager, client=her)
    with pytest.raises(ValidationError, match="telt \\(nog\\) niet mee"):
        services.reverse_entry(entry=entry, reason="Weg", by=carla_coordinator)


@pytest.mark.parametrize(
    ("amount", "booked_on"),
    [
        ("0.00", None),
        ("-5.00", None),
        ("1.005", None),
        ("10.00", timezone.localdate() + datetime.timedelta(days=1)),
        ("10.00", datetime.date(timezone.localdate().year - 1, 12, 31)),
    ],
)
def test_bad_amount_or_date_is_refused(
    anna_casemanager, fenna_functional_admin, her, amount, booked_on
):
    budget = make_budget(by=fenna_functional_admin)
    with pytest.raises(ValidationError):
        expense(
            budget,
            amount,
            by=anna_casemanager,
            client=her,
            booked_on=booked_on or timezone.localdate(),
        )
    assert budget.entries.count() == 1


def test_same_submission_key_books_once(anna_casemanager, fenna_functional_admin, her):
    import uuid

    budget = make_budget(by=fenna_functional_admin)
    key = uuid.uuid4()
    first = expense(budget, "20.00", by=anna_casemanager, client=her, submission_key=key)
    again = expense(budget, "20.00", by=anna_casemanager, client=her, submission_key=key)
    assert first.pk == again.pk
    assert budget.balance() == Decimal("980.00")


# --- The database itself ----------------------------------------------------------------------


def test_database_refuses_update_and_delete_of_entries(
    anna_casemanager, carla_coordinator, fenna_functional_admin, her
):
    budget = make_budget(by=fenna_functional_admin)
    entry = expense(budget, "150.00", by=anna_casemanager, client=her)
    services.decide_expense(entry=entry, approved=True, by=carla_coordinator)
    for sql in (
        "UPDATE budgets_ledgerentry SET amount = 1 WHERE id = %s",
        "DELETE FROM budgets_approval WHERE entry_id = %s",
        "UPDATE budgets_approval SET approved = false WHERE entry_id = %s",
        "DELETE FROM budgets_ledgerentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert Approval.objects.get(entry=entry).approved
    entry.refresh_from_db()
    assert entry.amount == Decimal("150.00")


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "expense", "amount": Decimal("-1.00")},
        {"kind": "expense", "amount": Decimal("0.00")},
        {"kind": "expense", "category": ""},
        {"kind": "expense", "client": None},
        {"kind": "grant", "category": "food"},
        {"kind": "reversal"},
        {"kind": "refund"},
    ],
)
def test_database_refuses_malformed_entries(anna_casemanager, fenna_functional_admin, her, fields):
    budget = make_budget(by=fenna_functional_admin)
    values = {
        "budget": budget,
        "amount": Decimal("5.00"),
        "booked_on": timezone.localdate(),
        "client": her,
        "category": "food",
        "entered_by": anna_casemanager,
        "description": "x",
        **fields,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(**values)


def test_database_refuses_a_reversal_of_another_amount_or_a_reversal(
    anna_casemanager, carla_coordinator, fenna_functional_admin, her
):
    budget = make_budget(by=fenna_functional_admin)
    entry = expense(budget, "30.00", by=anna_casemanager, client=her)
    common = {
        "budget": budget,
        "kind": "reversal",
        "booked_on": timezone.localdate(),
        "entered_by": carla_coordinator,
        "description": "x",
    }
    with pytest.raises(DatabaseError, match="exactly"), transaction.atomic():
        LedgerEntry.objects.create(reverses=entry, amount=Decimal("3.00"), **common)
    reversal = LedgerEntry.objects.create(reverses=entry, amount=Decimal("30.00"), **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(reverses=entry, amount=Decimal("30.00"), **common)
    with pytest.raises(DatabaseError, match="cannot be reversed"), transaction.atomic():
        LedgerEntry.objects.create(reverses=reversal, amount=Decimal("30.00"), **common)
