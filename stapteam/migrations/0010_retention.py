"""Retention categories (with default terms), the append-only destruction record, legal hold on
a client, and care subject-access requests. Written by makemigrations, plus the data and trigger
at the end."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# Copied, not imported: a migration keeps the values it was written with.
DEFAULT_CATEGORIES = [
    {
        "code": "care_file",
        "name": "Zorgdossier",
        "records": "Cliënt, contacten, doelen, trajecten, overdrachten, opschalingen, inzage met reden, time-outaanvragen",
        "clock": "de dag waarop het dossier is afgesloten",
        "term_years": 15,
        "legal_basis": "Wmo 2015 art. 5.3.4 (15 jaar); 20 jaar als een WGBO-behandeldossier geldt (BW 7:454)",
        "action": "anonymise",
    },
    {
        "code": "registration_file",
        "name": "Registratiedossier tippelzone",
        "records": "Persoon, aanvragen, adviezen, besluiten, registraties, bezwaren, e-mails en bijlagen",
        "clock": "de laatste dag van haar laatste registratie (einde of vervaldatum)",
        "term_years": 2,
        "legal_basis": "APV Nijmegen en Awb; termijn gekozen ná bezwaar en beroep (Selectielijst gemeenten)",
        "action": "anonymise",
    },
    {
        "code": "registration_request_closed",
        "name": "Ingetrokken of geweigerde aanvraag registratie",
        "records": "Aanvraag, e-mails en bijlagen; de persoon als zij verder niets heeft",
        "clock": "intrekking (laatste wijziging) of bekendmaking van de weigering",
        "term_weeks": 6,
        "legal_basis": "AVG art. 5 lid 1 onder e; 6 weken = de bezwaartermijn (Awb 6:7)",
        "action": "anonymise",
    },
    {
        "code": "timeout_request_closed",
        "name": "Ingetrokken of afgewezen time-outaanvraag",
        "records": "Reden en toelichting van de aanvraag",
        "clock": "de beoordeling (of de aanvraag, als die er niet is)",
        "term_years": 1,
        "legal_basis": "AVG art. 5 lid 1 onder e (opslagbeperking)",
        "action": "anonymise",
    },
    {
        "code": "access_log",
        "name": "Toegangslog (NEN 7513)",
        "records": "Regels van het toegangslog",
        "clock": "het tijdstip van de toegang",
        "term_years": 5,
        "legal_basis": "NEN 7513; termijn uit de instelling ACCESS_LOG_RETENTION_YEARS",
        "action": "delete",
    },
]


def load_categories(apps, schema_editor):
    RetentionCategory = apps.get_model("stapteam", "RetentionCategory")
    for values in DEFAULT_CATEGORIES:
        RetentionCategory.objects.get_or_create(code=values["code"], defaults=values)


def unload_categories(apps, schema_editor):
    apps.get_model("stapteam", "RetentionCategory").objects.all().delete()


APPEND_ONLY = """
CREATE FUNCTION stapteam_destruction_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'STAP: % is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER destruction_record_append_only BEFORE UPDATE OR DELETE ON stapteam_destructionrecord
  FOR EACH ROW EXECUTE FUNCTION stapteam_destruction_refuse_change();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER destruction_record_append_only ON stapteam_destructionrecord;
