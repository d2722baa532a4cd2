"""Time the pages people wait for, against the speed targets in docs/performance.md.

Run it on a database with realistic data (the demo data, or a copy of production on a test
server), never on production itself: the load mode writes contacts and expenses.

- `python manage.py benchmark` (`--mode single`): each page fetched as a user of the role that uses
  it, through Django's full request handling in this process (middleware, templates, database),
  without a browser; fails when a page's median is above the limit.
- `python manage.py benchmark --mode load`: STAP's production server (gunicorn, 2 workers x 4
  threads, DEBUG off) on a free loopback port, driven over HTTP by concurrent users with their own
  sessions; the plain Django admin's client list is the baseline in the same run. Fails on any
  error; on a missed target only with --fail-on-targets.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import secrets
import statistics
import time
from dataclasses import asdict, dataclass
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.conf.global_settings import SESSION_COOKIE_NAME
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.sessions.backends.base import SessionBase
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from stapteam.benchmark_admin import PREFIX as BASELINE_PREFIX
from stapteam.models import Client as CareClient
from stapteam.models import Contact, User
from stapteam.platform import serving
from stapteam.platform.commands import ActingCommand
from stapteam.platform.load import (
    Figures,
    HttpUser,
    MemoryWatch,
    PhaseResult,
    Samples,
    Work,
    first_choice,
    hidden_fields,
    run_phase,
)
from stapteam.platform.login_security import (
    LAST_SEEN,
    LOGIN_AT,
    REAUTH_AT,
    now_ts,
    skips_second_factor,
)
from stapteam.platform.roles import GROUP_NAMES, Role

# Single mode: the median a page may take (the command fails above it), and the goals it prints.
TARGET_MS = 300
SINGLE_GOAL_MS = 100
EXPORT_GOAL_MS = 1000
# Load mode's goals (issue 18): with 1 s think time; writers; each worker's memory.
THINK_P95_MS = 300
BASELINE_GOAL = 1.5  # times faster than the admin's client list
CONTACT_P95_MS = 200
EXPENSE_P95_MS = 300
WORKER_MB = 200
# The benchmark's own superuser for the baseline admin: no password, inactive between runs.
BASELINE_USERNAME = "stap-benchmark-admin"
ADMIN = "admin"
CONTACT, EXPENSE = "Contact vastleggen (POST)", "Uitgave boeken (POST)"
Found = dict[str, Samples]


@dataclass(frozen=True)
class Target:
    label: str
    role: Role
    url_name: str
    needs: str = ""  # "client" (her first visible file) or "budget" (the first she may book on)
    query: str = ""
    export: bool = False


PAGES = [
    Target("Start", Role.CASEMANAGER, "stapteam:home"),
    Target("Mijn caseload", Role.CASEMANAGER, "stapteam:my_caseload"),
    Target("Cliëntenlijst", Role.CASEMANAGER, "stapteam:client_list"),
    Target("Cliëntdossier", Role.CASEMANAGER, "stapteam:client_detail", needs="client"),
    Target("Contact vastleggen", Role.CASEMANAGER, "stapteam:contact_create"),
    Target("Uitgave boeken", Role.CASEMANAGER, "budgets:expense_create"),
    Target("Mijn uitgaven", Role.CASEMANAGER, "budgets:my_entries"),
    Target("Meldingen", Role.CASEMANAGER, "stapteam:notification_list"),
    Target("Teamoverzicht", Role.COORDINATOR, "stapteam:client_list"),
    Target("Budget", Role.COORDINATOR, "budgets:budget_detail", needs="budget"),
    Target("Uitgaven goedkeuren", Role.COORDINATOR, "budgets:approval_list"),
    Target("Time-outaanvragen", Role.COORDINATOR, "timeout:request_list"),
    Target("Procesregie", Role.PROCESS_DIRECTOR, "stapteam:escalation_list"),
    Target("Post", Role.SECRETARIAT, "registrations:inbox"),
    Target("Aanvragen en termijnen", Role.SECRETARIAT, "registrations:request_list"),
    Target("Register", Role.SECRETARIAT, "registrations:register"),
    Target("Budgetrapportage", Role.POLICY_OFFICER, "budgets:report"),
    Target(
        "Budgetrapportage (Excel)",
        Role.POLICY_OFFICER,
        "budgets:report_export",
        query="format=xlsx",
        export=True,
    ),
    Target("Jaaroverzicht time-out", Role.POLICY_OFFICER, "timeout:overview"),
    Target("Rapportage", Role.POLICY_OFFICER, "stapteam:report"),
]
# The baseline: the plain Django admin (stapteam/benchmark_admin.py), as the superuser.
BASELINE = "Admin: cliënten"
BASELINE_PAGES = [
    (BASELINE, f"/{BASELINE_PREFIX}stapteam/client/"),
    ("Admin: contacten", f"/{BASELINE_PREFIX}stapteam/contact/"),
]


@dataclass(frozen=True)
class Page:
    label: str
    account: str
    path: str
    export: bool = False


def verified_session(user: User) -> str:
    """A session in the session store as after her login with password and code just now (her
    confirmed app; demo accounts in demo mode need none); returns its key, the cookie's value."""
    store: SessionBase = import_module(settings.SESSION_ENGINE).SessionStore()
    backend = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)  # type: ignore[union-attr]
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = confirmed_device(user)
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store[LOGIN_AT] = store[LAST_SEEN] = store[REAUTH_AT] = now_ts()
    store.save()
    return str(store.session_key)


