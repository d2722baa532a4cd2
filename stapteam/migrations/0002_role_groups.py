"""Create one group per role. Their permissions are set from stapteam/roles.py after every migrate."""

from django.db import migrations

# Copied from stapteam/roles.py GROUP_NAMES at the time of writing; a test keeps them in step.
GROUP_NAMES = [
    "Casemanager",
    "Ervaringsdeskundige",
    "Coördinator",
    "Medewerker de Cirkel",
    "Procesregisseur",
    "Secretariaat Veiligheidshuis",
    "Beleidsmedewerker",
    "Functioneel beheerder",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUP_NAMES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("stapteam", "0001_initial")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
