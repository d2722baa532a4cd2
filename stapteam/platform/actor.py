"""Who is acting: the user that every history row names, set once per unit of work.

A web request acts as its logged-in user (simple-history's request middleware); a management
command acts as the system account or the account given with --by (`ActingCommand`); a test or a
script wraps its work in `acting_as(user)`. Services therefore need no `by` argument unless they
store the user in a column of their own (`raised_by`, `entered_by`, ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from stapteam.models import User

_actor: ContextVar[User | None] = ContextVar("stap_actor", default=None)


@contextmanager
def acting_as(user: User) -> Iterator[User]:
    """Everything written inside the block is recorded in history as done by `user`."""
    token = _actor.set(user)
    try:
        yield user
    finally:
        _actor.reset(token)


def current_actor() -> User | None:
    return _actor.get()


def history_user(instance: Any, request: HttpRequest | None, **kwargs: Any) -> User | None:
    """simple-history's `get_user` hook: the acting user of this unit of work, else the user of
    the web request (simple-history passes the request only when its user is logged in)."""
    actor = _actor.get()
    if actor is not None:
        return actor
    if request is not None:
        return request.user  # type: ignore[return-value]
    return None
