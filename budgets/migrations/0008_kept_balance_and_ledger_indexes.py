"""Each budget keeps its balance and pending total on its row (filled here from the ledger), so a
booking no longer sums the whole ledger; indexes for the budget's and her own entries, newest first.
"""

from decimal import Decimal

from django.conf import settings
from django.db import migrations, models

# The sums of budgets/models.py (EntryQuerySet.counted, with_signed_amount, pending), in SQL.
FILL_FROM_LEDGER = """
UPDATE budgets_budget AS b SET kept_balance = s.balance, kept_pending = s.pending
FROM (
  SELECT e.budget_id,
    COALESCE(SUM(CASE WHEN e.kind = 'grant' THEN e.amount
                      WHEN e.kind = 'expense' THEN -e.amount
                      WHEN t.kind = 'grant' THEN -e.amount
                      ELSE e.amount END)
      FILTER (WHERE e.kind <> 'expense' OR NOT e.needs_approval OR a.approved), 0) AS balance,
    COALESCE(SUM(e.amount)
      FILTER (WHERE e.kind = 'expense' AND e.needs_approval AND a.id IS NULL), 0) AS pending
  FROM budgets_ledgerentry AS e
  LEFT JOIN budgets_ledgerentry AS t ON t.id = e.reverses_id
  LEFT JOIN budgets_approval AS a ON a.entry_id = e.id
  GROUP BY e.budget_id
) AS s
WHERE s.budget_id = b.id;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0007_budget_messages"),
        ("stapteam", "0026_no_staff_for_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="budget",
            name="kept_balance",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0.00"),
                editable=False,
                max_digits=12,
                verbose_name="saldo",
            ),
        ),
        migrations.AddField(
            model_name="budget",
            name="kept_pending",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0.00"),
                editable=False,
                max_digits=12,
                verbose_name="wacht op goedkeuring",
            ),
        ),
        migrations.RunSQL(FILL_FROM_LEDGER, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(fields=["budget", "-booked_on", "-id"], name="entry_budget_recent"),
        ),
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(
                fields=["entered_by", "-booked_on", "-id"], name="entry_author_recent"
            ),
        ),
        migrations.AddConstraint(
            model_name="budget",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kept_balance__gte", models.F("kept_pending")), ("kept_pending__gte", 0)
                ),
                name="budget_kept_balance_covers_pending",
                violation_error_message="Het saldo van een budget is nooit lager dan wat op goedkeuring wacht.",
            ),
        ),
    ]
