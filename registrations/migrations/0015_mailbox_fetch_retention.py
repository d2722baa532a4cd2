"""A retention term for the mailbox rounds: about 100,000 a year on a 5-minute schedule, kept
13 weeks (a quarter: enough to see when the mailbox went wrong), then deleted."""

from django.db import migrations, models

# Copied, not imported: a migration keeps the values it was written with.
CATEGORY = {
    "code": "mailbox_fetch",
    "name": "Ophaalrondes mailbox",
    "records": "Ophaalrondes van de registratiemailbox: tijden, aantallen en meldingen",
    "clock": "het begin van de ronde",
    "term_years": 0,
    "term_weeks": 13,
    "legal_basis": "AVG art. 5 lid 1 onder c en e; een technisch logboek, een kwartaal genoeg om storingen terug te zien",
    "action": "delete",
}


def load_category(apps, schema_editor):
    RetentionCategory = apps.get_model("stapteam", "RetentionCategory")
    RetentionCategory.objects.get_or_create(code=CATEGORY["code"], defaults=CATEGORY)


def unload_category(apps, schema_editor):
    apps.get_model("stapteam", "RetentionCategory").objects.filter(code=CATEGORY["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0014_mail_fields_answers_fetches"),
        ("stapteam", "0010_retention"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="mailboxfetch",
            index=models.Index(fields=["started_at"], name="mailbox_fetch_started"),
        ),
        migrations.RunPython(load_category, unload_category),
    ]
