"""Who is acting: the user that every history row names, set once per unit of work.

A web request acts as its logged-in user (simple-history's request middleware); a management
command acts as the system account or the account given with --by (`ActingCommand`); a test or a
script wraps its work in `acting_as(user)`. Services therefore need no `by` argument unless they
store the user in a column of their own (`raised_by`, `entered_by`, ...).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django.http import HttpRequest

    from stapteam.models import User

T = TypeVar("T")

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
    """simple-history's `get_user` hook: the logged-in user of the web request (simple-history
    passes the request only then), else the acting user of this unit of work."""
    if request is not None:
        return request.user  # type: ignore[return-value]
    return _actor.get()


def history_records(**kwargs: Any) -> HistoricalRecords:
    """`HistoricalRecords` that name the acting user; every model's `history` is one of these."""
    return HistoricalRecords(get_user=history_user, **kwargs)


def acting_from(argument: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """A service told who acts (in the keyword `argument`) records its writes as done by her."""

    def decorate(service: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(service)
        def wrapper(*args: Any, **kwargs: Any) -> T:
            with acting_as(kwargs[argument]):
                return service(*args, **kwargs)

        return wrapper

    return decorate


acts_as_by = acting_from("by")
