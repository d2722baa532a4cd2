"""Compare each budget's kept balance and pending total with the sums of its ledger."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from budgets.models import Budget, Figures, LedgerEntry
from stapteam.platform.formats import euro


class Command(BaseCommand):
    help = (
        "Controleert per budget of het bijgehouden saldo en het bedrag dat op goedkeuring wacht "
        "gelijk zijn aan de som van het grootboek. Meldt elk verschil en eindigt dan met een fout; "
        "wijzigt niets."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        figures = LedgerEntry.objects.all().figures_by_budget()
        differences = 0
        budgets = Budget.objects.order_by("starts_on", "name")
        for budget in budgets.only("name", "starts_on", "kept_balance", "kept_pending"):
            ledger = figures.get(budget.pk, Figures())
            for label, kept, summed in (
                ("saldo", budget.kept_balance, ledger.balance),
                ("wacht op goedkeuring", budget.kept_pending, ledger.pending),
            ):
                if kept != summed:
                    differences += 1
                    self.stdout.write(
                        f"VERSCHIL {budget} (begint {budget.starts_on:%d-%m-%Y}), {label}: "
                        f"bijgehouden {euro(kept)}, grootboek {euro(summed)}"
                    )
        if differences:
            raise CommandError(f"{differences} verschil(len) tussen budgetten en grootboek.")
        self.stdout.write(f"Alle {budgets.count()} budgetten kloppen met het grootboek.")
