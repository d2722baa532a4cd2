"""The time-out section of the Rapportage, from timeout/costs.py (every cost comes from there)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stapteam.reports.sections import Figure, Section, register_report_section
from timeout.costs import all_year_settings, costs_in_year, spending_in_period
from timeout.models import Stay


def timeout_section(start: datetime.date, end: datetime.date, on: datetime.date) -> Section:
    """Stays begun in the period, their days and cost, and the reference year's budget."""
    spending = spending_in_period(start, end)
    year = on.year
    settings = all_year_settings().get(year)
    _days, year_cost = costs_in_year(year)
    figures = [
        Figure(
            _("Verblijven begonnen in de periode"),
            Stay.objects.filter(start__range=(start, end)).count(),
        ),
        Figure(_("Dagen in de periode"), spending.days),
        Figure(_("Kosten in de periode"), spending.cost),
    ]
    if spending.granted is not None:
        figures.append(Figure(_("Budget van de periode"), spending.granted))
    figures += [
        Figure(_("Kosten in %(year)s") % {"year": year}, year_cost),
        Figure(_("Budget %(year)s") % {"year": year}, settings.budget if settings else None),
    ]
    return Section(
        "time-out",
        gettext_lazy("Time-out"),
        figures,
        gettext_lazy(
            "Elke dag tegen het tarief van zijn eigen jaar; geen budget: het jaar heeft nog "
            "geen instellingen."
        ),
    )


def register() -> None:
    register_report_section(timeout_section)
