"""The budgets' demo data: the seeds' grants, about 30 expenses, one waiting, one reversal."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from budgets.models import Budget, LedgerEntry, SubsidyLine


@pytest.mark.django_db
def test_demo_budgets_load_once(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert (
        "Demo-budgetten: 3 budgetten, 31 uitgaven, 1 wachtend op goedkeuring, "
        "1 terugboeking(en), 8 subsidieregels." in out.getvalue()
    )
    call_command("demo_data", stdout=StringIO())
    assert Budget.objects.count() == 3
    first = Budget.objects.get(starts_on=datetime.date(2023, 8, 1))
    assert first.ends_on == datetime.date(2023, 12, 31)
    assert first.entries.get(kind="grant").amount == Decimal("600.00")
    assert Budget.objects.get(starts_on=datetime.date(2024, 1, 1)).entries.get(
        kind="grant"
    ).amount == Decimal("1000.00")
    categories = set(LedgerEntry.objects.exclude(category="").values_list("category", flat=True))
    assert len(categories) >= 5
    for budget in Budget.objects.all():
        assert budget.balance() >= 0
    assert SubsidyLine.objects.filter(year=2024, hours_per_week=16).exists()
