"""Reference data for the caseload: life domain lists, network partners, the settings row;
and the database refusing changes to ZRM assessments (a dated snapshot is never overwritten)."""

from django.db import migrations

# Nijmegen's 12 (ZRM 2017 with basale and instrumentele ADL merged) and the standard ZRM 2017.
NIJMEGEN_12 = [
    ("inkomen", "Inkomen"),
    ("werk_opleiding", "Werk & opleiding"),
    ("tijdsbesteding", "Tijdsbesteding"),
    ("huisvesting", "Huisvesting"),
    ("huiselijke_relaties", "Huiselijke relaties"),
    ("geestelijke_gezondheid", "Geestelijke gezondheid"),
    ("lichamelijke_gezondheid", "Lichamelijke gezondheid"),
    ("middelengebruik", "Middelengebruik"),
    ("adl", "ADL-vaardigheden"),
    ("sociaal_netwerk", "Sociaal netwerk"),
    ("maatschappelijke_participatie", "Maatschappelijke participatie"),
    ("justitie", "Justitie"),
]
ZRM_2017_13 = [
    ("financien", "Financiën"),
    ("werk_opleiding", "Werk & opleiding"),
    ("tijdsbesteding", "Tijdsbesteding"),
    ("huisvesting", "Huisvesting"),
    ("huiselijke_relaties", "Huiselijke relaties"),
    ("geestelijke_gezondheid", "Geestelijke gezondheid"),
    ("lichamelijke_gezondheid", "Lichamelijke gezondheid"),
    ("middelengebruik", "Middelengebruik"),
    ("basale_adl", "Basale ADL"),
    ("instrumentele_adl", "Instrumentele ADL"),
    ("sociaal_netwerk", "Sociaal netwerk"),
    ("maatschappelijke_participatie", "Maatschappelijke participatie"),
    ("justitie", "Justitie"),
]
PARTNERS = [
    "GGD",
    "Pro Persona",
    "Politie",
    "Huis op de Muur",
    "Overweeghuis",
    "De Cirkel",
    "Anders",
]

APPEND_ONLY_SQL = """
CREATE FUNCTION stapteam_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'STAP: % is append-only; record a new assessment instead', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER zrm_assessment_append_only BEFORE UPDATE OR DELETE ON stapteam_zrmassessment
  FOR EACH ROW EXECUTE FUNCTION stapteam_refuse_change();
CREATE TRIGGER zrm_score_append_only BEFORE UPDATE OR DELETE ON stapteam_zrmscore
  FOR EACH ROW EXECUTE FUNCTION stapteam_refuse_change();
"""
DROP_APPEND_ONLY_SQL = """
DROP TRIGGER zrm_score_append_only ON stapteam_zrmscore;
DROP TRIGGER zrm_assessment_append_only ON stapteam_zrmassessment;
DROP FUNCTION stapteam_refuse_change();
"""


def load_data(apps, schema_editor):
    DomainSet = apps.get_model("stapteam", "DomainSet")
    LifeDomain = apps.get_model("stapteam", "LifeDomain")
    NetworkPartner = apps.get_model("stapteam", "NetworkPartner")
    CaseloadSettings = apps.get_model("stapteam", "CaseloadSettings")
    for code, name, is_default, domains in [
        ("nijmegen-12", "Nijmegen (12 leefgebieden)", True, NIJMEGEN_12),
        ("zrm-2017-13", "ZRM 2017 (13 leefgebieden)", False, ZRM_2017_13),
    ]:
        domain_set, _ = DomainSet.objects.get_or_create(
            code=code, defaults={"name": name, "is_default": is_default}
        )
        for order, (domain_code, domain_name) in enumerate(domains, start=1):
            LifeDomain.objects.get_or_create(
                domain_set=domain_set,
                code=domain_code,
                defaults={"name": domain_name, "order": order},
            )
    for order, name in enumerate(PARTNERS):
        NetworkPartner.objects.get_or_create(name=name, defaults={"order": order})
    CaseloadSettings.objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("stapteam", "0004_caseload")]

    operations = [
        migrations.RunPython(load_data, migrations.RunPython.noop),
        migrations.RunSQL(APPEND_ONLY_SQL, DROP_APPEND_ONLY_SQL),
    ]
