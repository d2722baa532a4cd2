"""One run at a time: the advisory lock shared by buttons and scheduled commands."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from stapteam.platform.locks import AlreadyRunning, advisory_lock, in_own_connection, lock_key


def release(other) -> None:
    """Let go of what the other connection holds before closing it (the server frees locks of a
    closed session a moment later, which the next test must not wait for)."""
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock_all()")
    other.close()


def held_by(other, name: str) -> bool:
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(name)])
        (taken,) = cursor.fetchone()
        if taken:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key(name)])
    return not taken


@pytest.mark.django_db
def test_the_lock_is_held_for_the_block_and_released_after():
    other = connections.create_connection("default")
    try:
        with advisory_lock("proef"):
            assert held_by(other, "proef")
        assert not held_by(other, "proef")
    finally:
        release(other)


@pytest.mark.django_db
def test_a_second_run_is_refused_at_once_while_another_connection_holds_it():
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [lock_key("proef")])
        with pytest.raises(AlreadyRunning), advisory_lock("proef"):
            pytest.fail("the block must not run")
        with advisory_lock("ander"):  # another name is another lock
            pass
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key("proef")])
        with advisory_lock("proef"):  # free again once the other run is done
            pass
    finally:
        release(other)


@pytest.mark.django_db
def test_an_error_in_the_block_releases_the_lock():
    other = connections.create_connection("default")
    try:
        with pytest.raises(ZeroDivisionError), advisory_lock("proef"):
            _ = 1 / 0
        assert not held_by(other, "proef")
    finally:
        release(other)


def test_keys_are_stable_and_differ_per_name():
    assert lock_key("registration-mail") == lock_key("registration-mail")
    assert lock_key("registration-mail") != lock_key("registration-deadline-reminders")
    assert -(2**63) <= lock_key("registration-mail") < 2**63


@pytest.mark.django_db(transaction=True)
def test_work_in_its_own_connection_runs_outside_the_callers_transaction():
    def backend_pid() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return int(cursor.fetchone()[0])

    mine = backend_pid()
    assert in_own_connection(backend_pid) != mine
    with pytest.raises(ValueError, match="kapot"):
        in_own_connection(lambda: (_ for _ in ()).throw(ValueError("kapot")))


@pytest.mark.django_db
def test_notifications_and_digest_are_not_made_twice_at_once(as_system):
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [lock_key("send-notifications")])
        with pytest.raises(CommandError, match="al door een andere run gemaakt"):
            call_command("send_notifications")
    finally:
        release(other)
