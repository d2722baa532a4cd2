"""Repair the caseload's dates outside their bounds before 0014_date_bounds makes the bounds constraints: see
stapteam/migrations/_date_repair.py for the rule (clamp to the nearest bound; birth dates that
cannot be become unknown; periods cut to five years). The kinds below are copied, not imported."""

from django.db import migrations

from stapteam.migrations._date_repair import repair_dates

FIELDS = {
    "Client": {
        "date_of_birth": "birth",
        "consent_on": "happened",
        "consent_withdrawn_on": "happened",
        "closed_on": "happened",
    },
    "Assignment": {"started_on": "happened", "ended_on": "happened"},
    "Handover": {"starts_on": "planned", "ends_on": "planned"},
    "PeerLink": {"started_on": "happened", "ended_on": "happened"},
    "ClientAccessGrant": {"valid_until": "planned"},
    "Contact": {"occurred_at": "happened"},
    "Escalation": {
        "raised_at": "happened",
        "respond_by": "planned",
        "acknowledged_at": "happened",
        "closed_at": "happened",
    },
    "EscalationAction": {"follow_up_on": "planned"},
    "Goal": {"target_date": "planned"},
    "ZrmAssessment": {"assessed_on": "happened"},
    "Trajectory": {"started_on": "planned", "ended_on": "planned"},
    "DestructionRecord": {"destroyed_on": "happened"},
    "SubjectAccessRequest": {
        "received_on": "happened",
        "due_on": "planned",
        "handled_on": "happened",
    },
}
PERIODS = {"Handover": [("starts_on", "ends_on")]}
# ZRM assessments are append-only (0005_caseload_reference_data).
APPEND_ONLY = {"ZrmAssessment": "zrm_assessment_append_only"}


def repair(apps, schema_editor):
    repair_dates(apps, schema_editor, "stapteam", FIELDS, PERIODS, append_only=APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [("stapteam", "0012_demo_account_flag")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
