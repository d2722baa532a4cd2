"""Shared pieces of forms: the date widget and the bounds of a plausible date."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Dates before this are typing mistakes (and far-off years break date arithmetic).
EARLIEST_YEAR = 2000


def refuse_odd_dates(form: forms.BaseForm, data: dict[str, Any], *names: str) -> None:
    for name in names:
        value = data.get(name)
        if value and not EARLIEST_YEAR <= value.year <= timezone.localdate().year + 10:
            form.add_error(name, _("Vul een datum tussen 2000 en over tien jaar in."))
