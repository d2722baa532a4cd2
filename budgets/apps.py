"""App configuration of budgets: flexbudget ledgers and budget reports, and timeline entries."""

# Imports sit inside the functions: Django loads an apps module before its models are ready.

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from stapteam.caseload.closure import OpenWork
    from stapteam.caseload.timeline import TimelineEntry
    from stapteam.models import Client, User


def budget_timeline(client: Client, user: User) -> Iterator[TimelineEntry]:
    """Expenses for the client, for those who book or oversee them, in one query."""
    from budgets.models import LedgerEntry
    from stapteam.caseload.timeline import TimelineEntry, at_midday
    from stapteam.platform.formats import euro

    if not (user.has_perm("budgets.record_expense") or user.has_perm("budgets.view_spending")):
        return
    expenses = (
        LedgerEntry.objects.filter(client=client, kind=LedgerEntry.Kind.EXPENSE)
        .select_related("entered_by", "approval", "reversal")
        .order_by("-booked_on")[:50]
    )
    for entry in expenses:
        title = gettext("%(amount)s uit het flexbudget voor %(category)s, door %(who)s") % {
            "amount": euro(entry.amount),
            "category": entry.get_category_display().lower(),
            "who": entry.entered_by,
        }
        approval = getattr(entry, "approval", None)
        if hasattr(entry, "reversal"):
            title += " " + gettext("(teruggedraaid)")
        elif entry.needs_approval and approval is None:
            title += " " + gettext("(wacht op goedkeuring)")
        elif approval is not None and not approval.approved:
            title += " " + gettext("(afgewezen)")
        yield TimelineEntry(
            at_midday(entry.booked_on), gettext("Flexbudget"), title, entry.description, "wallet2"
        )


def budget_open_work(client: Client, user: User) -> Iterator[OpenWork]:
    """Expenses for her that still await approval, shown before the file closes."""
    from budgets.models import LedgerEntry
    from stapteam.caseload.closure import OpenWork
    from stapteam.platform.formats import euro

    pending = LedgerEntry.objects.filter(
        client=client,
        kind=LedgerEntry.Kind.EXPENSE,
        needs_approval=True,
        approval__isnull=True,
        reversal__isnull=True,
    )
    for entry in pending.order_by("booked_on")[:5]:
        yield OpenWork(
            gettext("Flexbudget"),
            gettext("Uitgave van %(amount)s op %(day)s wacht op goedkeuring")
            % {"amount": euro(entry.amount), "day": f"{entry.booked_on:%d-%m-%Y}"},
        )


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Budgetten")

    def ready(self) -> None:
        from stapteam.caseload.timeline import register_timeline_provider

        register_timeline_provider(budget_timeline)

        from stapteam.caseload.closure import register_open_work_provider

        register_open_work_provider(budget_open_work)

        from budgets import beheer, history, log_names, notifications, reports, subject_access

        subject_access.register()
        log_names.register()
        history.register()
        notifications.register()
        beheer.register()
        reports.register()
