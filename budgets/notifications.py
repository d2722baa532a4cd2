"""Flexbudget notifications: an expense waiting for approval, and the decision on it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from budgets.models import LedgerEntry
from stapteam.models.notifications import Notification
from stapteam.platform.formats import euro
from stapteam.platform.notifications import (
    NotificationKind,
    Shown,
    notify,
    register_kind,
    resolve,
    users_with_role,
)
from stapteam.platform.roles import Role

PENDING = "expense_pending"
DECIDED = "expense_decided"


def _pending(entry: LedgerEntry, n: Notification) -> Shown:
    return Shown(
        _("Een uitgave van %(amount)s wacht op je goedkeuring.") % {"amount": euro(entry.amount)},
        reverse("budgets:approval_list"),
    )


def _decided(entry: LedgerEntry, n: Notification) -> Shown:
    approval = getattr(entry, "approval", None)
    if approval is not None and not approval.approved:
        text = _("Je uitgave van %(amount)s is afgewezen.")
    else:
        text = _("Je uitgave van %(amount)s is goedgekeurd.")
    return Shown(text % {"amount": euro(entry.amount)}, reverse("budgets:my_entries"))


def waiting_for_approval(entry: LedgerEntry) -> None:
    if entry.needs_approval:
        notify(PENDING, entry, users_with_role(Role.COORDINATOR))


def decided(entry: LedgerEntry) -> None:
    resolve(PENDING, entry)
    notify(DECIDED, entry, [entry.entered_by])


def register() -> None:
    register_kind(
        NotificationKind(
            PENDING, _lazy("Uitgave wacht op goedkeuring"), frozenset({Role.COORDINATOR}), _pending
        )
    )
    register_kind(
        NotificationKind(
            DECIDED,
            _lazy("Besluit over je uitgave"),
            frozenset({Role.CASEMANAGER}),
            _decided,
            targets=lambda: LedgerEntry.objects.select_related("approval"),
        )
    )
