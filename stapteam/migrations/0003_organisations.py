"""The organisations of the STAP-team; the beheerder keeps the list from here on."""

from django.db import migrations

ORGANISATIONS = [
    ("IrisZorg", "IrisZorg"),
    ("Leger des Heils", "LdH"),
    ("Gemeente Nijmegen — Zorg- en Veiligheidshuis", "ZVH"),
    ("Gemeente Nijmegen — Maatschappelijke Ontwikkeling", "MO"),
]


def load_data(apps, schema_editor):
    Organisation = apps.get_model("stapteam", "Organisation")
    for name, short_name in ORGANISATIONS:
        Organisation.objects.get_or_create(name=name, defaults={"short_name": short_name})


class Migration(migrations.Migration):
    dependencies = [("stapteam", "0002_role_groups")]

    operations = [migrations.RunPython(load_data, migrations.RunPython.noop)]
