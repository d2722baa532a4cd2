"""Edges found in review: absurd dates are refused, consent gates procesregie, peer-worker view."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stapteam.models import Contact, PeerLink
from tests.factories import ClientFactory, ContactFactory, EscalationFactory


@pytest.mark.django_db
@pytest.mark.parametrize("when", ["0001-01-01T00:00", "1899-12-31T10:00"])
def test_a_contact_in_year_one_is_refused_and_pages_keep_working(client, anna_casemanager, when):
    c = ClientFactory.create(casemanager=anna_casemanager)
    client.force_login(anna_casemanager)
    response = client.post(
        reverse("stapteam:contact_create"),
        {
            "client": c.pk,
            "occurred_at": when,
            "kind": "outreach",
            "minutes": 30,
            "time_type": "direct",
        },
    )
    assert response.status_code == 200
    assert (
        "Dit is al gebeurd: kies een datum tussen 1 januari 2000 en vandaag."
        in response.content.decode()
    )
    assert not Contact.objects.exists()
    assert client.get(reverse("stapteam:client_detail", args=[c.pk])).status_code == 200


@pytest.mark.django_db
def test_procesregisseur_sees_personal_details_only_with_consent(
    client, anna_casemanager, pim_process_director
):
    without = ClientFactory.create(casemanager=anna_casemanager, full_name="Zonder Toestemming")
    EscalationFactory.create(client=without, raised_by=anna_casemanager)
    given = ClientFactory.create(
        casemanager=anna_casemanager,
        full_name="Met Toestemming",
        consent_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    EscalationFactory.create(client=given, raised_by=anna_casemanager)
    client.force_login(pim_process_director)

    page = client.get(reverse("stapteam:client_detail", args=[without.pk])).content.decode()
    assert "Zonder Toestemming" not in page
    assert without.phone not in page
    page = client.get(reverse("stapteam:client_detail", args=[given.pk])).content.decode()
    assert "Met Toestemming" in page


@pytest.mark.django_db
def test_peer_worker_caseload_shows_no_hours_from_other_workers(
    client, anna_casemanager, esther_peer_worker
):
    c = ClientFactory.create(casemanager=anna_casemanager)
    PeerLink.objects.create(
        client=c, peer_worker=esther_peer_worker, started_on=timezone.localdate()
    )
    ContactFactory.create(client=c, author=anna_casemanager, minutes=90)
    client.force_login(esther_peer_worker)
    page = client.get(reverse("stapteam:my_caseload")).content.decode()
    assert c.call_name in page
    assert "Uren deze maand" not in page


@pytest.mark.django_db
def test_casemanager_records_the_end_and_result_of_a_trajectory(client, anna_casemanager):
    from stapteam.models import Trajectory

    c = ClientFactory.create(casemanager=anna_casemanager)
    t = Trajectory.objects.create(
        client=c, kind="entry_housing", started_on=timezone.localdate() - datetime.timedelta(90)
    )
    client.force_login(anna_casemanager)
    response = client.post(
        reverse("stapteam:trajectory_edit", args=[t.pk]),
        {
            "kind": "entry_housing",
            "provider": "Terecht",
            "started_on": t.started_on.isoformat(),
            "ended_on": timezone.localdate().isoformat(),
            "result": "Eigen kamer gevonden",
        },
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert (t.ended_on, t.result) == (timezone.localdate(), "Eigen kamer gevonden")
    assert t.history.count() == 2
