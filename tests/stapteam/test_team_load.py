"""The coordinator sees the load: clients and hours per casemanager against the norm, on the
team overview and in the assign and handover pickers, in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from stapteam.caseload.hours import team_load
from stapteam.models import CaseloadSettings
from stapteam.platform.roles import Role
from tests.factories import ClientFactory, ContactFactory, UserFactory

# 15 December 2026: half a month of norm.
TODAY = datetime.datetime(2026, 12, 15, 12, 0, tzinfo=datetime.UTC)


def at(day: int, month: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def annas_load(anna_casemanager):
    """Anna: two active clients, one on monitoring, a closed one; 80 minutes this month."""
    roos, iris = ClientFactory.create_batch(2, casemanager=anna_casemanager)
    ClientFactory.create(casemanager=anna_casemanager, monitoring=True)
    ClientFactory.create(casemanager=anna_casemanager, closed=True)
    ContactFactory.create(client=roos, author=anna_casemanager, minutes=50, occurred_at=at(3))
    ContactFactory.create(client=iris, author=anna_casemanager, minutes=30, occurred_at=at(14))
    ContactFactory.create(
        client=iris, author=anna_casemanager, minutes=60, occurred_at=at(10), no_show=True
    )
    ContactFactory.create(client=roos, author=anna_casemanager, minutes=90, occurred_at=at(28, 11))
    return anna_casemanager


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_the_load_counts_active_and_monitoring_clients_and_this_months_own_hours(
    annas_load, bram_casemanager_ldh
):
    loads = {load.casemanager: load for load in team_load(CaseloadSettings.current())}
    anna = loads[annas_load]
    assert (anna.active, anna.monitoring, anna.minutes) == (2, 1, 80)
    norm_per_week = CaseloadSettings.current().norm_hours_per_week
    assert anna.norm == int(norm_per_week * 60 * 2 * 15 / 7)
    assert (loads[bram_casemanager_ldh].active, loads[bram_casemanager_ldh].minutes) == (0, 0)


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_the_team_overview_shows_the_load_per_casemanager(
    client, carla_coordinator, annas_load, assert_fixed_queries
):
    client.force_login(carla_coordinator)
    page = client.get(reverse("stapteam:client_list")).content.decode()
    assert "Belasting per casemanager" in page
    assert f'<a href="?casemanager={annas_load.pk}">{escape(str(annas_load))}</a>' in page
    assert '<td class="text-end">1,3' in page  # 80 minutes

    def more_casemanagers() -> None:
        for _ in range(5):
            other = UserFactory.create(roles=[Role.CASEMANAGER])
            her = ClientFactory.create(casemanager=other)
            ContactFactory.create(client=her, author=other, occurred_at=at(2))

    assert_fixed_queries(
        carla_coordinator,
        reverse("stapteam:client_list"),
        add_more=more_casemanagers,
        max_queries=16,
    )


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("page", ["stapteam:client_assign", "stapteam:client_reassign"])
def test_the_assign_and_handover_pickers_show_each_casemanagers_load(
    client, page, carla_coordinator, annas_load, bram_casemanager_ldh, assert_fixed_queries
):
    target = ClientFactory.create(casemanager=bram_casemanager_ldh)
    url = reverse(page, args=[target.pk])
    client.force_login(carla_coordinator)
    html = client.get(url).content.decode()
    assert f"{escape(str(annas_load))} (" in html
    assert "2 actief, 1 monitoring · 1,3 van " in html
    assert " uur deze maand</option>" in html

    assert_fixed_queries(
        carla_coordinator,
        url,
        add_more=lambda: [
            ClientFactory.create(casemanager=UserFactory.create(roles=[Role.CASEMANAGER]))
            for _ in range(5)
        ],
        max_queries=15,
    )
