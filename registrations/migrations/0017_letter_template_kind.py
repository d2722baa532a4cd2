"""Letter templates get a kind instead of an outcome: the existing granted/refused templates keep
their value (the two kinds of decision letter), so uploaded templates keep working."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0016_letter_template_in_use"),
    ]

    operations = [
        migrations.RenameField(model_name="lettertemplate", old_name="outcome", new_name="kind"),
        migrations.RenameField(
            model_name="historicallettertemplate", old_name="outcome", new_name="kind"
        ),
    ]
