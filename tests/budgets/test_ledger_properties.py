"""Property-based: random sequences of grants, expenses, decisions and reversals keep the books.

After every step: the balance equals the sum of the counted entries, worked out here from the raw
rows; it is never below zero; it equals what a plain Python model of the rules expects; and every
reversal cancels exactly one entry, once.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets import services
from budgets.models import Approval, Budget, LedgerEntry
from tests.budgets.conftest import make_budget
from tests.factories import ClientFactory

amounts = st.integers(min_value=1, max_value=40_000).map(lambda cents: Decimal(cents).scaleb(-2))
steps = st.lists(
    st.one_of(
        st.tuples(st.just("grant"), amounts),
        st.tuples(st.just("expense"), amounts),
        st.tuples(st.just("approve"), st.integers(0, 30)),
        st.tuples(st.just("refuse"), st.integers(0, 30)),
        st.tuples(st.just("reverse"), st.integers(0, 30)),
    ),
    min_size=1,
    max_size=25,
)


def counted_sum_from_rows(budget: Budget) -> Decimal:
    """The balance worked out from the rows, without the queryset methods under test."""
    entries = {e.pk: e for e in LedgerEntry.objects.filter(budget=budget)}
    decisions = dict(Approval.objects.filter(entry__budget=budget).values_list("entry", "approved"))
    total = Decimal("0.00")
    for e in entries.values():
        if e.kind == "grant":
            total += e.amount
        elif e.kind == "expense" and (not e.needs_approval or decisions.get(e.pk)):
            total -= e.amount
        elif e.kind == "reversal":
            undone = entries[e.reverses_id or 0]
            total += -e.amount if undone.kind == "grant" else e.amount
    return total


def check_books(budget: Budget, expected: Decimal) -> None:
    balance = budget.balance()
    assert balance == counted_sum_from_rows(budget) == expected
    assert balance >= 0
    reversals = LedgerEntry.objects.filter(budget=budget, kind="reversal")
    pairs = [(r, r.reverses) for r in reversals.select_related("reverses")]
    assert len({target.pk for _r, target in pairs if target}) == len(pairs)
    assert all(t and t.kind != "reversal" and t.amount == r.amount for r, t in pairs)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_random_bookings_keep_the_books(
    steps, anna_casemanager, carla_coordinator, fenna_functional_admin
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    budget = make_budget(grant=None, name=f"Budget {Budget.objects.count()}")
    today = timezone.localdate()
    expected = Decimal("0.00")  # the counted balance, by a plain reading of the rules
    pending: list[LedgerEntry] = []
    reversible: list[LedgerEntry] = []
    for step, value in steps:
        if step == "grant":
            entry = services.record_grant(
                budget=budget,
                amount=value,
                booked_on=today,
                description="g",
                by=fenna_functional_admin,
            )
            expected += value
            reversible.append(entry)
        elif step == "expense":
            available = expected - sum((e.amount for e in pending), Decimal("0.00"))
            try:
                entry = services.record_expense(
                    budget=budget,
                    amount=value,
                    booked_on=today,
                    client=her,
                    category="food",
                    by=anna_casemanager,
                )
            except ValidationError:
                assert value > available
                continue
            assert value <= available
            if value > budget.approval_threshold:
                pending.append(entry)
            else:
                expected -= value
                reversible.append(entry)
        elif step in ("approve", "refuse") and pending:
            entry = pending.pop(value % len(pending))
            approved = step == "approve"
            services.decide_expense(
                entry=entry, approved=approved, note="nee", by=carla_coordinator
            )
            if approved:
                expected -= entry.amount
                reversible.append(entry)
        elif step == "reverse" and reversible:
            entry = reversible[value % len(reversible)]
            try:
                services.reverse_entry(entry=entry, reason="fout", by=carla_coordinator)
            except ValidationError:
                # Only undoing a grant can be refused, and only when it would overdraw.
                waiting = sum((e.amount for e in pending), Decimal("0.00"))
                assert entry.kind == "grant" and entry.amount > expected - waiting
                continue
            reversible.remove(entry)
            expected += entry.amount if entry.kind == "expense" else -entry.amount
            with pytest.raises(ValidationError):
                services.reverse_entry(entry=entry, reason="nog eens", by=carla_coordinator)
        check_books(budget, expected)
