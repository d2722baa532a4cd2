"""Repair the registration dates outside their bounds before 0006_date_bounds makes the bounds constraints: see
stapteam/migrations/_date_repair.py for the rule (clamp to the nearest bound; birth dates that
cannot be become unknown; periods cut to five years). The kinds below are copied, not imported."""

from django.db import migrations

from stapteam.migrations._date_repair import repair_dates

FIELDS = {
    "Person": {
        "date_of_birth": "birth",
        "consent_on": "happened",
        "consent_withdrawn_on": "happened",
    },
    "RegistrationRequest": {"received_on": "happened", "extension_notice_on": "happened"},
    "Advice": {"known_since": "happened", "answered_at": "happened"},
    "Decision": {"decided_on": "happened", "notified_on": "happened"},
    "Registration": {"valid_from": "planned", "valid_until": "planned", "ended_on": "happened"},
    "Objection": {"received_on": "happened", "hearing_on": "planned", "decided_on": "happened"},
    "InboundMail": {"sent_at": "happened"},
    "DayPass": {"day": "happened"},
    "RegistrationSettings": {"legal_basis_date": "planned"},
    "SubjectAccessRequest": {
        "received_on": "happened",
        "due_on": "planned",
        "handled_on": "happened",
    },
}
PERIODS = {"Registration": [("valid_from", "valid_until")]}


def repair(apps, schema_editor):
    repair_dates(apps, schema_editor, "registrations", FIELDS, PERIODS)


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0004_legal_hold_and_access_requests"),
        ("stapteam", "0013_repair_impossible_dates"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