def logged_in(user: User, host: str) -> Client:
    """A test client with her verified session."""
    browser = Client(HTTP_HOST=host)
    browser.cookies[settings.SESSION_COOKIE_NAME] = verified_session(user)
    return browser


def member_of(role: Role) -> User:
    user = User.objects.filter(groups__name=GROUP_NAMES[role], is_active=True).first()
    if user is None:
        raise CommandError(f"No active user with the role {role.label}; load the demo data first.")
    return user


def baseline_admin() -> User:
    """The benchmark's superuser for the baseline admin, active for this run only."""
    admin, _created = User.objects.get_or_create(
        username=BASELINE_USERNAME,
        defaults={"first_name": "Benchmark", "last_name": "Beheer", "is_superuser": True},
    )
    admin.set_unusable_password()
    admin.is_active = admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["password", "is_active", "is_staff", "is_superuser"])
    TOTPDevice.objects.get_or_create(user=admin, confirmed=True, defaults={"name": "Benchmark"})
    return admin


def can_verify(user: User) -> bool:
    """Whether a verified session of hers passes the second-factor step on the server."""
    return skips_second_factor(user) or confirmed_device(user) is not None


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def page_path(target: Target, ids: dict[str, str]) -> str | None:
    """The page's URL, or None when the data has nothing it needs (no client, no budget)."""
    if target.needs and not ids.get(target.needs):
        return None
    path = reverse(target.url_name, args=[ids[target.needs]] if target.needs else None)
    return f"{path}?{target.query}" if target.query else path


def first_ids(casemanager: User, expense_form: bytes) -> dict[str, str]:
    """Her first visible client, and the budget and client the expense form offers first (read
    from the form, as the budgets are another app's)."""
    first = CareClient.objects.visible_to(casemanager).order_by("pk").values_list("pk", flat=True)
    return {
        "client": str(first.first() or ""),
        "budget": first_choice(expense_form, "budget"),
        "active_client": first_choice(expense_form, "client"),
    }


def machine_line(when: str) -> str:
    """The machine's load, since figures on a shared machine move with it."""
    one, five, _fifteen = os.getloadavg()
    cpus = os.cpu_count()
    return f"machine {when}: {cpus} CPUs, load average {one:.1f} (1 min), {five:.1f} (5 min)"


def status_line(met: bool, text: str) -> str:
    return f"[{'met' if met else 'NOT met'}] {text}"


