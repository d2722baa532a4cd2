"""The generic history page /historie/<kind>/<pk>/: Dutch labels, author and reason, exactly the
roles that may open the record, in keyset pages, logged, in a fixed number of queries."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse
from simple_history.utils import update_change_reason

from stapteam.caseload import services
from stapteam.models import AccessLogEntry, Client, Contact, DomainSet, ZrmAssessment
from stapteam.platform.actor import acting_as
from stapteam.platform.history import HISTORY_KINDS, PER_PAGE, TECHNICAL_FIELDS
from tests.factories import ClientFactory, ContactFactory, EscalationFactory, GoalFactory

# Dutch field names that are spelled as the English ones.
DUTCH_AS_IS = {"status", "moment", "bed", "budget"}


@pytest.fixture
def annas_client(anna_casemanager: Any) -> Client:
    return ClientFactory.create(casemanager=anna_casemanager, call_name="Roos")


def history_url(kind: str, pk: int) -> str:
    return reverse("stapteam:history", args=[kind, pk])


def correct(contact: Contact, by: Any, note: str, reason: str = "") -> None:
    """A correction as the page makes it, with a reason in the history when given."""
    with acting_as(by):
        services.correct_contact(contact=contact, by=by, note=note)
    if reason:
        update_change_reason(contact, reason)


def test_every_kind_names_its_fields_in_dutch() -> None:
    wrong = []
    for slug, kind in HISTORY_KINDS.items():
        for f in kind.model.history.model.tracked_fields:  # type: ignore[attr-defined]
            label = str((kind.labels or {}).get(f.name, f.verbose_name))
            if f.name in TECHNICAL_FIELDS or f.name in DUTCH_AS_IS:
                continue
            if label == f.name.replace("_", " "):
                wrong.append(f"{slug}.{f.name}")
    assert not wrong, f"give these fields a Dutch label: {wrong}"
    assert set(HISTORY_KINDS) >= {
        "contact",
        "doel",
        "zrm",
        "traject",
        "opschaling",
        "timeout-aanvraag",
        "verblijf",
        "aanvraag",
        "besluit",
        "bezwaar",
        "boeking",
    }


@pytest.mark.django_db
def test_contact_history_shows_dutch_labels_author_reason_and_before_after(
    client, anna_casemanager, annas_client
):
    contact = ContactFactory.create(client=annas_client, author=anna_casemanager, note="Eerst")
    correct(contact, anna_casemanager, "Daarna", reason="Verkeerde naam genoemd")
    client.force_login(anna_casemanager)

    response = client.get(history_url("contact", contact.pk))

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Korte notitie" in page
    assert "<del>Eerst</del> → <ins>Daarna</ins>" in page
    assert f"door {anna_casemanager}" in page
    assert "(Verkeerde naam genoemd)" in page
    assert "Version" not in page and "Versie" not in page
    assert "Historie van het contact van" in page
    # Reading the history is logged like reading the contact.
    row = AccessLogEntry.objects.filter(object_type="contact", object_id=str(contact.pk)).last()
    assert row is not None
    assert (row.user, row.action) == (anna_casemanager, AccessLogEntry.Action.READ)


@pytest.mark.django_db
def test_history_is_refused_to_whoever_may_not_open_the_record(
    client,
    anna_casemanager,
    bram_casemanager_ldh,
    esther_peer_worker,
    pim_process_director,
    sanne_secretariat,
    annas_client,
):
    contact = ContactFactory.create(client=annas_client, author=anna_casemanager)
    goal = GoalFactory.create(client=annas_client, created_by=anna_casemanager)
    escalation = EscalationFactory.create(client=annas_client, raised_by=anna_casemanager)
    refused = [
        (bram_casemanager_ldh, "contact", contact.pk),
        (esther_peer_worker, "contact", contact.pk),
        (pim_process_director, "contact", contact.pk),
        (sanne_secretariat, "doel", goal.pk),
        (bram_casemanager_ldh, "doel", goal.pk),
        (anna_casemanager, "opschaling", escalation.pk),
        (anna_casemanager, "onbekend", contact.pk),
    ]
    for user, kind, pk in refused:
        client.force_login(user)
        status = client.get(history_url(kind, pk)).status_code
        assert status in (403, 404), f"{user} {kind}: {status}"
    client.force_login(pim_process_director)
    assert client.get(history_url("opschaling", escalation.pk)).status_code == 200


@pytest.mark.django_db
def test_zrm_history_for_the_casemanager(client, anna_casemanager, annas_client, as_system):
    domains = list(DomainSet.default().domains.all())
    assessment = services.record_zrm(
        client=annas_client,
        assessed_on=annas_client.created_at.date(),
        moment=ZrmAssessment.Moment.INTAKE,
        assessor=anna_casemanager,
        scores=[(d, 3, "", None) for d in domains],
    )
    client.force_login(anna_casemanager)
    page = html.unescape(client.get(history_url("zrm", assessment.pk)).content.decode())
    assert "Lijst van leefgebieden" in page and "Intake" in page
    assert reverse("stapteam:history", args=["zrm", assessment.pk]) in html.unescape(
        client.get(reverse("stapteam:zrm_overview", args=[annas_client.pk])).content.decode()
    )


@pytest.mark.django_db
def test_history_is_paginated_newest_first(client, anna_casemanager, annas_client):
    contact = ContactFactory.create(client=annas_client, author=anna_casemanager, note="Versie 0")
    for n in range(1, PER_PAGE + 5):
        correct(contact, anna_casemanager, f"Versie {n}")
    client.force_login(anna_casemanager)

    response = client.get(history_url("contact", contact.pk))
    first = html.unescape(response.content.decode())
    older = {"ouder": response.context["page"].older}
    second = html.unescape(client.get(history_url("contact", contact.pk), older).content.decode())

    assert f"<del>Versie {PER_PAGE + 3}</del> → <ins>Versie {PER_PAGE + 4}</ins>" in first
    assert "Oudere regels" in first and "Nieuwere regels" not in first
    assert "Nieuwere regels" in second and "Oudere regels" not in second
    assert first.count('class="card mb-2"') == PER_PAGE
    # The oldest change of page 1 is still compared with the version before it (on page 2).
    assert "<del>Versie 4</del> → <ins>Versie 5</ins>" in first
    assert "<del>Versie 3</del> → <ins>Versie 4</ins>" in second
    assert second.count('class="card mb-2"') == 5
    assert "aangemaakt" in second and "aangemaakt" not in first


@pytest.mark.django_db
def test_history_page_costs_a_fixed_number_of_queries(
    assert_fixed_queries, anna_casemanager, annas_client
):
    contact = ContactFactory.create(client=annas_client, author=anna_casemanager, note="Eerst")
    correct(contact, anna_casemanager, "Tweede")

    def more() -> None:
        for n in range(40):
            correct(contact, anna_casemanager, f"Nog een {n}")

    assert_fixed_queries(
        anna_casemanager, history_url("contact", contact.pk), add_more=more, max_queries=25
    )
