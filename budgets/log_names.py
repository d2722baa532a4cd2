"""How the access log names budget records: kind, day and amount, never the description."""

from __future__ import annotations

from django.utils.translation import gettext as _

from budgets.models import LedgerEntry
from stapteam.platform.formats import day_date, euro
from stapteam.platform.log_names import ids_of, register_log_names


def _entries(object_ids: list[str]) -> dict[str, str]:
    kinds = dict(LedgerEntry.Kind.choices)
    rows = LedgerEntry.objects.filter(pk__in=ids_of(object_ids)).values_list(
        "pk", "kind", "booked_on", "amount"
    )
    return {
        str(pk): _("%(kind)s van %(day)s, %(amount)s")
        % {"kind": kinds.get(kind, kind), "day": day_date(day), "amount": euro(amount)}
        for pk, kind, day, amount in rows
    }


def _reports(object_ids: list[str]) -> dict[str, str]:
    """The export's format is its id: no query."""
    formats = {"csv": _("Budgetrapportage als CSV"), "xlsx": _("Budgetrapportage als Excel")}
    return {i: formats[i] for i in object_ids if i in formats}


def register() -> None:
    register_log_names("ledger_entry", _entries)
    register_log_names("budget_report", _reports)