class Command(ActingCommand):
    help = (
        "Time the main pages: in this process (--mode single), or under load against gunicorn "
        "with concurrent users and writers (--mode load)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mode", choices=["single", "load"], default="single")
        parser.add_argument("--requests", type=int, default=20, help="Single: requests per page.")
        parser.add_argument(
            "--report-only", action="store_true", help="Single: print the times; do not fail."
        )
        parser.add_argument("--duration", type=float, default=30, help="Load: seconds per phase.")
        parser.add_argument("--clients", type=int, default=16, help="Load: concurrent users.")
        parser.add_argument("--writers", type=int, default=10, help="Load: concurrent writers.")
        parser.add_argument("--think", type=float, default=1.0, help="Load: think time (s).")
        parser.add_argument("--workers", type=int, default=2, help="Load: gunicorn workers.")
        parser.add_argument("--threads", type=int, default=4, help="Load: threads per worker.")
        parser.add_argument(
            "--max-requests",
            type=int,
            default=0,
            help="Load: GUNICORN_MAX_REQUESTS (default: deploy/gunicorn.conf.py's, 1000).",
        )
        parser.add_argument("--json", type=Path, help="Load: also write the figures here.")
        parser.add_argument(
            "--fail-on-targets", action="store_true", help="Fail on a missed target too."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["mode"] == "load":
            if not settings.DEMO_MODE:
                raise CommandError(
                    "benchmark --mode load writes contacts and expenses and makes a superuser for "
                    "its run: it runs only with DEMO_MODE=true (demo or generated data on a test "
                    "server), never on production data."
                )
            LoadRun(self, options).run()
        else:
            self.single(options)

    # --- Single mode -----------------------------------------------------------------------------

    def single(self, options: dict[str, Any]) -> None:
        count = max(1, options["requests"])
        misses = goals_missed = 0
        host = next((h for h in settings.ALLOWED_HOSTS if "*" not in h), "localhost").lstrip(".")
        casemanager = member_of(Role.CASEMANAGER)
        expense_form = logged_in(casemanager, host).get(
            reverse("budgets:expense_create"), secure=True
        )
        ids = first_ids(casemanager, expense_form.content)
        self.stdout.write(f"{'page':<26} {'median':>8} {'slowest':>8} {'queries':>8}")
        for target in PAGES:
            url = page_path(target, ids)
            if url is None:
                continue
            browser = logged_in(member_of(target.role), host)
            timings, queries = self.time_page(browser, url, count)
            median = statistics.median(timings)
            limit = EXPORT_GOAL_MS if target.export else TARGET_MS
            goal = EXPORT_GOAL_MS if target.export else SINGLE_GOAL_MS
            mark = "" if median <= limit else "  > target"
            misses += median > limit
            goals_missed += median > goal
            self.stdout.write(
                f"{target.label:<26} {median:>6.0f}ms {max(timings):>6.0f}ms {queries:>8}{mark}"
            )
        self.stdout.write(
            f"Target: median at most {TARGET_MS} ms per page ({EXPORT_GOAL_MS} ms an export)."
        )
        self.stdout.write(
            status_line(
                not goals_missed,
                f"goal: median at most {SINGLE_GOAL_MS} ms per page, {EXPORT_GOAL_MS} ms an export",
            )
        )
        if misses and not options["report_only"]:
            raise CommandError(f"{misses} page(s) slower than the target.")
        if goals_missed and options["fail_on_targets"]:
            raise CommandError(f"{goals_missed} page(s) slower than the goal.")

    def time_page(self, browser: Client, url: str, count: int) -> tuple[list[float], int]:
        browser.get(url, secure=True)  # warm up: templates, caches, connection
        timings = []
        with CaptureQueriesContext(connection) as captured:
            response = browser.get(url, secure=True)
        # Count now: every later request empties the connection's query log.
        queries = len(captured.captured_queries)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        for _ in range(count):
            start = time.perf_counter()
            browser.get(url, secure=True)
            timings.append((time.perf_counter() - start) * 1000)
        return timings, queries


class LoadRun:
    """One run of the load mode: the server, the phases, the figures and the targets."""

    def __init__(self, command: Command, options: dict[str, Any]) -> None:
        self.out = command.stdout
        self.options = options
        self.duration = max(0.5, float(options["duration"]))
        self.secret_key = secrets.token_urlsafe(50)
        self.sessions: list[str] = []
        self.errors = 0
        self.targets: list[tuple[bool, str]] = []
        self.report: dict[str, Any] = {"phases": {}}

    def run(self) -> None:
        accounts = {role.value: member_of(role) for role in {t.role for t in PAGES}}
        unverifiable = [user.username for user in accounts.values() if not can_verify(user)]
        if unverifiable:
            raise CommandError(
                "No confirmed authenticator app (and not a demo account in demo mode): "
                + ", ".join(unverifiable)
            )
        accounts[ADMIN] = baseline_admin()
        self.accounts = accounts
        port = serving.free_port()
        env = {
            **serving.production_env(
                port,
                workers=self.options["workers"],
                threads=self.options["threads"],
                secret_key=self.secret_key,
                demo_mode=settings.DEMO_MODE,
            ),
            "DJANGO_SETTINGS_MODULE": "stapteam.settings_benchmark",
            "LOG_LEVEL": "WARNING",
            "PGAPPNAME": "stap-benchmark",
        }
        if self.options["max_requests"]:
            # A worker is replaced after this many requests; the new one starts cold.
            env["GUNICORN_MAX_REQUESTS"] = str(self.options["max_requests"])
        try:
            with (
                serving.serving(serving.gunicorn_command(), env, port) as server,
                MemoryWatch(server.pid) as memory,
            ):
                self.out.write(machine_line("before"))
                self.out.write(
                    f"gunicorn on {server.base}: {self.options['workers']} workers x "
                    f"{self.options['threads']} threads, DEBUG off"
                )
                self.phases(port)
            self.report["worker_peak_mb"] = round(memory.peak_mb, 1)
            self.report["worker_processes"] = len(memory.peaks)
        finally:
            self.clean_up()
        self.out.write(machine_line("after"))
        self.memory_and_ledger(memory)
        self.finish()

    # --- Sessions and users ----------------------------------------------------------------------

    def jars(self) -> dict[str, dict[str, str]]:
        """A fresh verified session for each account (under the server's secret key)."""
        with override_settings(SECRET_KEY=self.secret_key):
            keys = {name: verified_session(user) for name, user in self.accounts.items()}
        self.sessions.extend(keys.values())
        # Served with SECURE_COOKIES=false: Django's default cookie names.
        return {name: {SESSION_COOKIE_NAME: key} for name, key in keys.items()}

    def users(self, port: int, count: int) -> list[HttpUser]:
        return [HttpUser("127.0.0.1", port, self.jars()) for _ in range(count)]

    def clean_up(self) -> None:
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        for key in self.sessions:
            store.delete(key)
        User.objects.filter(username=BASELINE_USERNAME).update(is_active=False)

    # --- Phases ----------------------------------------------------------------------------------

    def phases(self, port: int) -> None:
        warm = self.users(port, 1)[0]
        casemanager = Role.CASEMANAGER.value
        form = warm.get(casemanager, reverse("budgets:expense_create"))
        self.ids = first_ids(self.accounts[casemanager], form.body)
        pages = [
            Page(t.label, t.role.value, path, t.export)
            for t in PAGES
            if (path := page_path(t, self.ids)) is not None
        ]
        pages += [Page(label, ADMIN, path) for label, path in BASELINE_PAGES]
        self.pages = pages
        warm.close()
        self.warm_up(port)
        clients = max(1, self.options["clients"])
        self.page_phase("single user, no think time", port, 1, 0)
        self.page_phase(f"{clients} users, no think time", port, clients, 0)
        think = float(self.options["think"])
        self.page_phase(f"{clients} users, {think:g} s think time", port, clients, think)
        self.writer_phase(port, max(2, self.options["writers"]))

    def warm_up(self, port: int) -> None:
        """Every page once by two users at a time per worker, so that each worker most likely has
        loaded its templates and opened its connections before anything is timed."""
        pages = self.pages
        concurrent = self.options["workers"] * 2

        def once(user: HttpUser, index: int, deadline: float, samples: Found) -> None:
            for page in pages:
                answer = user.get(page.account, page.path)
                if answer.status != 200:
                    samples[page.label].fail(answer.status)

        users = self.users(port, concurrent)
        try:
            result = run_phase(users, once, 0)
        finally:
            for user in users:
                user.close()
        self.errors += sum(found.errors for found in result.samples.values())
        self.print_errors("warm-up", result)

    def page_phase(self, name: str, port: int, count: int, think: float) -> None:
        users = self.users(port, count)
        pages = self.pages

        def browse(user: HttpUser, index: int, deadline: float, samples: Found) -> None:
            turn = index * len(pages) // count  # the users start spread over the pages
            while time.monotonic() < deadline:
                page = pages[turn % len(pages)]
                turn += 1
                answer = user.get(page.account, page.path)
                if answer.status == 200:
                    samples[page.label].ms.append(answer.ms)
                else:
                    samples[page.label].fail(answer.status)
                if think:
                    time.sleep(max(0.0, min(think, deadline - time.monotonic())))

        result = self.run_phase(name, users, browse)
        self.print_pages(name, result)
        self.page_targets(name, result, count, think)

    def writer_phase(self, port: int, count: int) -> None:
        users = self.users(port, count)
        casemanager = Role.CASEMANAGER.value
        contact_url = reverse("stapteam:contact_create")
        expense_url = reverse("budgets:expense_create")

        def contact() -> dict[str, str]:
            return {
                "client": self.ids["active_client"],
                "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "kind": Contact.Kind.OUTREACH,
                "minutes": "5",
                "time_type": Contact.TimeType.DIRECT,
            }

        def expense() -> dict[str, str]:
            return {
                "budget": self.ids["budget"],
                "amount": "0,01",  # a cent: repeated runs do not empty the budget
                "category": "food",
                "client": self.ids["active_client"],
                "booked_on": timezone.localdate().isoformat(),
                "description": "Benchmark",
            }

        # Where each form sends her after the save (a redirect to the login is an error).
        saved = {
            CONTACT: reverse("stapteam:client_detail", args=[self.ids["active_client"] or 0]),
            EXPENSE: reverse("budgets:my_entries"),
        }

        def write(user: HttpUser, index: int, deadline: float, samples: Found) -> None:
            label, url, data = (
                (CONTACT, contact_url, contact)
                if index % 2 == 0
                else (EXPENSE, expense_url, expense)
            )
            while time.monotonic() < deadline:
                form = user.get(casemanager, url)
                fields = hidden_fields(form.body) if form.status == 200 else {}
                if len(fields) < 2:
                    samples[label].fail(form.status)
                    continue
                answer = user.post(casemanager, url, {**fields, **data()})
                if answer.status == 302 and urlsplit(answer.location).path == saved[label]:
                    samples[label].ms.append(answer.ms)
                else:
                    samples[label].fail(answer.status)

        name = f"{count} writers on one budget"
        result = self.run_phase(name, users, write)
        self.print_pages(name, result)
        found = result.figures()
        for label, goal in ((CONTACT, CONTACT_P95_MS), (EXPENSE, EXPENSE_P95_MS)):
            p95 = found[label].p95 if label in found else float("inf")
            self.target(p95 <= goal, f"{label}: p95 {p95:.0f} ms <= {goal} ms with {count} writers")

    def run_phase(self, name: str, users: list[HttpUser], work: Work) -> PhaseResult:
        try:
            result = run_phase(users, work, self.duration)
        finally:
            for user in users:
                user.close()
        found = result.figures()
        self.errors += sum(f.errors for f in found.values())
        self.report["phases"][name] = {
            "seconds": round(result.seconds, 2),
            "reconnects": result.reconnects,
            "pages": {label: asdict(f) for label, f in found.items()},
            "error_statuses": {
                label: dict(s.statuses) for label, s in result.samples.items() if s.errors
            },
        }
        return result

    # --- Printing and targets --------------------------------------------------------------------

    def print_pages(self, name: str, result: PhaseResult) -> None:
        found = result.figures()
        base = found.get(BASELINE)
        self.out.write(f"\n{name} ({result.seconds:.0f} s, {result.reconnects} reconnects)")
        self.out.write(
            f"{'page':<28} {'requests':>8} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} "
            f"{'errors':>6} {'p50/adm':>7} {'p95/adm':>7}"
        )
        for label, f in found.items():
            ratios = (
                f"{f.p50 / base.p50:>7.2f} {f.p95 / base.p95:>7.2f}"
                if base and base.p50 and base.p95
                else f"{'-':>7} {'-':>7}"
            )
            self.out.write(
                f"{label:<28} {f.requests:>8} {f.per_second:>7.1f} {f.p50:>5.0f}ms {f.p95:>5.0f}ms "
                f"{f.p99:>5.0f}ms {f.errors:>6} {ratios}"
            )
        self.print_errors(name, result)

    def print_errors(self, name: str, result: PhaseResult) -> None:
        for label, found in result.samples.items():
            if found.errors:
                statuses = ", ".join(
                    f"{n}x {status or 'no answer'}" for status, n in sorted(found.statuses.items())
                )
                self.out.write(f"{name}: {label} answered {statuses}")

    def page_targets(self, name: str, result: PhaseResult, count: int, think: float) -> None:
        found = result.figures()
        missing = [label for label in self.labels() if label not in found]
        if missing:
            self.target(False, f"{name}: every page measured (not: {', '.join(missing)})")
        measured = {label: found.get(label, Figures(0, 0, 0, 0, 0, 0)) for label in self.labels()}
        pages = [p for p in self.pages if p.account != ADMIN and p.label in found]
        if count == 1:
            slow = [p.label for p in pages if measured[p.label].p50 > self.single_goal(p)]
            self.target(
                not slow,
                f"single user: median <= {SINGLE_GOAL_MS} ms a page, {EXPORT_GOAL_MS} ms an export"
                + (f" (slower: {', '.join(slow)})" if slow else ""),
            )
        elif not think:
            base = measured[BASELINE].p50
            screens = [p for p in pages if not p.export]
            slower = [p.label for p in screens if measured[p.label].p50 > base]
            short = [p.label for p in screens if measured[p.label].p50 * BASELINE_GOAL > base]
            self.target(
                not slower,
                f"{name}: no page's p50 above the admin client list's ({base:.0f} ms)"
                + (f" (slower: {', '.join(slower)})" if slower else ""),
            )
            self.target(
                not short,
                f"{name}: every page {BASELINE_GOAL:g}x faster than the admin client list"
                + (f" (not: {', '.join(short)})" if short else ""),
            )
        else:
            slow = [p.label for p in pages if measured[p.label].p95 > self.think_goal(p)]
            self.target(
                not slow,
                f"{name}: p95 <= {THINK_P95_MS} ms a page, {EXPORT_GOAL_MS} ms an export"
                + (f" (slower: {', '.join(slow)})" if slow else ""),
            )

    @staticmethod
    def single_goal(page: Page) -> int:
        return EXPORT_GOAL_MS if page.export else SINGLE_GOAL_MS

    @staticmethod
    def think_goal(page: Page) -> int:
        return EXPORT_GOAL_MS if page.export else THINK_P95_MS

    def labels(self) -> list[str]:
        return [p.label for p in self.pages]

    def target(self, met: bool, text: str) -> None:
        self.targets.append((met, text))

    def memory_and_ledger(self, memory: MemoryWatch) -> None:
        peak = memory.peak_mb
        self.out.write(
            f"\ngunicorn workers: peak RSS {peak:.0f} MB ({len(memory.peaks)} worker processes)"
        )
        self.target(0 < peak <= WORKER_MB, f"worker memory: peak {peak:.0f} MB <= {WORKER_MB} MB")
        ledger = io.StringIO()
        try:
            call_command("reconcile_budgets", stdout=ledger)
            clean = True
        except CommandError as error:
            ledger.write(str(error))
            clean = False
        self.errors += not clean
        self.report["reconcile_budgets"] = ledger.getvalue().strip()
        self.out.write(f"reconcile_budgets: {ledger.getvalue().strip()}")

    def finish(self) -> None:
        self.target(not self.errors, f"zero errors ({self.errors})")
        self.out.write("\nTargets (issue 18):")
        for met, text in self.targets:
            self.out.write(status_line(met, text))
        self.report.update(
            errors=self.errors,
            measured=self.labels(),
            baseline=BASELINE,
            targets=[{"met": met, "text": text} for met, text in self.targets],
            at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        )
        if self.options["json"]:
            self.options["json"].write_text(json.dumps(self.report, indent=2, ensure_ascii=False))
        if self.errors:
            raise CommandError(f"{self.errors} error(s) under load.")
        missed = sum(not met for met, _text in self.targets)
        if missed and self.options["fail_on_targets"]:
            raise CommandError(f"{missed} target(s) not met.")
