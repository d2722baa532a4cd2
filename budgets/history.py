"""Ledger entries on stapteam's generic history page (/historie/<kind>/<pk>/)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from budgets import access
from budgets.models import LedgerEntry
from stapteam.platform.history import HistoryKind, register_history_kind


def register() -> None:
    register_history_kind(
        "boeking",
        HistoryKind(
            model=LedgerEntry,
            labels={"budget": _("budget")},
            fetch=lambda user, pk: access.get_entry_for(user, pk, action="history"),
            back_url=lambda obj: reverse("budgets:my_entries"),
        ),
    )
