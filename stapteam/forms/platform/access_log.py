"""The filters of the access log: period, user, action, kind and result."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import StapForm, date_field
from stapteam.models import AccessLogEntry, User
from stapteam.models.audit import OBJECT_TYPE_LABELS
from stapteam.platform.date_bounds import HAPPENED

Action = AccessLogEntry.Action
Result = AccessLogEntry.Result


def _kinds() -> list[tuple[str, str]]:
    labels = sorted((str(label).capitalize(), code) for code, label in OBJECT_TYPE_LABELS.items())
    return [("", str(_("Alle soorten"))), *((code, label) for label, code in labels)]


def _start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of a day in Nijmegen: the log is kept in UTC, she thinks in local days."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class LogFilterForm(StapForm):
    vanaf = date_field(_("Van"), HAPPENED, required=False)
    tot_en_met = date_field(_("Tot en met"), HAPPENED, required=False)
    gebruiker = forms.ModelChoiceField(
        label=_("Gebruiker"),
        queryset=User.objects.order_by("first_name", "last_name", "username"),
        required=False,
        empty_label=_("Alle gebruikers"),
        error_messages={"invalid_choice": _("Kies een gebruiker uit de lijst.")},
    )
    handeling = forms.ChoiceField(
        label=_("Handeling"),
        choices=[("", _("Alle handelingen")), *Action.choices],
        required=False,
        error_messages={"invalid_choice": _("Kies een handeling uit de lijst.")},
    )
    soort = forms.ChoiceField(
        label=_("Soort gegeven"),
        choices=_kinds,
        required=False,
        error_messages={"invalid_choice": _("Kies een soort gegeven uit de lijst.")},
    )
    resultaat = forms.ChoiceField(
        label=_("Resultaat"),
        choices=[("", _("Toegestaan en geweigerd")), *Result.choices],
        required=False,
        error_messages={"invalid_choice": _("Kies toegestaan of geweigerd.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("vanaf"), data.get("tot_en_met")
        if first and last and last < first:
            self.add_error("tot_en_met", _("De einddatum moet op of na de begindatum liggen."))
        return data

    def is_filtering(self) -> bool:
        """Whether she narrowed the log down: then her reading is a search."""
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)

    def filtered(self, entries: QuerySet[AccessLogEntry]) -> QuerySet[AccessLogEntry]:
        """The rows the valid filters leave (a filter with an error is shown, not applied).
        Dates as a range on the column, so the index on `at` serves them."""
        self.is_valid()  # bound to request.GET: every filter is optional
        data = self.cleaned_data
        if data.get("vanaf"):
            entries = entries.filter(at__gte=_start_of(data["vanaf"]))
        if data.get("tot_en_met"):
            next_day = data["tot_en_met"] + datetime.timedelta(days=1)
            entries = entries.filter(at__lt=_start_of(next_day))
        if data.get("gebruiker"):
            entries = entries.filter(user=data["gebruiker"])
        if data.get("handeling"):
            entries = entries.filter(action=data["handeling"])
        if data.get("soort"):
            entries = entries.filter(object_type=data["soort"])
        if data.get("resultaat"):
            entries = entries.filter(result=data["resultaat"])
        return entries

    def query(self) -> str:
        """The filters as a query string, for the export link."""
        data = getattr(self, "cleaned_data", {})
        params = {}
        for name in self.fields:
            value = data.get(name)
            if value:
                params[name] = value.pk if isinstance(value, User) else str(value)
        return urlencode(params)