DROP FUNCTION stapteam_destruction_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("stapteam", "0009_access_log"),
    ]

    operations = [
        migrations.CreateModel(
            name="DestructionRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("category", models.CharField(max_length=40, verbose_name="categorie")),
                ("object_type", models.CharField(max_length=60, verbose_name="soort gegeven")),
                ("object_id", models.CharField(max_length=40, verbose_name="id")),
                (
                    "client_code",
                    models.CharField(blank=True, max_length=12, verbose_name="cliëntcode"),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[("anonymised", "geanonimiseerd"), ("deleted", "verwijderd")],
                        max_length=10,
                        verbose_name="handeling",
                    ),
                ),
                ("destroyed_on", models.DateField(verbose_name="datum")),
                ("destroyed_at", models.DateTimeField(auto_now_add=True, verbose_name="tijdstip")),
                (
                    "destroyed_by",
                    models.CharField(default="apply_retention", max_length=60, verbose_name="door"),
                ),
                (
                    "related_rows",
                    models.PositiveIntegerField(default=0, verbose_name="bijbehorende rijen"),
                ),
            ],
            options={
                "verbose_name": "vernietigingsregel",
                "verbose_name_plural": "vernietigingsregister",
                "ordering": ["-destroyed_at", "-id"],
                "default_permissions": ("view",),
            },
        ),
        migrations.CreateModel(
            name="HistoricalRetentionCategory",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(editable=False, max_length=40, verbose_name="code")),
                ("name", models.CharField(max_length=120, verbose_name="naam")),
                ("records", models.CharField(max_length=300, verbose_name="gegevens")),
                ("clock", models.CharField(max_length=200, verbose_name="termijn begint bij")),
                (
                    "term_years",
                    models.PositiveSmallIntegerField(
                        default=0,
                        validators=[django.core.validators.MaxValueValidator(100)],
                        verbose_name="bewaartermijn (jaren)",
                    ),
                ),
                (
                    "term_weeks",
                    models.PositiveSmallIntegerField(
                        default=0,
                        validators=[django.core.validators.MaxValueValidator(520)],
                        verbose_name="plus weken",
                    ),
                ),
                ("legal_basis", models.CharField(max_length=300, verbose_name="grondslag")),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("anonymise", "Anonimiseren (cijfers blijven)"),
                            ("delete", "Verwijderen"),
                        ],
                        max_length=10,
                        verbose_name="wat er gebeurt",
                    ),
                ),
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
                "verbose_name": "historical bewaartermijn",
                "verbose_name_plural": "historical bewaartermijnen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
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
                "verbose_name": "historical inzageverzoek zorg",
                "verbose_name_plural": "historical inzageverzoeken zorg",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="RetentionCategory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.SlugField(
                        editable=False, max_length=40, unique=True, verbose_name="code"
                    ),
                ),
                ("name", models.CharField(max_length=120, verbose_name="naam")),
                ("records", models.CharField(max_length=300, verbose_name="gegevens")),
                ("clock", models.CharField(max_length=200, verbose_name="termijn begint bij")),
                (
                    "term_years",
                    models.PositiveSmallIntegerField(
                        default=0,
                        validators=[django.core.validators.MaxValueValidator(100)],
                        verbose_name="bewaartermijn (jaren)",
                    ),
                ),
                (
                    "term_weeks",
                    models.PositiveSmallIntegerField(
                        default=0,
                        validators=[django.core.validators.MaxValueValidator(520)],
                        verbose_name="plus weken",
                    ),
                ),
                ("legal_basis", models.CharField(max_length=300, verbose_name="grondslag")),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("anonymise", "Anonimiseren (cijfers blijven)"),
                            ("delete", "Verwijderen"),
                        ],
                        max_length=10,
                        verbose_name="wat er gebeurt",
                    ),
                ),
            ],
            options={
                "verbose_name": "bewaartermijn",
                "verbose_name_plural": "bewaartermijnen",
                "ordering": ["name"],
            },
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
                "verbose_name": "inzageverzoek zorg",
                "verbose_name_plural": "inzageverzoeken zorg",
                "ordering": ["due_on", "id"],
                "permissions": [("handle_subject_access", "Inzageverzoeken (zorg) behandelen")],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="client",
            name="legal_hold",
            field=models.BooleanField(
                default=False,
                help_text="Bijv. een lopende rechtszaak of klacht: de bewaartermijn staat stil.",
                verbose_name="bewaarplicht (niet vernietigen)",
            ),
        ),
        migrations.AddField(
            model_name="client",
            name="legal_hold_reason",
            field=models.CharField(blank=True, max_length=300, verbose_name="reden bewaarplicht"),
        ),
        migrations.AddField(
            model_name="historicalclient",
            name="legal_hold",
            field=models.BooleanField(
                default=False,
                help_text="Bijv. een lopende rechtszaak of klacht: de bewaartermijn staat stil.",
                verbose_name="bewaarplicht (niet vernietigen)",
            ),
        ),
        migrations.AddField(
            model_name="historicalclient",
            name="legal_hold_reason",
            field=models.CharField(blank=True, max_length=300, verbose_name="reden bewaarplicht"),
        ),
        migrations.AddConstraint(
            model_name="client",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("legal_hold", False),
                    models.Q(("legal_hold_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="client_legal_hold_has_reason",
                violation_error_message="Geef de reden van de bewaarplicht.",
            ),
        ),
        migrations.AddIndex(
            model_name="destructionrecord",
            index=models.Index(
                fields=["category", "object_type", "object_id"], name="destruction_obj"
            ),
        ),
        migrations.AddField(
            model_name="historicalretentioncategory",
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
            name="client",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="stapteam.client",
                verbose_name="cliënt",
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
        migrations.AddConstraint(
            model_name="retentioncategory",
            constraint=models.CheckConstraint(
                condition=models.Q(("term_years__gt", 0), ("term_weeks__gt", 0), _connector="OR"),
                name="retention_term_not_zero",
                violation_error_message="Een bewaartermijn is langer dan nul.",
            ),
        ),
        migrations.AddConstraint(
            model_name="retentioncategory",
            constraint=models.CheckConstraint(
                condition=models.Q(("term_weeks__lte", 520), ("term_years__lte", 100)),
                name="retention_term_range",
            ),
        ),
        migrations.AddField(
            model_name="subjectaccessrequest",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="access_requests",
                to="stapteam.client",
                verbose_name="cliënt",
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
                name="care_access_request_due_after_received",
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
                name="care_access_request_handled_together",
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
                name="care_access_request_representative_named",
            ),
        ),
        migrations.RunPython(load_categories, unload_categories),
        migrations.RunSQL(APPEND_ONLY, DROP_APPEND_ONLY),
    ]
