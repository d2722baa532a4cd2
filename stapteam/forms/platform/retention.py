"""The filters of the destruction register: the retention category and a client code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import StapForm
from stapteam.models import DestructionRecord, RetentionCategory


def _categories() -> list[tuple[str, str]]:
    names = RetentionCategory.objects.order_by("name").values_list("code", "name")
    return [("", str(_("Alle categorieën"))), *names]


class DestructionFilterForm(StapForm):
    categorie = forms.ChoiceField(
        label=_("Categorie"),
        choices=_categories,
        required=False,
        error_messages={"invalid_choice": _("Kies een categorie uit de lijst.")},
    )
    clientcode = forms.CharField(
        label=_("Cliëntcode"),
        max_length=12,
        required=False,
        help_text=_("De hele code, bijvoorbeeld STAP-0123."),
    )

    def filtered(self, records: QuerySet[DestructionRecord]) -> QuerySet[DestructionRecord]:
        """The records the filters let through; with wrong filters, none (the page says why)."""
        if not self.is_valid():
            return records.none()
        data: dict[str, Any] = self.cleaned_data
        if data["categorie"]:
            records = records.filter(category=data["categorie"])
        if data["clientcode"]:
            records = records.filter(client_code__iexact=data["clientcode"].strip())
        return records
