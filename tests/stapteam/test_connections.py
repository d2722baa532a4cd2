"""The development server keeps no idle database connections (DB_CONN_MAX_AGE=0 by default).

`make run` serves with runserver and the settings of .env.example; a threaded server whose
connections outlived their requests held one per finished thread until PostgreSQL's limit was
reached. Here a real runserver with those settings gets 500 requests from three users at once.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from stapteam.platform.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory
from tests.servers import (
    ROOT,
    Browserless,
    backend_pid,
    clean_environ,
    database_url,
    free_port,
    give_server_password,
    open_connections,
    running,
)

REQUESTS = 500
USERS = 3
LIMIT = 5


def runserver_env() -> dict[str, str]:
    """What `make run` gives runserver: .env.example (copied to .env), on the test database."""
    return {
        **clean_environ(),
        "STAP_ENV_FILE": str(ROOT / ".env.example"),
        "DATABASE_URL": database_url(),
    }


@pytest.mark.django_db(transaction=True)
def test_runserver_keeps_at_most_five_connections_over_500_requests() -> None:
    demo = UserFactory.create(username="demo_cm", roles=[Role.CASEMANAGER], is_demo=True)
    give_server_password(demo, TEST_PASSWORD)
    database = connection.settings_dict["NAME"]
    port = free_port()
    command = [str(ROOT / ".venv/bin/python"), "manage.py", "runserver", f"127.0.0.1:{port}"]
    command += ["--noreload", "--skip-checks"]
    peak = 0
    done = threading.Event()
    own = {backend_pid()}  # this test's connection; the watcher's is left out by itself

    def watch() -> None:
        nonlocal peak
        try:
            while not done.wait(0.02):
                peak = max(peak, open_connections(database, own))
        finally:
            connections.close_all()

    with running(command, runserver_env(), port) as base:
        users = [Browserless(base) for _ in range(USERS)]
        for user in users:
            status, _page, url = user.log_in("demo_cm", TEST_PASSWORD)
            assert (status, url) == (200, f"{base}/")

        def visit(number: int) -> int:
            # Pages that read sessions and data, and readiness (its own query), in turn.
            path = ["/", "/mijn-caseload/", "/health/ready/"][number % 3]
            return users[number % USERS].get(path)[0]

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            with ThreadPoolExecutor(USERS) as pool:
                statuses = list(pool.map(visit, range(REQUESTS)))
        finally:
            done.set()
            watcher.join()
        after = open_connections(database, own)
        assert statuses == [200] * REQUESTS
        assert peak <= LIMIT, f"{peak} connections open at once"
        assert after <= LIMIT, f"{after} connections left open after the requests"


def settings_with(**values: str) -> subprocess.CompletedProcess[str]:
    script = "from django.conf import settings as s; print(s.DATABASES['default'].get('OPTIONS'))"
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env={**runserver_env(), **values},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_pool_is_on_with_a_size_and_refuses_kept_connections() -> None:
    pooled = settings_with(DB_POOL_MAX_SIZE="4", DB_CONN_MAX_AGE="0")
    assert "'max_size': 4" in pooled.stdout and "'min_size': 1" in pooled.stdout, pooled.stderr
    refused = settings_with(DB_POOL_MAX_SIZE="4", DB_CONN_MAX_AGE="60")
    assert refused.returncode != 0
    assert "DB_POOL_MAX_SIZE needs DB_CONN_MAX_AGE=0" in refused.stderr
    assert "'pool'" not in settings_with(DB_POOL_MAX_SIZE="0").stdout
