"""One run at a time: PostgreSQL advisory locks for jobs that a button and a schedule both start.

`with advisory_lock("registration-mail"):` holds a session-level advisory lock on the current
database connection for the block, or raises `AlreadyRunning` at once when another connection
(another process, a scheduled command, a second click) holds it: no waiting, no queue. Session
level, not transaction level, because such jobs commit as they go (each stored mail). The lock
goes with the connection, so a killed process never leaves it behind.

`in_own_connection(work)` runs `work` in a thread with a database connection of its own, in
autocommit: a request's view is inside the request's transaction (ATOMIC_REQUESTS and the
submission key), where a job that must commit step by step cannot run.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.db import connection, connections

T = TypeVar("T")


class AlreadyRunning(Exception):
    """Another connection holds the lock: the same job runs elsewhere right now."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a lock's name (PostgreSQL's bigint key space)."""
    digest = hashlib.sha256(f"stap:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.contextmanager
def advisory_lock(name: str) -> Iterator[None]:
    """Hold the lock `name` for the block; AlreadyRunning when another connection holds it."""
    key = lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (taken,) = cursor.fetchone()
    if not taken:
        raise AlreadyRunning(name)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def in_own_connection(work: Callable[[], T]) -> T:
    """The result of `work`, run in a thread with its own database connection (closed after) and
    the caller's context (who acts, for history); an exception of `work` is raised here."""
    outcome: dict[str, T] = {}
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)
        finally:
            connections.close_all()

    context = contextvars.copy_context()
    thread = threading.Thread(target=context.run, args=(run,), name="stap-own-connection")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome["value"]
