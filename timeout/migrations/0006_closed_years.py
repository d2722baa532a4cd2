"""A year can be closed ("jaar afgesloten"); the database then refuses to re-price it.

The form and the beheer service already refuse it; the trigger makes it hold for any other
client of the database too (the admin, a shell, a script). Closing and reopening stay possible:
each is a change of its own, in history.
"""

import django.db.models.deletion
from django.db import migrations, models

CLOSED_YEAR_SQL = """
CREATE FUNCTION timeout_refuse_repricing_closed_year() RETURNS trigger AS $$
BEGIN
  IF OLD.is_closed AND (NEW.tariff_per_day IS DISTINCT FROM OLD.tariff_per_day
                        OR NEW.day_counting IS DISTINCT FROM OLD.day_counting) THEN
    RAISE EXCEPTION 'STAP: year % is closed; its tariff and day counting stay as they are',
      OLD.year;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER year_settings_closed_year BEFORE UPDATE ON timeout_yearsettings
  FOR EACH ROW EXECUTE FUNCTION timeout_refuse_repricing_closed_year();
"""
DROP_SQL = """
DROP TRIGGER year_settings_closed_year ON timeout_yearsettings;
DROP FUNCTION timeout_refuse_repricing_closed_year();
"""

HELP = "Een afgesloten jaar is verantwoord: tarief en dagen tellen liggen vast."


class Migration(migrations.Migration):
    dependencies = [("timeout", "0005_dutch_labels")]

    operations = [
        migrations.AddField(
            model_name="historicalyearsettings",
            name="is_closed",
            field=models.BooleanField(
                default=False, help_text=HELP, verbose_name="jaar afgesloten"
            ),
        ),
        migrations.AddField(
            model_name="yearsettings",
            name="is_closed",
            field=models.BooleanField(
                default=False, help_text=HELP, verbose_name="jaar afgesloten"
            ),
        ),
        migrations.RunSQL(CLOSED_YEAR_SQL, DROP_SQL),
        # The bed's location gets its Dutch label (the beheer pages show it).
        migrations.AlterField(
            model_name="bed",
            name="location",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="beds",
                to="timeout.location",
                verbose_name="locatie",
            ),
        ),
        migrations.AlterField(
            model_name="historicalbed",
            name="location",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="timeout.location",
                verbose_name="locatie",
            ),
        ),
    ]
