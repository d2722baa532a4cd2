"""Repair the time-out dates outside their bounds before 0003_date_bounds makes the bounds constraints: see
stapteam/migrations/_date_repair.py for the rule (clamp to the nearest bound; birth dates that
cannot be become unknown; periods cut to five years). The kinds below are copied, not imported."""

from django.db import migrations

from stapteam.migrations._date_repair import repair_dates

FIELDS = {
    "TimeoutRequest": {"wished_start": "planned", "assessed_at": "happened"},
    "Stay": {"start": "planned", "planned_end": "planned", "actual_end": "planned"},
}
PERIODS = {"Stay": [("start", "planned_end"), ("start", "actual_end")]}


def repair(apps, schema_editor):
    repair_dates(apps, schema_editor, "timeout", FIELDS, PERIODS)


class Migration(migrations.Migration):
    dependencies = [("timeout", "0001_initial"), ("stapteam", "0013_repair_impossible_dates")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
