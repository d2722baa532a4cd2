"""The benchmark command times every page it lists; no figure is asserted (no timed tests)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from stapteam.management.commands.benchmark import PAGES
from stapteam.platform.roles import Role
from tests.factories import ClientFactory


@pytest.mark.django_db
def test_benchmark_reports_every_page(cast) -> None:
    ClientFactory.create(casemanager=cast[Role.CASEMANAGER])
    out = StringIO()
    call_command("benchmark", requests=1, report_only=True, stdout=out)
    # Columns: label (26 wide), median, slowest, queries, and "> target" when a page is slow
    # (it may be on a busy test machine: times are not asserted).
    lines = {line[:26].strip(): line[26:].split() for line in out.getvalue().splitlines()}
    for page in PAGES:
        assert page.label in lines
        assert int(lines[page.label][2]) > 0, "the query count is measured"
    assert "Target: median at most 300 ms per page." in out.getvalue()


@pytest.mark.django_db
def test_benchmark_needs_users_of_each_role() -> None:
    with pytest.raises(CommandError, match="No active user"):
        call_command("benchmark", requests=1, stdout=StringIO())
