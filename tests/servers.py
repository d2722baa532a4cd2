"""Real STAP servers in a subprocess (runserver, gunicorn) and a browser-less HTTP user."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from stapteam.models import User

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def give_server_password(user: User, password: str) -> None:
    """Store a password hashed as a real server checks it (the tests themselves hash with MD5)."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(password, hasher.salt())
    user.save(update_fields=["password"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url() -> str:
    """The URL of the database the test runs against (pytest-django's test database)."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"], safe="")
    password = urllib.parse.quote(db["PASSWORD"], safe="")
    return f"postgres://{user}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def clean_environ() -> dict[str, str]:
    """The environment without STAP's own settings, so a test states every value it relies on."""
    skip = ("DEBUG", "DEMO_MODE", "SECRET_KEY", "SECURE_", "DB_", "GUNICORN_", "ALLOWED_HOSTS")
    keep = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    keep.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    keep["PGAPPNAME"] = "subprocess"
    return keep


@contextlib.contextmanager
def running(
    command: list[str], env: dict[str, str], port: int, timeout: float = 30
) -> Iterator[str]:
    """Start `command`, wait until its readiness URL answers 200, yield the base URL, stop it."""
    base = f"http://127.0.0.1:{port}"
    log = open(os.devnull, "wb")  # noqa: SIM115 - closed below, after the process
    process = subprocess.Popen(  # noqa: S603 - our own server with fixed arguments
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(f"server stopped: {process.stderr.read().decode()[-3000:]}")  # type: ignore[union-attr]
            ready = f"{base}/health/ready/"
            with contextlib.suppress(OSError), urllib.request.urlopen(ready, timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    break
            if time.monotonic() > deadline:
                raise AssertionError("server not ready in time")
            time.sleep(0.1)
        yield base
    finally:
        # The whole group: gunicorn's workers hold database connections, and a worker left
        # behind by a killed master would keep the test database in use.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
        if process.stderr:
            process.stderr.close()


class Browserless:
    """One user's HTTP session: cookies kept, redirects followed, like a browser without script."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, str, str]:
        """Status, body and final URL of a GET."""
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode()
        headers = {"Referer": self.base + path}
        return self._open(urllib.request.Request(self.base + path, body, headers))  # noqa: S310

    def log_in(self, username: str, password: str) -> tuple[int, str, str]:
        _status, page, _url = self.get("/inloggen/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert match, "no CSRF token on the login page"
        fields = {"csrfmiddlewaretoken": match[1], "username": username, "password": password}
        return self.post("/inloggen/", fields)

    def _open(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, answer.read().decode(), answer.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.url


def backend_pid() -> int:
    """The PostgreSQL process of this thread's connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    return int(pid)


def open_connections(database: str, ignore: set[int], application_name: str = "") -> int:
    """Connections to `database` (pg_stat_activity), but for the test's own (`ignore`, and the
    connection of the calling thread); with `application_name`, only the server's own (PGAPPNAME
    in its environment), so live servers of other tests in this process never count."""
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
        "AND pid <> pg_backend_pid() AND NOT pid = ANY(%s)"
    )
    params: list[Any] = [database, list(ignore)]
    if application_name:
        query += " AND application_name = %s"
        params.append(application_name)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        (count,) = cursor.fetchone()
    return int(count)
