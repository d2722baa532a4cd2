"""Indexes for the team list (order, code prefix) and for contacts by period and by author."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stapteam", "0027_report_snapshots"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="client",
            index=models.Index(fields=["call_name", "code"], name="client_list_order"),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("code"), name="text_pattern_ops"
                ),
                name="client_code_upper_prefix",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["occurred_at"], name="contact_occurred_at"),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["author", "occurred_at"], name="contact_author_occurred"),
        ),
    ]
