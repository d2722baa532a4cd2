"""The NEN 7513 access log, append-only in the database itself.

The trigger refuses every UPDATE, and every DELETE except in a transaction that first ran
`SET LOCAL stap.retention = 'on'`: the retention command's purge of rows past their term.
TRUNCATE stays possible for the test suite's flush.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import stapteam.models.audit

APPEND_ONLY_SQL = """
CREATE FUNCTION stapteam_access_log_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('stap.retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'STAP: % is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON stapteam_accesslogentry
  FOR EACH ROW EXECUTE FUNCTION stapteam_access_log_refuse_change();
"""
DROP_APPEND_ONLY_SQL = """
DROP TRIGGER access_log_append_only ON stapteam_accesslogentry;
DROP FUNCTION stapteam_access_log_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("stapteam", "0008_settings_ranges_and_monitoring"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessLogEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(
                        db_index=True,
                        default=stapteam.models.audit._now_to_the_second,
                        verbose_name="tijdstip (UTC)",
                    ),
                ),
                ("roles", models.CharField(blank=True, max_length=200, verbose_name="rollen")),
                (
                    "organisation",
                    models.CharField(blank=True, max_length=200, verbose_name="organisatie"),
                ),
                ("object_type", models.CharField(max_length=40, verbose_name="soort gegeven")),
                ("object_id", models.CharField(blank=True, max_length=40, verbose_name="id")),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("create", "aangemaakt"),
                            ("read", "ingezien"),
                            ("update", "gewijzigd"),
                            ("delete", "verwijderd"),
                            ("export", "geëxporteerd"),
                            ("search", "gezocht"),
                            ("print", "afgedrukt"),
                        ],
                        max_length=10,
                        verbose_name="handeling",
                    ),
                ),
                (
                    "result",
                    models.CharField(
                        choices=[("allowed", "toegestaan"), ("denied", "geweigerd")],
                        default="allowed",
                        max_length=10,
                        verbose_name="resultaat",
                    ),
                ),
                (
                    "source_address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="adres"),
                ),
                ("reason", models.CharField(blank=True, max_length=300, verbose_name="reden")),
                (
                    "client",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="stapteam.client",
                        verbose_name="cliënt",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gebruiker",
                    ),
                ),
            ],
            options={
                "verbose_name": "toegangslogregel",
                "verbose_name_plural": "toegangslog",
                "ordering": ["-at", "-id"],
                "permissions": [("view_access_log", "Mag het toegangslog inzien")],
                "default_permissions": ("view",),
                "indexes": [
                    models.Index(fields=["client", "-at"], name="access_log_client_at"),
                    models.Index(fields=["user", "-at"], name="access_log_user_at"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "action__in",
                                ["create", "read", "update", "delete", "export", "search", "print"],
                            )
                        ),
                        name="access_log_action_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("result__in", ["allowed", "denied"])),
                        name="access_log_result_valid",
                    ),
                ],
            },
        ),
        migrations.RunSQL(APPEND_ONLY_SQL, DROP_APPEND_ONLY_SQL),
    ]
