"""The team overview, the team list and my caseload are pages: active files first, searchable."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from stapteam.caseload import services
from stapteam.models import AccessLogEntry, Client
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

URL = "stapteam:client_list"
BADGE = 'ms-1">overdracht</span>'


def codes(response: Any) -> list[str]:
    """The codes on the page, in order, for the overview (rows) and the team list (clients)."""
    assert response.status_code == 200
    if response.context["overview"]:
        return [row["client"].code for row in response.context["rows"]]
    return [client.code for client in response.context["clients"]]


@pytest.mark.parametrize("viewer", ["carla_coordinator", "anna_casemanager"])
def test_the_team_pages_with_running_files_first_and_closed_ones_after(
    request, client, viewer, bram_casemanager_ldh
):
    # Closed files named to sort first by roepnaam: they still come after every running one.
    closed = [ClientFactory.create(closed=True, call_name=f"Aaf {i}") for i in range(2)]
    running = [
        ClientFactory.create(casemanager=bram_casemanager_ldh, call_name=f"Bo {i:02d}")
        for i in range(50)
    ]
    client.force_login(request.getfixturevalue(viewer))
    first = client.get(reverse(URL))
    assert codes(first) == [c.code for c in running]
    assert "1–50 van 52" in first.content.decode()
    second = client.get(reverse(URL), {"pagina": "2"}, headers={"HX-Request": "true"})
    assert codes(second) == [c.code for c in closed]
    assert "<h1" not in second.content.decode()  # htmx gets the list and its page links only


@pytest.mark.parametrize("viewer", ["carla_coordinator", "anna_casemanager"])
def test_someone_is_looked_up_by_client_code_or_roepnaam(request, client, viewer):
    noor = ClientFactory.create(call_name="Noortje", code="STAP-0417")
    sara = ClientFactory.create(call_name="Sara", code="STAP-0500")
    ClientFactory.create(call_name="Wendy", code="STAP-0600", closed=True)
    user = request.getfixturevalue(viewer)
    client.force_login(user)
    assert codes(client.get(reverse(URL), {"q": "stap-04"})) == [noor.code]
    assert codes(client.get(reverse(URL), {"q": "oort"})) == [noor.code]
    assert codes(client.get(reverse(URL), {"q": " SARA "})) == [sara.code]
    nothing = client.get(reverse(URL), {"q": "Xandra"})
    assert codes(nothing) == []
    assert "Geen cliënten" in nothing.content.decode()
    # A search is logged, without what she searched for; paging through the list is not.
    searches = AccessLogEntry.objects.filter(user=user, action="search", object_type="client_list")
    assert searches.count() == 4
    assert not searches.exclude(object_id="").exists()
    client.get(reverse(URL), {"pagina": "1"})
    assert searches.count() == 4


def test_the_overview_can_show_running_files_only(client, carla_coordinator):
    running = ClientFactory.create(call_name="Ilse")
    monitoring = ClientFactory.create(call_name="Jet", monitoring=True)
    ClientFactory.create(call_name="Karin", closed=True)
    client.force_login(carla_coordinator)
    shown = codes(client.get(reverse(URL), {"status": "open"}))
    assert shown == [running.code, monitoring.code]
    assert codes(client.get(reverse(URL), {"status": Client.Status.CLOSED})) != shown


def test_a_casemanager_finds_a_colleagues_client_but_opens_it_only_with_a_reason(
    client, anna_casemanager, bram_casemanager_ldh
):
    mine = ClientFactory.create(casemanager=anna_casemanager, call_name="Lotte")
    brams = ClientFactory.create(casemanager=bram_casemanager_ldh, call_name="Lotus")
    client.force_login(anna_casemanager)
    response = client.get(reverse(URL), {"q": "lot"})
    assert codes(response) == [mine.code, brams.code]
    html = response.content.decode()
    assert f'href="{reverse("stapteam:client_detail", args=[mine.pk])}"' in html
    assert f'href="{reverse("stapteam:client_detail", args=[brams.pk])}"' not in html
    assert f'href="{reverse("stapteam:client_access", args=[brams.pk])}"' in html


def test_a_peer_worker_has_no_team_list_to_search(client, esther_peer_worker):
    ClientFactory.create(call_name="Mira")
    client.force_login(esther_peer_worker)
    assert client.get(reverse(URL), {"q": "Mira"}).status_code == 403


def test_my_caseload_pages_her_clients(client, anna_casemanager):
    mine = [
        ClientFactory.create(casemanager=anna_casemanager, call_name=f"Eva {i:02d}")
        for i in range(52)
    ]
    client.force_login(anna_casemanager)
    first = client.get(reverse("stapteam:my_caseload"))
    assert [row["client"].pk for row in first.context["rows"]] == [c.pk for c in mine[:50]]
    second = client.get(reverse("stapteam:my_caseload"), {"pagina": "2"})
    assert [row["client"].pk for row in second.context["rows"]] == [c.pk for c in mine[50:]]
    # Her own files carry no handover badge.
    assert BADGE not in first.content.decode()


def test_my_caseload_marks_a_file_she_is_handing_over(
    client, anna_casemanager, bram_casemanager_ldh, carla_coordinator
):
    handed = ClientFactory.create(casemanager=bram_casemanager_ldh, call_name="Fleur")
    services.reassign(
        client=handed,
        to_casemanager=anna_casemanager,
        overlap_until=timezone.localdate() + datetime.timedelta(days=7),
        note="Overdracht",
        by=carla_coordinator,
    )
    client.force_login(bram_casemanager_ldh)
    assert BADGE in client.get(reverse("stapteam:my_caseload")).content.decode()
    client.force_login(anna_casemanager)
    assert BADGE not in client.get(reverse("stapteam:my_caseload")).content.decode()
