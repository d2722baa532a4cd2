"""Scale data for budgets (`manage.py generate_scale_data`): a budget a year and its ledger."""

from __future__ import annotations

import datetime
from decimal import Decimal

from budgets.models import Approval, Budget, Category, LedgerEntry
from stapteam.models import Organisation
from stapteam.scale_data import Plan, copy_history, execute, last_id, moment, params

NAME = "Flexbudget STAP-team {year} (schaaldata)"
THRESHOLD = Decimal("100.00")
# Expenses above the threshold this recent still wait for the coordinator.
WAITING_DAYS = 14

ENTRY_COLUMNS = """budget_id, kind, amount, booked_on, client_id, category, description, receipt,
  reverses_id, needs_approval, entered_by_id, entered_at, submission_key"""

# Each expense follows a contact: her casemanager spent it for her on that day.
EXPENSES_SQL = f"""
INSERT INTO budgets_ledgerentry ({ENTRY_COLUMNS})
SELECT b.id, 'expense', e.amount, e.day, e.client_id, e.category,
  'Voor haar gekocht of betaald.', '', NULL, e.amount > %(threshold)s, e.author_id,
  {moment("e.day", 10, 8)}, NULL
FROM (
  SELECT client_id, author_id, day,
    CASE WHEN random() < 0.92 THEN round((5 + random() * 90)::numeric, 2)
      ELSE round((100.5 + random() * 200)::numeric, 2) END AS amount,
    (%(categories)s::text[])[1 + floor(random() * cardinality(%(categories)s::text[]))::int]
      AS category
  FROM (
    -- The sample first: random values beside an ORDER BY random() would follow its order.
    SELECT c.client_id, c.author_id, (c.occurred_at AT TIME ZONE %(tz)s)::date AS day
    FROM stapteam_contact c
    WHERE c.id > %(after_contact)s AND c.occurred_at >= %(first_budget)s
      AND (c.occurred_at AT TIME ZONE %(tz)s)::date < %(today)s
    ORDER BY random() LIMIT %(expenses)s
  ) sample
) e
JOIN budgets_budget b ON b.id = ANY(%(budgets)s) AND e.day BETWEEN b.starts_on AND b.ends_on
"""  # noqa: S608 - SQL put together from constants, values are parameters

# The coordinator decided on each expense above the threshold, except the most recent ones.
APPROVALS_SQL = f"""
INSERT INTO budgets_approval (entry_id, approved, note, decided_by_id, decided_at)
SELECT id, ok, CASE WHEN ok THEN '' ELSE 'Past niet binnen de regeling.' END, %(coordinator)s,
  {moment("booked_on + 2", 9, 8)}
FROM (SELECT id, booked_on, random() < 0.9 AS ok FROM budgets_ledgerentry
      WHERE id > %(after_entry)s AND needs_approval
        AND booked_on < %(today)s::date - {WAITING_DAYS}) e
"""  # noqa: S608 - SQL put together from constants, values are parameters

REVERSALS_SQL = f"""
INSERT INTO budgets_ledgerentry ({ENTRY_COLUMNS})
SELECT budget_id, 'reversal', amount, least(booked_on + 3, %(today)s::date), client_id, '',
  'Dubbel geboekt.', '', id, false, %(coordinator)s,
  {moment("least(booked_on + 3, %(today)s::date)", 10, 8)}, NULL
FROM (SELECT * FROM budgets_ledgerentry
      WHERE id > %(after_entry)s AND kind = 'expense' AND NOT needs_approval
      ORDER BY random() LIMIT %(reversals)s) e
"""  # noqa: S608 - SQL put together from constants, values are parameters

# The year's grant, booked on its first day: what was spent and what waits, and a margin.
GRANTS_SQL = f"""
INSERT INTO budgets_ledgerentry ({ENTRY_COLUMNS})
SELECT b.id, 'grant', ceil(coalesce(sum(e.amount), 0) * 1.2 / 100) * 100 + 1000, b.starts_on,
  NULL, '', 'Subsidiebeschikking gemeente Nijmegen', '', NULL, false, %(coordinator)s,
  {moment("b.starts_on", 9, 1)}, NULL
FROM budgets_budget b
LEFT JOIN budgets_ledgerentry e ON e.budget_id = b.id AND e.kind = 'expense'
WHERE b.id = ANY(%(budgets)s)
GROUP BY b.id, b.starts_on
"""  # noqa: S608 - SQL put together from constants, values are parameters

# The kept sums, as budgets/services.py keeps them and `reconcile_budgets` checks them.
KEPT_SQL = """
UPDATE budgets_budget b SET kept_balance = s.balance, kept_pending = s.pending
FROM (
  SELECT e.budget_id,
    coalesce(sum(CASE WHEN e.kind = 'grant' THEN e.amount
                      WHEN e.kind = 'expense' THEN -e.amount
                      WHEN r.kind = 'grant' THEN -e.amount
                      ELSE e.amount END)
      FILTER (WHERE e.kind <> 'expense' OR NOT e.needs_approval OR a.approved), 0) AS balance,
    coalesce(sum(e.amount)
      FILTER (WHERE e.kind = 'expense' AND e.needs_approval AND a.id IS NULL), 0) AS pending
  FROM budgets_ledgerentry e
  LEFT JOIN budgets_ledgerentry r ON r.id = e.reverses_id
  LEFT JOIN budgets_approval a ON a.entry_id = e.id
  WHERE e.budget_id = ANY(%(budgets)s)
  GROUP BY e.budget_id
) s
WHERE b.id = s.budget_id
"""


def build(plan: Plan) -> dict[str, int]:
    budgets = _budgets(plan)
    after_entry, after_approval = last_id(LedgerEntry), last_id(Approval)
    reversals = plan.size.ledger_entries // 100
    values = params(
        plan,
        budgets=[budget.pk for budget in budgets],
        first_budget=budgets[0].starts_on,
        threshold=THRESHOLD,
        categories=list(Category.values),
        after_contact=plan.contacts_before,
        after_entry=after_entry,
        expenses=plan.size.ledger_entries - len(budgets) - reversals,
        reversals=reversals,
    )
    counts = {"budgets": len(budgets), "ledger entries": execute(EXPENSES_SQL, values)}
    counts["approvals"] = execute(APPROVALS_SQL, values)
    counts["ledger entries"] += execute(REVERSALS_SQL, values)
    counts["ledger entries"] += execute(GRANTS_SQL, values)
    execute(KEPT_SQL, values)
    counts["history rows"] = copy_history(
        LedgerEntry,
        values,
        after_id=after_entry,
        date_sql="t.entered_at",
        user_sql="t.entered_by_id",
    ) + copy_history(
        Approval,
        values,
        after_id=after_approval,
        date_sql="t.decided_at",
        user_sql="t.decided_by_id",
    )
    return counts


def _budgets(plan: Plan) -> list[Budget]:
    """A budget a year, kept by the ORM (a handful of rows: their history is written as usual)."""
    spenders = list(Organisation.objects.filter(name__in=["IrisZorg", "Leger des Heils"]))
    made = []
    for year in plan.years:
        budget = Budget.objects.create(
            name=NAME.format(year=year),
            organisation=spenders[0],
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
            approval_threshold=THRESHOLD,
        )
        budget.spending_organisations.set(spenders)
        made.append(budget)
    return made
