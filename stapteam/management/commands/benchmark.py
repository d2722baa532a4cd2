"""Time the pages people wait for, against the speed targets in docs/performance.md.

Run it on a database with realistic data (the demo data, or a copy of production on a test
server): `python manage.py benchmark`. Each page is fetched as a user of the role that uses it,
through Django's full request handling (middleware, templates, database), without a browser.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from stapteam.models import Client as CareClient
from stapteam.models import User
from stapteam.platform.login_security import LAST_SEEN, LOGIN_AT, now_ts
from stapteam.platform.roles import GROUP_NAMES, Role

# Median server time a page may take at the scale of the data it runs on.
TARGET_MS = 300


@dataclass(frozen=True)
class Target:
    label: str
    role: Role
    url_name: str
    needs_client: bool = False


PAGES = [
    Target("Start", Role.CASEMANAGER, "stapteam:home"),
    Target("Mijn caseload", Role.CASEMANAGER, "stapteam:my_caseload"),
    Target("Contact vastleggen", Role.CASEMANAGER, "stapteam:contact_create"),
    Target("Cliëntdossier", Role.CASEMANAGER, "stapteam:client_detail", needs_client=True),
    Target("Teamoverzicht", Role.COORDINATOR, "stapteam:client_list"),
    Target("Procesregie", Role.PROCESS_DIRECTOR, "stapteam:escalation_list"),
    Target("Aanvragen en termijnen", Role.SECRETARIAT, "registrations:request_list"),
    Target("Uitgave boeken", Role.CASEMANAGER, "budgets:expense_create"),
    Target("Budgetrapportage", Role.POLICY_OFFICER, "budgets:report"),
    Target("Jaaroverzicht time-out", Role.POLICY_OFFICER, "timeout:overview"),
]


def logged_in(user: User, host: str) -> Client:
    """A client logged in as `user` with her second factor proved (her confirmed app), as after
    the code step; demo accounts in demo mode need none."""
    browser = Client(HTTP_HOST=host)
    browser.force_login(user)
    session = browser.session
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LOGIN_AT] = session[LAST_SEEN] = now_ts()
    session.save()
    return browser


def member_of(role: Role) -> User:
    user = User.objects.filter(groups__name=GROUP_NAMES[role], is_active=True).first()
    if user is None:
        raise CommandError(f"No active user with the role {role.label}; load the demo data first.")
    return user


class Command(BaseCommand):
    help = "Time the main pages (median and slowest of N requests) against the speed target."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=20, help="Requests per page.")
        parser.add_argument(
            "--report-only", action="store_true", help="Print the times; do not fail on a miss."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = max(1, options["requests"])
        misses = 0
        host = next((h for h in settings.ALLOWED_HOSTS if "*" not in h), "localhost").lstrip(".")
        self.stdout.write(f"{'page':<26} {'median':>8} {'slowest':>8} {'queries':>8}")
        for page in PAGES:
            user = member_of(page.role)
            browser = logged_in(user, host)
            url_args: list[int] | None = None
            if page.needs_client:
                first = CareClient.objects.visible_to(user).order_by("pk").first()
                if first is None:
                    continue
                url_args = [first.pk]
            url = reverse(page.url_name, args=url_args)
            timings, queries = self.time_page(browser, url, count)
            median = statistics.median(timings)
            mark = "" if median <= TARGET_MS else "  > target"
            misses += median > TARGET_MS
            self.stdout.write(
                f"{page.label:<26} {median:>6.0f}ms {max(timings):>6.0f}ms {queries:>8}{mark}"
            )
        self.stdout.write(f"Target: median at most {TARGET_MS} ms per page.")
        if misses and not options["report_only"]:
            raise CommandError(f"{misses} page(s) slower than the target.")

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
