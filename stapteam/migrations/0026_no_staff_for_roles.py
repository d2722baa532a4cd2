"""No role opens the Django admin any more: clear is_staff on every account but the superusers'."""

from django.db import migrations


def clear_staff(apps, schema_editor):
    User = apps.get_model("stapteam", "User")
    # A queryset update: no history row per account for a technical flag nobody set by hand.
    User.objects.filter(is_staff=True, is_superuser=False).update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [("stapteam", "0025_notifications")]

    operations = [migrations.RunPython(clear_staff, migrations.RunPython.noop)]
