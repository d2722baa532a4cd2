"""STAP's production server (gunicorn with deploy/gunicorn.conf.py) in a subprocess on loopback,
for the load benchmark and the tests that need a real server: start, wait until ready, stop."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
VENV_BIN = Path(sys.executable).parent
# STAP's own settings, left out of a server's inherited environment so its caller states each.
OWN_SETTINGS = ("DEBUG", "DEMO_MODE", "SECRET_KEY", "SECURE_", "DB_", "GUNICORN_", "ALLOWED_HOSTS")


class ServerFailed(RuntimeError):
    """The server stopped or did not get ready in time."""


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:<port>
    pid: int  # the main process (gunicorn's master), leader of its process group


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url() -> str:
    """The URL of the database this process is connected to (in tests: the test database)."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"], safe="")
    password = urllib.parse.quote(db["PASSWORD"], safe="")
    return f"postgres://{user}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def clean_environ() -> dict[str, str]:
    """This process's environment without STAP's own settings."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS)}
    keep.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return keep


def gunicorn_command() -> list[str]:
    return [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py"]


def production_env(
    port: int, *, workers: int, threads: int, secret_key: str, demo_mode: bool
) -> dict[str, str]:
    """Production settings on loopback, as `make serve` sets them: DEBUG off, plain HTTP (so no
    HTTPS redirect and no Secure cookies), a pool of one connection per thread, this process's
    database."""
    return {
        **clean_environ(),
        "DEBUG": "false",
        "DEMO_MODE": "true" if demo_mode else "false",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DB_CONN_MAX_AGE": "0",
        "DB_POOL_MAX_SIZE": str(threads),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
    }


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


def _wait_until_ready(
    process: subprocess.Popen[bytes], base: str, timeout: float, log: Path
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise ServerFailed(f"server stopped: {_tail(log)}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{base}/health/ready/", timeout=2) as answer,  # noqa: S310 - loopback
        ):
            if answer.status == 200:
                return
        if time.monotonic() > deadline:
            raise ServerFailed(
                f"server not ready in time: {log.read_text(errors='replace')[-3000:]}"
            )
        time.sleep(0.1)


@contextlib.contextmanager
def serving(
    command: list[str], env: dict[str, str], port: int, timeout: float = 30
) -> Iterator[Server]:
    """Start `command` in a process group of its own, wait until its readiness URL answers 200,
    yield it, then stop the whole group. Its output goes to a temporary file (a pipe nobody
    reads would block a chatty server), whose end is shown when it fails to start."""
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="stap-server-") as folder:
        log = Path(folder) / "server.log"
        with log.open("wb") as output:
            process = subprocess.Popen(  # noqa: S603 - our own server with fixed arguments
                command, cwd=ROOT, env=env, stdout=output, stderr=output, start_new_session=True
            )
            try:
                _wait_until_ready(process, base, timeout, log)
                yield Server(base=base, pid=process.pid)
            finally:
                stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """The whole group: gunicorn's workers hold database connections, and a worker left behind
    by a killed master would keep the database in use."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
