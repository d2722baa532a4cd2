"""Fetch-and-authorise helpers: the one place a view gets a record it may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stapteam.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind login: request.user is a real User."""

    user: User  # type: ignore[assignment]


_ACCOUNT_ACTIONS = {
    "view": "stapteam.view_user",
    "history": "stapteam.view_user",
    "change": "stapteam.change_user",
}


def get_account_for(user: User, pk: int, *, action: str) -> User:
    """The account pk if `user` may perform `action` on it; 404 if unseen, 403 if not allowed."""
    account = get_object_or_404(User.objects.visible_to(user), pk=pk)
    if not user.has_perm(_ACCOUNT_ACTIONS[action]):
        raise PermissionDenied
    return account
