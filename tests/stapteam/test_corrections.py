"""Corrections are visible and never lost: a stale correction is refused and keeps what she
typed beside the other change; a corrected contact says so, with the earlier text one click away."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from stapteam.caseload import services
from stapteam.models import Client, Contact, Goal
from tests.factories import ClientFactory, ContactFactory, GoalFactory


@pytest.fixture
def annas_client(anna_casemanager: Any) -> Client:
    return ClientFactory.create(casemanager=anna_casemanager, call_name="Roos")


def correction(contact: Contact, **overrides: Any) -> dict[str, Any]:
    return {
        "client": contact.client_id,
        "occurred_at": timezone.localtime(contact.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "kind": contact.kind,
        "minutes": contact.minutes,
        "time_type": contact.time_type,
        "note": contact.note,
        "version": contact.version,
        **overrides,
    }


@pytest.mark.django_db
def test_a_correction_from_a_second_tab_is_refused_and_keeps_what_she_typed(
    client, anna_casemanager, annas_client
):
    contact = ContactFactory.create(
        client=annas_client, author=anna_casemanager, minutes=30, note="Eerste versie"
    )
    url = reverse("stapteam:contact_edit", args=[contact.pk])
    opened = correction(contact)  # both tabs open the form at version 1
    client.force_login(anna_casemanager)

    first = client.post(url, {**opened, "note": "Uit het eerste tabblad"})
    assert first.status_code == 302
    second = client.post(url, {**opened, "note": "Uit het tweede tabblad", "minutes": 45})

    assert second.status_code == 200
    page = html.unescape(second.content.decode())
    assert "Niet opgeslagen: iemand anders heeft dit intussen gewijzigd." in page
    assert "Uit het eerste tabblad" in page  # what is saved now
    assert "Uit het tweede tabblad" in page  # what she typed, kept beside it
    assert 'data-put-back="note" data-value="Uit het tweede tabblad"' in page
    assert 'data-put-back="minutes" data-value="45"' in page
    contact.refresh_from_db()
    assert (contact.note, contact.minutes, contact.version) == ("Uit het eerste tabblad", 30, 2)
    # The form now carries the new version: putting hers back and saving goes through.
    assert second.context["form"].initial["version"] == 2
    third = client.post(url, {**opened, "note": "Uit het tweede tabblad", "version": 2})
    assert third.status_code == 302
    contact.refresh_from_db()
    assert (contact.note, contact.version) == ("Uit het tweede tabblad", 3)


@pytest.mark.django_db
def test_correct_contact_refuses_a_stale_version(anna_casemanager, annas_client):
    contact = ContactFactory.create(client=annas_client, author=anna_casemanager, note="Een")
    services.correct_contact(contact=contact, by=anna_casemanager, expected_version=1, note="Twee")
    with pytest.raises(services.StaleEdit) as stale:
        services.correct_contact(
            contact=contact, by=anna_casemanager, expected_version=1, note="Drie"
        )
    [(label, old, new, who)] = stale.value.changes
    assert (str(label), old, new, who) == ("korte notitie", "Een", "Twee", anna_casemanager)
    contact.refresh_from_db()
    assert (contact.note, contact.version) == ("Twee", 2)


@pytest.mark.django_db
def test_client_edit_conflict_shows_the_other_change_and_what_she_typed(
    client, anna_casemanager, carla_coordinator
):
    c = ClientFactory.create(casemanager=anna_casemanager, residence="Dakloos", phone="")
    url = reverse("stapteam:client_edit", args=[c.pk])
    client.force_login(carla_coordinator)
    opened = client.get(url).context["form"].initial
    data = {
        name: value
        for name, value in {
            "call_name": c.call_name,
            "full_name": c.full_name,
            "phone": c.phone,
            "residence": c.residence,
            "origin": c.origin,
            "origin_region": c.origin_region,
            "addiction": c.addiction,
            "consent_scope": c.consent_scope,
            "version": opened["version"],
        }.items()
    }
    assert client.post(url, {**data, "residence": "Bij een vriendin"}).status_code == 302

    client.force_login(anna_casemanager)
    response = client.post(url, {**data, "residence": "Eigen kamer", "phone": "06-55554444"})

    page = html.unescape(response.content.decode())
    assert "Bij een vriendin" in page  # the other person's change
    assert 'data-put-back="residence" data-value="Eigen kamer"' in page
    assert 'data-put-back="phone" data-value="06-55554444"' in page
    assert "Mijn invoer terugzetten" in page


@pytest.mark.django_db
def test_goal_edit_conflict_shows_the_other_change_and_what_she_typed(
    client, anna_casemanager, carla_coordinator, annas_client
):
    goal = GoalFactory.create(client=annas_client, wish="Een eigen kamer", who="")
    url = reverse("stapteam:goal_edit", args=[goal.pk])
    data = {
        "domain": goal.domain_id,
        "wish": goal.wish,
        "actions": "",
        "who": "",
        "target_date": "",
        "status": Goal.Status.OPEN,
        "version": goal.version,
    }
    client.force_login(carla_coordinator)
    assert client.post(url, {**data, "wish": "Een kamer in Lent"}).status_code == 302

    client.force_login(anna_casemanager)
    response = client.post(url, {**data, "wish": "Een kamer met tuin", "who": "Anna"})

    page = html.unescape(response.content.decode())
    assert "Een kamer in Lent" in page
    assert 'data-put-back="wish" data-value="Een kamer met tuin"' in page
    assert 'data-put-back="who" data-value="Anna"' in page
    goal.refresh_from_db()
    assert goal.wish == "Een kamer in Lent"


@pytest.mark.django_db
def test_a_corrected_contact_says_when_and_by_whom_with_a_link_to_the_earlier_text(
    client, anna_casemanager, annas_client
):
    contact = ContactFactory.create(client=annas_client, author=anna_casemanager, note="Eerst")
    never = ContactFactory.create(client=annas_client, author=anna_casemanager, note="Nooit")
    client.force_login(anna_casemanager)
    detail = reverse("stapteam:client_detail", args=[annas_client.pk])
    assert "gecorrigeerd op" not in client.get(detail).content.decode()

    moment = timezone.make_aware(datetime.datetime(2026, 11, 12, 10, 0))
    services.correct_contact(contact=contact, by=anna_casemanager, note="Daarna")
    Contact.objects.filter(pk=contact.pk).update(corrected_at=moment)

    page = html.unescape(client.get(detail).content.decode())
    assert f"gecorrigeerd op 12 november 2026 door {anna_casemanager}" in page
    history_url = reverse("stapteam:history", args=["contact", contact.pk])
    assert history_url in page
    assert reverse("stapteam:history", args=["contact", never.pk]) not in page
    form = html.unescape(
        client.get(reverse("stapteam:contact_edit", args=[contact.pk])).content.decode()
    )
    assert f"gecorrigeerd op 12 november 2026 door {anna_casemanager}" in form
    earlier = html.unescape(client.get(history_url).content.decode())
    assert "Eerst" in earlier and "Daarna" in earlier
