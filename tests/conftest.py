"""The named cast of STAP's tests (one person per role) and shared helpers."""

from __future__ import annotations

import email
import os
import shutil
import socket
from collections.abc import Callable, Iterator
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from stapteam.models import User
from stapteam.platform.actor import acting_as
from stapteam.platform.roles import Role
from tests import fast_flush, history_check
from tests.factories import OrganisationFactory, UserFactory
from tests.keys import KeyedClient
from tests.reference_data import restore_reference_data

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that thread
# are still synchronous and safe, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
fast_flush.install()
# Name this process's database sessions, so a session left behind says where it came from.
os.environ.setdefault("PGAPPNAME", "pytest")


STRAY_SESSIONS_LOG = Path(__file__).resolve().parent.parent / "test-results" / "stray-sessions.txt"


@pytest.fixture(scope="session", autouse=True)
def no_stray_sessions_at_the_end(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Before the test database is dropped, end any session a stopped server or thread left on
    it (a gunicorn worker shutting down on a loaded machine), so the drop cannot fail; name them
    in test-results/stray-sessions.txt (by application name: "pytest" is a thread of this
    process, "subprocess" a command or server it started) for whoever hunts the leak."""
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT application_name, pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        stray = [name or "?" for name, _ended in cursor.fetchall()]
    if stray:
        STRAY_SESSIONS_LOG.parent.mkdir(parents=True, exist_ok=True)
        with STRAY_SESSIONS_LOG.open("a") as log:
            log.write(f"{connection.settings_dict['NAME']}: {', '.join(stray)}\n")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """Fail a test whose own actions write a history row that names no author."""
    with history_check.unnamed_history_writes() as unnamed:
        result = yield
    if unnamed and item.nodeid not in history_check.ALLOWED:
        models = ", ".join(sorted(set(unnamed)))
        pytest.fail(
            f"History rows without an author: {models}. Act through a view or a command, or wrap "
            "the work in stapteam.platform.actor.acting_as(user).",
            pytrace=False,
        )
    return result


@pytest.fixture
def client() -> KeyedClient:
    """pytest-django's test client, whose POSTs carry a one-time key as STAP's forms do."""
    return KeyedClient()


@pytest.fixture
def plain_client() -> Client:
    """The bare Django test client: its POSTs carry no key unless the test adds one."""
    return Client()


@pytest.fixture
def as_system(db: None) -> Any:
    """The test acts as the system account, as the management commands do."""
    with acting_as(User.objects.system_account()) as actor:
        yield actor


IRISZORG = "IrisZorg"
LDH = "Leger des Heils"
ZVH = "Gemeente Nijmegen — Zorg- en Veiligheidshuis"
MO = "Gemeente Nijmegen — Maatschappelijke Ontwikkeling"


def _member(username: str, role: Role, organisation: str, **kwargs: Any) -> Any:
    return UserFactory.create(
        username=username,
        roles=[role],
        organisation=OrganisationFactory.create(name=organisation),
        **kwargs,
    )


@pytest.fixture
def anna_casemanager(db: None) -> Any:
    return _member("anna", Role.CASEMANAGER, IRISZORG, first_name="Anna")


@pytest.fixture
def bram_casemanager_ldh(db: None) -> Any:
    return _member("bram", Role.CASEMANAGER, LDH, first_name="Bram")


@pytest.fixture
def esther_peer_worker(db: None) -> Any:
    return _member("esther", Role.PEER_WORKER, IRISZORG, first_name="Esther")


@pytest.fixture
def carla_coordinator(db: None) -> Any:
    return _member("carla", Role.COORDINATOR, IRISZORG, first_name="Carla")


@pytest.fixture
def mila_cirkel_staff(db: None) -> Any:
    return _member("mila", Role.CIRKEL_STAFF, IRISZORG, first_name="Mila")


@pytest.fixture
def pim_process_director(db: None) -> Any:
    return _member("pim", Role.PROCESS_DIRECTOR, ZVH, first_name="Pim")


@pytest.fixture
def sanne_secretariat(db: None) -> Any:
    return _member("sanne", Role.SECRETARIAT, ZVH, first_name="Sanne")


@pytest.fixture
def bob_policy_officer(db: None) -> Any:
    return _member("bob", Role.POLICY_OFFICER, MO, first_name="Bob")


@pytest.fixture
def fenna_functional_admin(db: None) -> Any:
    return _member("fenna", Role.FUNCTIONAL_ADMIN, IRISZORG, first_name="Fenna")


CAST = {
    Role.CASEMANAGER: "anna_casemanager",
    Role.PEER_WORKER: "esther_peer_worker",
    Role.COORDINATOR: "carla_coordinator",
    Role.CIRKEL_STAFF: "mila_cirkel_staff",
    Role.PROCESS_DIRECTOR: "pim_process_director",
    Role.SECRETARIAT: "sanne_secretariat",
    Role.POLICY_OFFICER: "bob_policy_officer",
    Role.FUNCTIONAL_ADMIN: "fenna_functional_admin",
}


@pytest.fixture
def cast(request: pytest.FixtureRequest) -> dict[Role, Any]:
    """Every member of the cast, by role."""
    return {role: request.getfixturevalue(name) for role, name in CAST.items()}


@pytest.fixture
def assert_fixed_queries(client: Any) -> Callable[..., int]:
    """Prove a page costs the same number of queries with little and with more data.

    Usage: assert_fixed_queries(user, url, add_more=lambda: F.create_batch(20), max_queries=12)
    Renders the page, calls add_more, renders again; both must succeed with equal counts at most
    max_queries. Returns the count.
    """

    def check(user: Any, url: str, *, add_more: Callable[[], Any], max_queries: int) -> int:
        client.force_login(user)
        counts = []
        for step in range(2):
            if step == 1:
                add_more()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, response.status_code
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], f"query count grows with data: {counts}"
        assert counts[0] <= max_queries, f"{counts[0]} queries, at most {max_queries} allowed"
        return counts[0]

    return check


def assert_protective_headers(response: Any) -> None:
    """The headers every STAP page and download carries (docs/security.md)."""
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["frame-ancestors"] == "'none'", policy
    assert directives["script-src"] == "'self'", policy
    assert "unsafe" not in policy, policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]


# Browser tests: Debian's Chromium, headless, never a downloaded browser.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is missing; `make test` installs it.")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A phone: most of STAP's users work on one, in the evening at the zone."""
    return {**browser_context_args, "viewport": {"width": 375, "height": 812}, "locale": "nl-NL"}


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: Any) -> None:
    """Real hashing is slow on purpose; tests need speed, not brute-force resistance."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_files(settings: Any) -> None:
    """The live server serves static files from the finders, by their plain names.

    `make test` still builds the hashed, compressed set with collectstatic before pytest runs.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return (
        bool(marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    )


@pytest.fixture(autouse=True)
def reference_data(request: pytest.FixtureRequest) -> None:
    """Transactional tests empty every table afterwards, the migrations' reference data too
    (organisations, life domains, network partners, settings): put it back when it is gone."""
    transactional = _is_transactional(request) or "transactional_db" in request.fixturenames
    wants_db = request.node.get_closest_marker("django_db") or "db" in request.fixturenames
    if not transactional and not wants_db:
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    restore_reference_data()


@pytest.fixture(autouse=True)
def second_factor_done(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that are not about the login steps log in with force_login: make such a session
    count as logged in with the authenticator app just now (stapteam/platform/login_security.py),
    as if the user had typed her code. tests/stapteam/test_login_security.py logs in for real.

    django-otp's middleware looks the session's device up once per request; for these sessions
    the test remembers it instead, so that the query counts of pages stay those of the pages
    themselves (in production each page costs that one query more)."""
    from django.test.client import ClientMixin
    from django_otp.middleware import OTPMiddleware

    from tests.factories import verify_session

    known: dict[str, Any] = {}
    original_login = ClientMixin.force_login
    original_lookup = OTPMiddleware._device_from_persistent_id

    def force_login(self: Any, user: Any, backend: str | None = None) -> None:
        original_login(self, user, backend)
        device = verify_session(self, user)
        known[device.persistent_id] = device

    def lookup(self: Any, persistent_id: str) -> Any:
        return known.get(persistent_id) or original_lookup(self, persistent_id)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)
    monkeypatch.setattr(OTPMiddleware, "_device_from_persistent_id", lookup)


class _Inbox:
    """aiosmtpd handler: keeps every message that the server receives, as parsed mail."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            (list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=default))
        )
        return "250 OK"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[_Inbox]:
    """A real SMTP server on loopback (aiosmtpd), with Django's SMTP backend pointed at it."""
    with socket.socket() as probe:  # the controller cannot use port 0: pick a free port first
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    try:
        yield inbox
    finally:
        controller.stop()
