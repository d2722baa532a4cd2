"""A retention term for the fixed reports (Vastleggen): their figures include the hours per
casemanager, so they are not kept for ever; seven years after they were fixed, as the accounts
they justify (the municipality archives the report it received under its own selection list)."""

from django.db import migrations

# Copied, not imported: a migration keeps the values it was written with.
CATEGORY = {
    "code": "report_snapshot",
    "name": "Vastgelegde rapportages",
    "records": "Vastgelegde rapportages: cijfers, uren per casemanager, Excel- en Word-bestand",
    "clock": "de dag van vastleggen",
    "term_years": 7,
    "term_weeks": 0,
    "legal_basis": (
        "AVG art. 5 lid 1 onder e; zeven jaar als de verantwoording van de subsidie "
        "(BW 2:10, AWR art. 52); het rapport zelf archiveert de gemeente"
    ),
    "action": "delete",
}


def load_category(apps, schema_editor):
    RetentionCategory = apps.get_model("stapteam", "RetentionCategory")
    RetentionCategory.objects.get_or_create(code=CATEGORY["code"], defaults=CATEGORY)


def unload_category(apps, schema_editor):
    apps.get_model("stapteam", "RetentionCategory").objects.filter(code=CATEGORY["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stapteam", "0028_list_and_contact_indexes"),
    ]

    operations = [
        migrations.RunPython(load_category, unload_category),
    ]
