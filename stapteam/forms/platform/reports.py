"""The period and reference date of a report."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import StapForm, date_field
from stapteam.platform.date_bounds import PLANNED


class ReportPeriodForm(StapForm):
    van = date_field(_("Van"), PLANNED)
    tot = date_field(_("Tot en met"), PLANNED)
    peildatum = date_field(_("Peildatum"), PLANNED)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, on = data.get("van"), data.get("tot"), data.get("peildatum")
        if start and end and start > end:
            self.add_error("tot", _("De einddatum moet op of na de begindatum liggen."))
        if start and end and end - start > datetime.timedelta(days=366 * 10):
            self.add_error("tot", _("Een rapportage beslaat hoogstens tien jaar."))
        if start and on and on < start:
            self.add_error("peildatum", _("De peildatum moet op of na de begindatum liggen."))
        return data


def default_period(today: datetime.date | None = None) -> dict[str, str]:
    """This calendar year up to today, with today as the reference date."""
    today = today or timezone.localdate()
    start = datetime.date(today.year, 1, 1)
    return {"van": start.isoformat(), "tot": today.isoformat(), "peildatum": today.isoformat()}


class ReportSnapshotForm(ReportPeriodForm):
    """ "Vastleggen": the period on the page (hidden) and a short description."""

    omschrijving = forms.CharField(
        label=_("Omschrijving"),
        max_length=80,
        required=False,
        help_text=_("Niet verplicht, bijvoorbeeld “Kwartaal 3 2026”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("van", "tot", "peildatum"):
            self.fields[name].widget = forms.HiddenInput()
