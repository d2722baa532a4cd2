"""Fetch-and-authorise for budgets: the one place a view gets a budget or entry it may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from budgets.models import Budget, LedgerEntry
from stapteam.models import User
from stapteam.platform.access_log import log_fetch, logged_denials

_ENTRY_ACTIONS = {
    "receipt": None,  # whoever may see the entry
    "history": None,
    "approve": "budgets.approve_expense",
    "reverse": "budgets.reverse_entry",
}


def get_entry_for(user: User, pk: int, *, action: str) -> LedgerEntry:
    """The entry pk if `user` may perform `action` on it; 404 if unseen, 403 if not allowed."""
    permission = _ENTRY_ACTIONS[action]
    with logged_denials(
        LedgerEntry.objects.filter(pk=pk),
        object_type="ledger_entry",
        object_id=pk,
        client_field="client_id",
    ):
        if permission and not user.has_perm(permission):
            raise PermissionDenied
        entry = get_object_or_404(
            LedgerEntry.objects.visible_to(user).select_related("budget", "client", "entered_by"),
            pk=pk,
        )
    log_fetch(user, object_type="ledger_entry", object_id=pk, client=entry.client_id)
    return entry


def get_budget_for(user: User, pk: int, *, action: str) -> Budget:
    if action == "grant" and not user.has_perm("budgets.record_grant"):
        raise PermissionDenied
    if not user.has_perm("budgets.view_budget"):
        raise PermissionDenied
    return get_object_or_404(Budget.objects.visible_to(user), pk=pk)
