"""Who sees which client file: own caseload, colleagues with a reason, handovers, peer workers,
procesregie, and the roles that open no file at all."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from stapteam.models import Assignment, Client, ClientAccessGrant, Handover, PeerLink
from tests.factories import ClientFactory, ContactFactory, EscalationFactory, GoalFactory

SECRET_NOTE = "Vertelde over haar zus in Arnhem, niet doorvertellen 7f3q"
OTHER_NOTE = "Had ruzie met haar vriend op de zone, blauwe plek x9k2"


def detail_url(client: Client) -> str:
    return reverse("stapteam:client_detail", args=[client.pk])


def access_url(client: Client) -> str:
    return reverse("stapteam:client_access", args=[client.pk])


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def annas_client(anna_casemanager: Any) -> Client:
    return ClientFactory.create(casemanager=anna_casemanager, call_name="Roos")


@pytest.fixture
def brams_client(bram_casemanager_ldh: Any) -> Client:
    return ClientFactory.create(casemanager=bram_casemanager_ldh, call_name="Daisy")


# --- Casemanagers --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_casemanager_opens_her_own_clients_file(client, anna_casemanager, annas_client):
    annas_client.full_name = "Roos van Dijk"
    annas_client.phone = "06-11223344"
    annas_client.save()
    client.force_login(anna_casemanager)

    response = client.get(detail_url(annas_client))

    assert response.status_code == 200
    assert response.context["client"] == annas_client
    assert response.context["scope"].personal
    assert response.context["scope"].edit
    assert "Roos van Dijk" in response.content.decode()
    assert "06-11223344" in response.content.decode()


@pytest.mark.django_db
def test_casemanager_opens_colleagues_client_only_after_giving_a_reason(
    client, anna_casemanager, brams_client
):
    ContactFactory.create(client=brams_client, note=SECRET_NOTE)
    client.force_login(anna_casemanager)

    # Without a reason: sent to the page that asks for one, and nothing of the file is shown.
    response = client.get(detail_url(brams_client))
    assert response.status_code == 302
    assert response.url == access_url(brams_client)
    page = client.get(access_url(brams_client))
    assert page.status_code == 200
    assert SECRET_NOTE not in page.content.decode()
    assert not ClientAccessGrant.objects.exists()

    # An empty reason is refused in Dutch and records nothing.
    response = client.post(access_url(brams_client), {"reason": "   "})
    assert response.status_code == 200
    assert "Geef een reden op." in response.content.decode()
    assert not ClientAccessGrant.objects.exists()
    assert client.get(detail_url(brams_client)).status_code == 302

    # A reason that says nothing is refused too: at least 20 characters and 3 words.
    for vague in ("Waarneming", "Waarneming-voor-Bram-vandaag", "even kijken"):
        response = client.post(access_url(brams_client), {"reason": vague})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Geef een reden van minstens 20 tekens en 3 woorden" in page
        assert f'value="{vague}"' in page  # what she typed is kept
    assert not ClientAccessGrant.objects.exists()

    # With a reason: recorded, and the file opens.
    response = client.post(access_url(brams_client), {"reason": "Waarneming voor Bram, ziek"})
    assert response.status_code == 302
    assert response.url == detail_url(brams_client)
    grant = ClientAccessGrant.objects.get()
    assert grant.client == brams_client
    assert grant.user == anna_casemanager
    assert grant.reason == "Waarneming voor Bram, ziek"
    assert grant.valid_until > timezone.now()

    response = client.get(detail_url(brams_client))
    assert response.status_code == 200
    assert SECRET_NOTE in response.content.decode()


@pytest.mark.django_db
def test_access_with_reason_ends_when_the_grant_expires(client, anna_casemanager, brams_client):
    client.force_login(anna_casemanager)
    client.post(access_url(brams_client), {"reason": "Waarneming voor een zieke collega"})
    assert client.get(detail_url(brams_client)).status_code == 200

    ClientAccessGrant.objects.update(valid_until=timezone.now() - datetime.timedelta(minutes=1))

    response = client.get(detail_url(brams_client))
    assert response.status_code == 302
    assert response.url == access_url(brams_client)


@pytest.mark.django_db
def test_coordinator_opens_every_file_without_a_reason(client, carla_coordinator, brams_client):
    client.force_login(carla_coordinator)
    assert client.get(detail_url(brams_client)).status_code == 200
    assert not ClientAccessGrant.objects.exists()


# --- Warm handover -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_both_casemanagers_open_the_file_during_the_handover_and_the_old_one_loses_it_after(
    client, anna_casemanager, bram_casemanager_ldh, carla_coordinator, annas_client
):
    today = timezone.localdate()
    client.force_login(carla_coordinator)
    response = client.post(
        reverse("stapteam:client_reassign", args=[annas_client.pk]),
        {
            "casemanager": bram_casemanager_ldh.pk,
            "overlap_until": (today + datetime.timedelta(days=14)).isoformat(),
            "note": "Roos slaapt nu bij een vriendin in Hatert; bel haar 's middags.",
        },
    )
    assert response.status_code == 302
    handover = Handover.objects.get(client=annas_client)
    assert handover.from_casemanager == anna_casemanager
    assert handover.to_casemanager == bram_casemanager_ldh

    # During the overlap both open the full file.
    for person in (anna_casemanager, bram_casemanager_ldh):
        client.force_login(person)
        assert client.get(detail_url(annas_client)).status_code == 200, person

    # The last day of the overlap (ends_on is today) still counts.
    Handover.objects.filter(pk=handover.pk).update(
        starts_on=today - datetime.timedelta(days=14), ends_on=today
    )
    client.force_login(anna_casemanager)
    assert client.get(detail_url(annas_client)).status_code == 200

    # The day after ends_on the old casemanager needs a reason again; the new one keeps the file.
    Handover.objects.filter(pk=handover.pk).update(
        starts_on=today - datetime.timedelta(days=15), ends_on=today - datetime.timedelta(days=1)
    )
    response = client.get(detail_url(annas_client))
    assert response.status_code == 302
    assert response.url == access_url(annas_client)
    assert annas_client not in Client.objects.visible_to(anna_casemanager)

    client.force_login(bram_casemanager_ldh)
    assert client.get(detail_url(annas_client)).status_code == 200


@pytest.mark.django_db
def test_a_third_casemanager_does_not_get_in_through_someone_elses_handover(
    client, anna_casemanager, bram_casemanager_ldh, carla_coordinator, annas_client
):
    from stapteam.caseload import services
    from stapteam.platform.roles import Role
    from tests.factories import UserFactory

    services.reassign(
        client=annas_client,
        to_casemanager=bram_casemanager_ldh,
        overlap_until=timezone.localdate() + datetime.timedelta(days=7),
        note="Overdracht wegens verlof.",
        by=carla_coordinator,
    )
    dirk = UserFactory.create(username="dirk", roles=[Role.CASEMANAGER])
    client.force_login(dirk)

    response = client.get(detail_url(annas_client))

    assert response.status_code == 302
    assert response.url == access_url(annas_client)


# --- Ervaringsdeskundige -------------------------------------------------------------------------


@pytest.mark.django_db
def test_peer_worker_sees_a_linked_client_with_her_own_contacts_but_not_others_notes(
    client, esther_peer_worker, anna_casemanager, annas_client
):
    annas_client.full_name = "Roos van Dijk"
    annas_client.phone = "06-11223344"
    annas_client.save()
    PeerLink.objects.create(
        client=annas_client, peer_worker=esther_peer_worker, started_on=timezone.localdate()
    )
    ContactFactory.create(
        client=annas_client, author=esther_peer_worker, note="Samen koffie gedronken bij de Cirkel"
    )
    ContactFactory.create(client=annas_client, author=anna_casemanager, note=SECRET_NOTE)
    GoalFactory.create(client=annas_client, wish="Een eigen kamer vinden")
    client.force_login(esther_peer_worker)

    response = client.get(detail_url(annas_client))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Roos" in html
    assert "Een eigen kamer vinden" in html  # goals: yes
    assert "Samen koffie gedronken bij de Cirkel" in html  # her own contact: yes
    assert SECRET_NOTE not in html  # another worker's note: never
    # Basics only: no personal details.
    assert "van Dijk" not in html
    assert "06-11223344" not in html
    timeline_titles = [e.title for e in response.context["timeline"] if e.kind == "Contact"]
    assert len(timeline_titles) == 1


@pytest.mark.django_db
def test_peer_worker_gets_404_for_a_client_she_is_not_linked_to(
    client, esther_peer_worker, annas_client
):
    client.force_login(esther_peer_worker)
    assert client.get(detail_url(annas_client)).status_code == 404
    # Nor can she give herself access with a reason.
    assert client.get(access_url(annas_client)).status_code == 403
    assert (
        client.post(
            access_url(annas_client), {"reason": "Nieuwsgierig naar dit dossier"}
        ).status_code
        == 403
    )
    assert not ClientAccessGrant.objects.exists()


@pytest.mark.django_db
def test_peer_worker_loses_the_file_when_the_link_ends(client, esther_peer_worker, annas_client):
    link = PeerLink.objects.create(
        client=annas_client, peer_worker=esther_peer_worker, started_on=timezone.localdate()
    )
    client.force_login(esther_peer_worker)
    assert client.get(detail_url(annas_client)).status_code == 200

    PeerLink.objects.filter(pk=link.pk).update(ended_on=timezone.localdate())

    assert client.get(detail_url(annas_client)).status_code == 404


# --- Procesregisseur -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_procesregisseur_opens_escalated_and_monitoring_clients_without_contact_notes(
    client, pim_process_director, anna_casemanager, annas_client
):
    EscalationFactory.create(
        client=annas_client, raised_by=anna_casemanager, question="Geen woonplek na drie weken."
    )
    ContactFactory.create(client=annas_client, author=anna_casemanager, note=SECRET_NOTE)
    monitored = ClientFactory.create(monitoring=True, call_name="Iris")
    ContactFactory.create(client=monitored, author=anna_casemanager, note=OTHER_NOTE)
    client.force_login(pim_process_director)

    escalated_page = client.get(detail_url(annas_client))
    monitoring_page = client.get(detail_url(monitored))

    assert escalated_page.status_code == 200
    assert monitoring_page.status_code == 200
    for page in (escalated_page, monitoring_page):
        html = page.content.decode()
        assert SECRET_NOTE not in html
        assert OTHER_NOTE not in html
    assert "Geen woonplek na drie weken." in escalated_page.content.decode()


@pytest.mark.django_db
def test_procesregisseur_gets_404_for_a_plain_active_client(
    client, pim_process_director, annas_client
):
    ContactFactory.create(client=annas_client, note=SECRET_NOTE)
    client.force_login(pim_process_director)

    response = client.get(detail_url(annas_client))

    assert response.status_code == 404
    assert SECRET_NOTE not in response.content.decode()


@pytest.mark.django_db
def test_procesregisseur_loses_the_file_when_the_escalation_is_closed(
    client, pim_process_director, annas_client
):
    escalation = EscalationFactory.create(client=annas_client)
    client.force_login(pim_process_director)
    assert client.get(detail_url(annas_client)).status_code == 200

    type(escalation).objects.filter(pk=escalation.pk).update(closed_at=timezone.now())

    assert client.get(detail_url(annas_client)).status_code == 404


# --- Roles that open no client file --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["sanne_secretariat", "bob_policy_officer"])
def test_secretariat_and_policy_officer_open_no_client_file_and_no_list(
    client, request, person, annas_client
):
    monitored = ClientFactory.create(monitoring=True)
    client.force_login(request.getfixturevalue(person))

    assert client.get(detail_url(annas_client)).status_code == 403
    assert client.get(detail_url(monitored)).status_code == 403
    assert client.get(reverse("stapteam:client_list")).status_code == 403
    assert client.get(access_url(annas_client)).status_code == 403


# --- A closed file is read-only ------------------------------------------------------------------


@pytest.mark.django_db
def test_closed_files_edit_page_redirects_and_nothing_changes(client, anna_casemanager):
    closed = ClientFactory.create(
        closed=True, casemanager=anna_casemanager, call_name="Lotte", residence="Dakloos"
    )
    version = closed.version
    history_rows = closed.history.count()
    client.force_login(anna_casemanager)
    edit_url = reverse("stapteam:client_edit", args=[closed.pk])

    response = client.get(edit_url)
    assert response.status_code == 302
    assert response.url == detail_url(closed)
    assert messages_of(response) == ["Dit dossier is afgesloten en alleen nog te lezen."]

    response = client.post(
        edit_url,
        {
            "call_name": "Veranderd",
            "residence": "Bij haar moeder",
            "origin": Client.Origin.NIJMEGEN,
            "addiction": Client.Addiction.UNKNOWN,
            "version": version,
        },
    )
    assert response.status_code == 302
    assert response.url == detail_url(closed)

    closed.refresh_from_db()
    assert closed.call_name == "Lotte"
    assert closed.residence == "Dakloos"
    assert closed.version == version
    assert closed.history.count() == history_rows
    # Her assignment stays as it was, too.
    assert Assignment.objects.filter(client=closed).count() == 1
