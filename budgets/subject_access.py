"""What the flexbudget holds about a client (her expenses), for her subject-access export."""

from __future__ import annotations

from django.utils.translation import gettext as _

from budgets.models import LedgerEntry
from stapteam.models import Client
from stapteam.platform.subject_access import (
    Section,
    history_section,
    register_care_export_provider,
    section,
)


def budget_sections(client: Client) -> list[Section]:
    entries = LedgerEntry.objects.filter(client=client).select_related("budget", "entered_by")
    return [
        section(_("Uitgaven flexbudget"), entries, exclude=["submission_key"]),
        history_section(
            _("Geschiedenis: uitgaven flexbudget"),
            LedgerEntry,
            client_id=client.pk,
            exclude=["submission_key"],
        ),
    ]


def register() -> None:
    register_care_export_provider(budget_sections)
