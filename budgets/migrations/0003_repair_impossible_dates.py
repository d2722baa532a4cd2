"""Repair the budget dates outside their bounds before 0004_date_bounds makes the bounds constraints: see
stapteam/migrations/_date_repair.py for the rule (clamp to the nearest bound; birth dates that
cannot be become unknown; periods cut to five years). The kinds below are copied, not imported."""

from django.db import migrations

from stapteam.migrations._date_repair import repair_dates

FIELDS = {
    "Budget": {"starts_on": "planned", "ends_on": "planned"},
    "LedgerEntry": {"booked_on": "happened"},
}
PERIODS = {"Budget": [("starts_on", "ends_on")]}
# The ledger is append-only (0002_append_only_ledger).
APPEND_ONLY = {"LedgerEntry": "ledger_entry_append_only"}


def repair(apps, schema_editor):
    repair_dates(apps, schema_editor, "budgets", FIELDS, PERIODS, append_only=APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0002_append_only_ledger"),
        ("stapteam", "0013_repair_impossible_dates"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
