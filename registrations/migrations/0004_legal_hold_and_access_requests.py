"""Legal hold on a registration person and registration subject-access requests."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0003_letter_templates"),
        ("stapteam", "0010_retention"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalSubjectAccessRequest",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "requested_by",
                    models.CharField(
                        choices=[("self", "Zijzelf"), ("representative", "Gemachtigde")],
                        default="self",
                        max_length=14,
                        verbose_name="verzocht door",
                    ),
                ),
                (
                    "representative",
                    models.CharField(blank=True, max_length=160, verbose_name="naam gemachtigde"),
                ),
                ("received_on", models.DateField(verbose_name="ontvangen op")),
                ("due_on", models.DateField(verbose_name="uiterlijk af op")),
                (
                    "handled_on",
                    models.DateField(blank=True, null=True, verbose_name="afgehandeld op"),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical inzageverzoek registratie",
                "verbose_name_plural": "historical inzageverzoeken registratie",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="SubjectAccessRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "requested_by",
                    models.CharField(
                        choices=[("self", "Zijzelf"), ("representative", "Gemachtigde")],
                        default="self",
                        max_length=14,
                        verbose_name="verzocht door",
                    ),
                ),
                (
                    "representative",
                    models.CharField(blank=True, max_length=160, verbose_name="naam gemachtigde"),
                ),
                ("received_on", models.DateField(verbose_name="ontvangen op")),
                ("due_on", models.DateField(verbose_name="uiterlijk af op")),
                (
                    "handled_on",
                    models.DateField(blank=True, null=True, verbose_name="afgehandeld op"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "inzageverzoek registratie",
                "verbose_name_plural": "inzageverzoeken registratie",
                "ordering": ["due_on", "id"],
                "permissions": [
                    ("handle_subject_access", "Inzageverzoeken (registratie) behandelen")
                ],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="legal_hold",
            field=models.BooleanField(
                default=False,
                help_text="Bijv. een lopend bezwaar of beroep: de bewaartermijn staat stil.",
                verbose_name="bewaarplicht (niet vernietigen)",
            ),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="legal_hold_reason",
            field=models.CharField(blank=True, max_length=300, verbose_name="reden bewaarplicht"),
        ),
        migrations.AddField(
            model_name="person",
            name="legal_hold",
            field=models.BooleanField(
                default=False,
                help_text="Bijv. een lopend bezwaar of beroep: de bewaartermijn staat stil.",
                verbose_name="bewaarplicht (niet vernietigen)",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="legal_hold_reason",
            field=models.CharField(blank=True, max_length=300, verbose_name="reden bewaarplicht"),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("legal_hold", False),
                    models.Q(("legal_hold_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="person_legal_hold_has_reason",
                violation_error_message="Geef de reden van de bewaarplicht.",
            ),
        ),
        migrations.AddField(
            model_name="historicalsubjectaccessrequest",
            name="handled_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="afgehandeld door",
            ),
        ),
        migrations.AddField(
            model_name="historicalsubjectaccessrequest",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalsubjectaccessrequest",
            name="person",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="registrations.person",
                verbose_name="persoon",
            ),
        ),
        migrations.AddField(
            model_name="historicalsubjectaccessrequest",
            name="registered_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="vastgelegd door",
            ),
        ),
        migrations.AddField(
            model_name="subjectaccessrequest",
            name="handled_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="afgehandeld door",
            ),
        ),
        migrations.AddField(
            model_name="subjectaccessrequest",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="access_requests",
                to="registrations.person",
                verbose_name="persoon",
            ),
        ),
        migrations.AddField(
            model_name="subjectaccessrequest",
            name="registered_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="vastgelegd door",
            ),
        ),
        migrations.AddConstraint(
            model_name="subjectaccessrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(("due_on__gt", models.F("received_on"))),
                name="registration_access_request_due_after_received",
            ),
        ),
        migrations.AddConstraint(
            model_name="subjectaccessrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("handled_by__isnull", True), ("handled_on__isnull", True)),
                    models.Q(("handled_by__isnull", False), ("handled_on__isnull", False)),
                    _connector="OR",
                ),
                name="registration_access_request_handled_together",
            ),
        ),
        migrations.AddConstraint(
            model_name="subjectaccessrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("requested_by", "representative"), _negated=True),
                    models.Q(("representative", ""), _negated=True),
                    _connector="OR",
                ),
                name="registration_access_request_representative_named",
            ),
        ),
    ]
