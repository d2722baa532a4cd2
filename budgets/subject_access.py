"""What the flexbudget holds about a client (her expenses), for her subject-access export, with
the Dutch label of every exported field; a receipt goes into the ZIP as an attachment."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from budgets.models import LedgerEntry
from stapteam.models import Client
from stapteam.platform.care_export import HERSELF, register_care_export_provider
from stapteam.platform.formats import day_date, euro
from stapteam.platform.subject_access import Section, Shown, describe, history_section, section


def entry_name(entry: LedgerEntry) -> str:
    return f"{entry.get_kind_display()} {euro(entry.amount)} {day_date(entry.booked_on)}"


describe(
    LedgerEntry,
    {
        "budget": _lazy("budget"),
        "kind": _lazy("soort boeking"),
        "amount": _lazy("bedrag"),
        "booked_on": _lazy("datum"),
        "category": _lazy("categorie"),
        "description": _lazy("omschrijving"),
        "receipt": _lazy("bon"),
        "reverses": Shown(_lazy("draait terug"), entry_name),
        "needs_approval": _lazy("goedkeuring nodig"),
        "entered_by": _lazy("geboekt door"),
        "entered_at": _lazy("geboekt op"),
    },
    excluded={"client": HERSELF, "submission_key": "technische sleutel tegen dubbel boeken"},
    notes=["description"],
)


def budget_sections(client: Client) -> list[Section]:
    return [
        section(_("Uitgaven flexbudget"), LedgerEntry.objects.filter(client=client)),
        history_section(_("Geschiedenis: uitgaven flexbudget"), LedgerEntry, client_id=client.pk),
    ]


def register() -> None:
    register_care_export_provider(budget_sections)
