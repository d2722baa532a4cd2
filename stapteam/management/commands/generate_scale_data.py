"""Fill a demo database with ten years of invented data at scale (see docs/performance.md)."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db import connection, transaction

from stapteam.platform.commands import ActingCommand
from stapteam.scale_data import (
    SIZES,
    USERNAME_PREFIX,
    Plan,
    build_caseload,
    make_plan,
    scale_data_present,
)


class Command(ActingCommand):
    help = (
        "Makes ten years of invented data in bulk SQL, for measuring pages at scale (only with "
        "DEMO_MODE=true, once per database). Sizes: L = 10,000 clients, 1,000,000 contacts, "
        "100,000 ledger entries, 10,000 registration requests; M a tenth, S a hundredth, XS for "
        "quick tests. Time-out stays stay within each year's maximum (6 a year by default), so "
        "at most about 60 in ten years however large the size."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=list(SIZES),
            default="S",
            help="XS, S, M or L (docs/performance.md, Scale data); default S.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("generate_scale_data makes invented data only when DEMO_MODE=true.")
        if scale_data_present():
            raise CommandError(
                f"Scale data is already here (accounts {USERNAME_PREFIX}…): it is made once per "
                "database. Start from an empty database to make it again."
            )
        size = SIZES[options["size"]]
        started = time.monotonic()
        # One transaction: a run that fails halfway leaves nothing behind.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT setseed(0.2026)")  # the same data on every run
            plan = make_plan(size)
            self._step("caseload", partial(build_caseload, plan))
            for build in _app_builds():
                self._step(build.__module__.split(".")[0], partial(build, plan))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds = time.monotonic() - started
        self.stdout.write(f"Scale data {options['size']} made in {seconds:.1f} s.")

    def _step(self, name: str, build: Callable[[], dict[str, int]]) -> None:
        started = time.monotonic()
        counts = build()
        made = ", ".join(f"{count:,} {what}" for what, count in counts.items())
        self.stdout.write(f"{name}: {made} ({time.monotonic() - started:.1f} s)")


def _app_builds() -> list[Callable[[Plan], dict[str, int]]]:
    """The other apps' parts: each may have a `scale_data` module with build(plan)."""
    builds = []
    for app in apps.get_app_configs():
        if app.name == "stapteam":
            continue
        try:
            module = importlib.import_module(f"{app.name}.scale_data")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.scale_data":
                raise
            continue
        builds.append(module.build)
    return builds
