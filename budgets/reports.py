"""The flexbudget section of the Rapportage, from the budget report (budgets/report.py)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.report import budget_report
from stapteam.reports.sections import Figure, Section, register_report_section


def budget_section(start: datetime.date, end: datetime.date, on: datetime.date) -> Section:
    """Flexbudget granted, spent, pending and left over in the period, for all organisations."""
    totals = budget_report(first=start, last=end, organisation=None).totals
    return Section(
        "flexbudget",
        gettext_lazy("Flexbudget"),
        [
            Figure(_("Beginsaldo"), totals.opening),
            Figure(_("Toegekend"), totals.granted),
            Figure(_("Besteed"), totals.spent),
            Figure(_("In afwachting van goedkeuring"), totals.pending),
            Figure(_("Eindsaldo"), totals.remaining),
        ],
        gettext_lazy(
            "Zoals in de budgetrapportage: terugboekingen eraf, wachtende uitgaven tellen nog "
            "niet mee."
        ),
    )


def register() -> None:
    register_report_section(budget_section)
