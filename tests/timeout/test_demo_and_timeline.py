"""Time-out's demo data and its entries on the client timeline."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from stapteam.caseload.timeline import timeline_for
from stapteam.models import User
from stapteam.platform.roles import user_roles
from tests.factories import ClientFactory
from tests.timeout.conftest import approved_request, day, stay_on
from timeout.apps import timeout_timeline
from timeout.costs import costs_in_year
from timeout.models import Bed, Stay, TimeoutRequest, YearSettings


@pytest.mark.django_db
def test_demo_time_out_loads_once(settings):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert "Demo-time-out: 3 jaarinstellingen, 1 bed(den), 5 verblijven, 1 wachtend" in (
        out.getvalue()
    )
    call_command("demo_data", stdout=StringIO())
    assert YearSettings.objects.count() == 3
    assert Bed.objects.get().name == "Bed 1"
    assert Stay.objects.count() == 5
    assert not Stay.objects.filter(actual_end__isnull=True).exists()
    waiting = TimeoutRequest.objects.get(status=TimeoutRequest.Status.REQUESTED)
    assert waiting.submitted_by == User.objects.get(username="cirkel")
    assert YearSettings.objects.get(year=2023).budget == Decimal("5849.34")
    assert YearSettings.objects.get(year=2024).budget == Decimal("11698.68")
    # 10 + 14 + 4 nights in 2023; 3 over New Year, 3 (ended early) and 14 in 2024.
    assert costs_in_year(2023) == (28, 28 * Decimal("139.27"))
    assert costs_in_year(2024) == (20, 20 * Decimal("139.27"))


@pytest.mark.django_db
def test_the_timeline_shows_requests_and_stays_to_those_who_may_see_them(
    django_assert_num_queries,
    anna_casemanager,
    bram_casemanager_ldh,
    carla_coordinator,
    esther_peer_worker,
    settings_year,
    beds,
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    for _ in range(3):
        approved_request(client=her, by=anna_casemanager, coordinator=carla_coordinator)
    stay_on(beds[0], day(3, 1), day(3, 8), client=her, by=carla_coordinator)

    # Permissions and roles are read once per request; the entries themselves take one query.
    anna_casemanager.has_perm("timeout.view_timeoutrequest")
    user_roles(anna_casemanager)
    with django_assert_num_queries(1):
        entries = list(timeout_timeline(her, anna_casemanager))
    assert len(entries) == 5
    assert {e.icon for e in entries} == {"moon"}
    titles = [e.title for e in timeline_for(her, anna_casemanager)]
    assert any(t.startswith("Time-out in IrisZorg time-out – Bed 1 van 01-03-2030") for t in titles)
    assert list(timeout_timeline(her, bram_casemanager_ldh)) == []
    assert list(timeout_timeline(her, esther_peer_worker)) == []
