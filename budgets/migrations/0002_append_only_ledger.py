"""The ledger is append-only in the database itself, and a reversal must undo a real entry.

Forms and services already keep to this; the triggers make it hold for any other client of the
database too (the admin, a shell, a script). TRUNCATE stays possible for the test suite's flush.
"""

from django.db import migrations

APPEND_ONLY_SQL = """
CREATE FUNCTION budgets_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'STAP: % is append-only; book a reversal instead', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON budgets_ledgerentry
  FOR EACH ROW EXECUTE FUNCTION budgets_refuse_change();
CREATE TRIGGER approval_append_only BEFORE UPDATE OR DELETE ON budgets_approval
  FOR EACH ROW EXECUTE FUNCTION budgets_refuse_change();

CREATE FUNCTION budgets_check_reversal() RETURNS trigger AS $$
DECLARE
  target budgets_ledgerentry%ROWTYPE;
BEGIN
  IF NEW.kind = 'reversal' THEN
    SELECT * INTO target FROM budgets_ledgerentry WHERE id = NEW.reverses_id;
    IF target.kind = 'reversal' THEN
      RAISE EXCEPTION 'STAP: a reversal cannot be reversed';
    END IF;
    IF target.budget_id <> NEW.budget_id OR target.amount <> NEW.amount THEN
      RAISE EXCEPTION 'STAP: a reversal undoes its entry exactly, in the same budget';
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_entry_reversal_check BEFORE INSERT ON budgets_ledgerentry
  FOR EACH ROW EXECUTE FUNCTION budgets_check_reversal();
"""

DROP_SQL = """
DROP TRIGGER ledger_entry_reversal_check ON budgets_ledgerentry;
DROP FUNCTION budgets_check_reversal();
DROP TRIGGER approval_append_only ON budgets_approval;
DROP TRIGGER ledger_entry_append_only ON budgets_ledgerentry;
DROP FUNCTION budgets_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_initial")]

    operations = [migrations.RunSQL(APPEND_ONLY_SQL, DROP_SQL)]
