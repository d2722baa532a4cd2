"""Real STAP servers in a subprocess (runserver, gunicorn) and a browser-less HTTP user."""

from __future__ import annotations

import contextlib
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from stapteam.models import User
from stapteam.platform import serving
from stapteam.platform.serving import ROOT, database_url, free_port

__all__ = ["ROOT", "database_url", "free_port"]


def give_server_password(user: User, password: str) -> None:
    """Store a password hashed as a real server checks it (the tests themselves hash with MD5)."""
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(password, hasher.salt())
    user.save(update_fields=["password"])


def clean_environ() -> dict[str, str]:
    """The environment without STAP's own settings, so a test states every value it relies on;
    its database sessions are named "subprocess" (a stray one is reported by that name)."""
    return {**serving.clean_environ(), "PGAPPNAME": "subprocess"}


@contextlib.contextmanager
def running(
    command: list[str], env: dict[str, str], port: int, timeout: float = 30
) -> Iterator[str]:
    """Start `command`, wait until its readiness URL answers 200, yield the base URL, stop it."""
    with serving.serving(command, env, port, timeout) as server:
        yield server.base


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
