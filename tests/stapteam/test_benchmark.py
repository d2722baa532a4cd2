"""The benchmark command times every page it lists; no figure is asserted (no timed tests)."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import Resolver404, resolve

from stapteam.benchmark_admin import PREFIX
from stapteam.management.commands.benchmark import (
    BASELINE,
    BASELINE_PAGES,
    BASELINE_USERNAME,
    CONTACT,
    EXPENSE,
    PAGES,
    Command,
    LoadRun,
)
from stapteam.models import Contact, User
from stapteam.platform.load import Samples, figures, first_choice, hidden_fields
from stapteam.platform.roles import Role
from tests.budgets.conftest import make_budget
from tests.factories import ClientFactory, UserFactory


@pytest.mark.django_db
def test_benchmark_reports_every_page(cast) -> None:
    ClientFactory.create(casemanager=cast[Role.CASEMANAGER])
    make_budget(by=cast[Role.FUNCTIONAL_ADMIN])
    out = StringIO()
    call_command("benchmark", requests=1, report_only=True, stdout=out)
    # Columns: label (26 wide), median, slowest, queries, and "> target" when a page is slow
    # (it may be on a busy test machine: times are not asserted).
    lines = {line[:26].strip(): line[26:].split() for line in out.getvalue().splitlines()}
    for page in PAGES:
        assert page.label in lines
        assert int(lines[page.label][2]) > 0, "the query count is measured"
    assert "Target: median at most 300 ms per page (1000 ms an export)." in out.getvalue()


@pytest.mark.django_db
def test_benchmark_needs_users_of_each_role() -> None:
    with pytest.raises(CommandError, match="No active user"):
        call_command("benchmark", requests=1, stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_short_load_run_measures_every_page_and_the_baseline_without_errors(
    settings: Any, tmp_path: Any
) -> None:
    """gunicorn on the test database with the demo data: 2 s a phase, 4 users, 2 writers."""
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    call_command("demo_data", stdout=StringIO())
    report = tmp_path / "benchmark.json"
    out = StringIO()
    call_command(
        "benchmark", mode="load", duration=2, clients=4, writers=2, json=report, stdout=out
    )
    found = json.loads(report.read_text())
    assert found["errors"] == 0, out.getvalue()
    closed = found["phases"]["4 users, no think time"]["pages"]
    expected = [page.label for page in PAGES] + [label for label, _path in BASELINE_PAGES]
    assert sorted(found["measured"]) == sorted(expected)
    for label in expected:
        assert closed[label]["requests"] > 0, label
        assert closed[label]["errors"] == 0, label
    assert found["baseline"] == BASELINE
    writers = found["phases"]["2 writers on one budget"]["pages"]
    assert writers[CONTACT]["requests"] > 0 and writers[EXPENSE]["requests"] > 0
    assert "kloppen met het grootboek" in found["reconcile_budgets"]
    assert found["worker_peak_mb"] > 0
    # The benchmark's superuser stays behind inactive, and its sessions are gone.
    assert not User.objects.get(username=BASELINE_USERNAME).is_active


def test_the_production_urls_do_not_serve_the_baseline_admin(settings: Any) -> None:
    assert settings.ROOT_URLCONF == "stapteam.urls"
    path = f"/{PREFIX}stapteam/client/"
    with pytest.raises(Resolver404):
        resolve(path)
    assert resolve(path, urlconf="stapteam.urls_benchmark").namespace == "benchmark_admin"


def test_the_forms_hidden_fields_and_first_choices_are_read_from_the_page() -> None:
    page = (
        b'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="c1">'
        b'<input type="hidden" name="submission_key" value="k1">'
        b'<select name="client" id="id_client"><option value="">---</option>'
        b'<option value="7">Roos</option></select>'
        b'<input type="hidden" name="budget" value="3"></form>'
    )
    assert hidden_fields(page) == {"csrfmiddlewaretoken": "c1", "submission_key": "k1"}
    assert first_choice(page, "client") == "7"
    assert first_choice(page, "budget") == "3"
    assert first_choice(page, "partner") == ""


def test_percentiles_count_errors_as_requests_but_not_as_times() -> None:
    result = figures(Samples(ms=[float(n) for n in range(1, 101)], errors=2), seconds=2)
    assert (result.requests, result.errors, result.per_second) == (102, 2, 51)
    assert (result.p50, result.p95, result.p99) == (50.5, 95, 99)


def load_run(**options: Any) -> LoadRun:
    defaults = {"duration": 1, "json": None, "fail_on_targets": False}
    run = LoadRun(Command(stdout=StringIO()), {**defaults, **options})
    run.pages = []
    return run


def test_the_load_run_fails_on_any_error_and_on_a_missed_target_only_when_asked() -> None:
    run = load_run()
    run.target(False, "a goal")
    run.finish()
    run.errors = 1
    with pytest.raises(CommandError, match="1 error"):
        run.finish()
    strict = load_run(fail_on_targets=True)
    strict.target(False, "a goal")
    with pytest.raises(CommandError, match="target"):
        strict.finish()


@pytest.mark.django_db
def test_the_load_run_refuses_accounts_whose_session_cannot_pass_the_second_factor(
    cast, settings
) -> None:
    settings.DEMO_MODE = True  # the cast are no demo accounts: their sessions need the app
    UserFactory.create(username="zonder-app", roles=[Role.CASEMANAGER], second_factor=False)
    cast[Role.CASEMANAGER].is_active = False
    cast[Role.CASEMANAGER].save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="zonder-app"):
        call_command("benchmark", mode="load", stdout=StringIO())
    assert not User.objects.filter(username=BASELINE_USERNAME).exists()


@pytest.mark.django_db
def test_the_load_run_refuses_to_write_outside_demo_mode(cast, settings) -> None:
    settings.DEMO_MODE = False
    contacts = Contact.objects.count()
    with pytest.raises(CommandError, match="DEMO_MODE=true"):
        call_command("benchmark", mode="load", stdout=StringIO())
    assert Contact.objects.count() == contacts
    assert not User.objects.filter(username=BASELINE_USERNAME).exists()
