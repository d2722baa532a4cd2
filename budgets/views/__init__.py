"""Pages of budgets: ledger.py for bookings and approvals, report.py for the budget report."""
