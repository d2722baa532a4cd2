"""The settings row, refusal grounds, and the database enforcing the daily day-pass cap."""

from django.db import migrations

REFUSAL_GROUNDS = [
    "Niet voldaan aan de zorgvoorwaarde",
    "Aanvraag onvolledig, niet aangevuld",
    "Minderjarig",
    "Geen geldig identiteitsbewijs",
    "Openbare orde",
]

CAP_TRIGGER_SQL = """
CREATE FUNCTION registrations_day_pass_cap() RETURNS trigger AS $$
DECLARE
  cap integer;
  issued integer;
BEGIN
  -- One issuer at a time per day, so that two at the gate cannot both take the last pass.
  PERFORM pg_advisory_xact_lock(hashtext('registrations_daypass'), NEW.day - DATE '2000-01-01');
  SELECT day_pass_cap INTO cap FROM registrations_registrationsettings WHERE id = 1;
  SELECT count(*) INTO issued FROM registrations_daypass WHERE day = NEW.day;
  IF issued >= COALESCE(cap, 20) THEN
    RAISE EXCEPTION 'day pass cap % reached for %', COALESCE(cap, 20), NEW.day
      USING ERRCODE = 'check_violation', CONSTRAINT = 'day_pass_cap';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER day_pass_cap BEFORE INSERT ON registrations_daypass
  FOR EACH ROW EXECUTE FUNCTION registrations_day_pass_cap();
"""
DROP_CAP_TRIGGER_SQL = """
DROP TRIGGER day_pass_cap ON registrations_daypass;
DROP FUNCTION registrations_day_pass_cap();
"""


def load_data(apps, schema_editor):
    RegistrationSettings = apps.get_model("registrations", "RegistrationSettings")
    RefusalGround = apps.get_model("registrations", "RefusalGround")
    RegistrationSettings.objects.get_or_create(id=1)
    for name in REFUSAL_GROUNDS:
        RefusalGround.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("registrations", "0001_initial")]

    operations = [
        migrations.RunPython(load_data, migrations.RunPython.noop),
        migrations.RunSQL(CAP_TRIGGER_SQL, DROP_CAP_TRIGGER_SQL),
    ]
