"""The registrations' section of the Rapportage, composed from the counts page's computation."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrations.views.reports import period_counts
from stapteam.reports.sections import Figure, Section, register_report_section


def registration_section(start: datetime.date, end: datetime.date, on: datetime.date) -> Section:
    """Granted, refused, ended (and how), objections and valid registrations, in six queries."""
    n = period_counts(start, end, on)
    return Section(
        "registraties",
        gettext_lazy("Tippelzoneregistraties"),
        [
            Figure(_("Aanvragen ontvangen"), n["requests_total"]),
            Figure(_("Verleend"), n["granted"]),
            Figure(_("Geweigerd"), n["refused"]),
            Figure(_("Beëindigd"), n["ended_total"]),
            *(
                Figure(_("Beëindigd: %(reason)s") % {"reason": str(label).lower()}, count, True)
                for label, count in n["ended_by_reason"]
            ),
            Figure(_("Bezwaren ontvangen"), n["objections_total"]),
            *(
                Figure(_("Bezwaar: %(outcome)s") % {"outcome": str(label).lower()}, count, True)
                for label, count in n["objections_by_outcome"]
            ),
            Figure(_("Vrouwen met een geldige registratie op de peildatum"), n["active"]),
        ],
    )


def register() -> None:
    register_report_section(registration_section)
