"""The caseload's main flows in headless Chromium on a phone-sized screen, one per role."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from stapteam.models import (
    Assignment,
    Client,
    Contact,
    Escalation,
    Goal,
    Handover,
    PeerLink,
    ZrmAssessment,
)
from tests.browser.conftest import log_in, menu_link, shoot
from tests.factories import ClientFactory, ContactFactory, EscalationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_casemanager_logs_contact_adds_goal_scores_zrm_and_escalates(
    page: Page, live_server, anna_casemanager
) -> None:
    client = ClientFactory.create(call_name="Chantal", casemanager=anna_casemanager)
    log_in(page, live_server.url, anna_casemanager.username)

    # An outreach contact from "Mijn caseload": the client's button, then Opslaan.
    menu_link(page, "Mijn caseload")
    expect(page.get_by_role("heading", name="Mijn caseload")).to_be_visible()
    shoot(page, "casemanager-caseload", for_docs=True)
    page.get_by_role("link", name="Contact met Chantal").click()
    expect(page.get_by_label("Cliënt")).to_have_value(str(client.pk))
    shoot(page, "casemanager-contact", for_docs=True)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Contact met Chantal vastgelegd.")).to_be_visible()
    contact = Contact.objects.get(client=client)
    assert (contact.author, contact.kind, contact.minutes) == (anna_casemanager, "outreach", 30)

    # A goal on a life domain.
    page.get_by_role("link", name="Doel toevoegen").click()
    page.get_by_label("Leefgebied").select_option(label="Huisvesting")
    page.get_by_label("Wat zij wil").fill("Een eigen kamer voor de winter")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Doel toegevoegd.")).to_be_visible()
    assert Goal.objects.get(client=client).domain.name == "Huisvesting"

    # A ZRM assessment, then the chart.
    page.get_by_role("link", name="ZRM en grafiek").click()
    page.get_by_role("link", name="Nieuwe meting").click()
    page.get_by_label("Moment").select_option(label="Intake")
    for i, select in enumerate(page.locator("select[name^='score_']").all()):
        select.select_option(str(i % 5 + 1))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("ZRM-meting vastgelegd.")).to_be_visible()
    expect(page.locator("canvas.zrm-chart").first).to_be_visible()
    page.wait_for_function(
        "Chart.getChart(document.querySelector('canvas.zrm-chart')) !== undefined"
    )
    shoot(page, "casemanager-zrm", for_docs=True)
    assert ZrmAssessment.objects.get(client=client).scores.count() == 12

    # Escalation to procesregie.
    page.get_by_role("link", name="Chantal").first.click()
    page.get_by_role("link", name="Opschalen").first.click()
    page.get_by_label("Vraag aan procesregie").fill("Geen contact meer sinds de ontruiming.")
    page.get_by_role("button", name="Opschalen").click()
    expect(page.get_by_text("Opgeschaald naar procesregie.")).to_be_visible()
    shoot(page, "casemanager-client", for_docs=True)
    assert Escalation.objects.get(client=client).raised_by == anna_casemanager


def test_coordinator_reassigns_with_a_warm_handover(
    page: Page, live_server, carla_coordinator, anna_casemanager, bram_casemanager_ldh
) -> None:
    client = ClientFactory.create(call_name="Dewi", casemanager=anna_casemanager)
    log_in(page, live_server.url, carla_coordinator.username)
    menu_link(page, "Cliënten")
    expect(page.get_by_role("heading", name="Teamoverzicht")).to_be_visible()
    shoot(page, "coordinator-overview", for_docs=True)
    page.get_by_role("link", name="Dewi").click()
    page.get_by_role("link", name="Overdragen").click()
    picker = page.get_by_label("Casemanager")
    # Each name comes with her load, so the coordinator sees who has room.
    expect(picker.locator("option", has_text=str(bram_casemanager_ldh))).to_contain_text(
        "0 actief, 0 monitoring"
    )
    picker.select_option(value=str(bram_casemanager_ldh.pk))
    page.get_by_label("Overdrachtsnotitie").fill("Kent Bram al van de inloop; samen kennismaken.")
    shoot(page, "coordinator-handover", for_docs=True)
    page.get_by_role("button", name="Overdragen").click()
    expect(page.get_by_text("Warme overdracht vastgelegd.")).to_be_visible()
    expect(
        page.get_by_text(
            f"Warme overdracht van {anna_casemanager} naar {bram_casemanager_ldh}"
        ).first
    ).to_be_visible()

    handover = Handover.objects.get(client=client)
    assert handover.ends_on > timezone.localdate()
    current = Assignment.objects.get(client=client, ended_on__isnull=True)
    assert current.casemanager == bram_casemanager_ldh


def test_process_director_records_an_agreement_and_closes_the_escalation(
    page: Page, live_server, pim_process_director, anna_casemanager
) -> None:
    client = ClientFactory.create(call_name="Yara", casemanager=anna_casemanager)
    ContactFactory.create(client=client, author=anna_casemanager, note="Vertrouwelijke notitie")
    escalation = EscalationFactory.create(
        client=client,
        raised_by=anna_casemanager,
        respond_by=timezone.localdate() - datetime.timedelta(days=1),
    )
    log_in(page, live_server.url, pim_process_director.username)
    menu_link(page, "Procesregie")
    expect(page.get_by_text("Te laat").first).to_be_visible()
    shoot(page, "procesregisseur-queue", for_docs=True)
    page.get_by_role("row").filter(has_text="Yara").get_by_role("link").first.click()
    expect(page.get_by_text("Vertrouwelijke notitie")).to_have_count(0)

    page.get_by_label("Omschrijving").fill("Casusoverleg met GGD en politie plannen.")
    page.get_by_label("Eigenaar").fill("Procesregie")
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("Casusoverleg met GGD en politie plannen.")).to_be_visible()
    shoot(page, "procesregisseur-escalation", for_docs=True)

    page.get_by_label("Afsluitende notitie").fill("Afspraken lopen via het casusoverleg.")
    page.get_by_role("button", name="Opschaling afsluiten").click()
    escalation.refresh_from_db()
    assert escalation.closed_at is not None
    assert escalation.actions.get().owner == "Procesregie"


def test_process_director_puts_a_woman_on_monitoring_and_stops_it(
    page: Page, live_server, pim_process_director, anna_casemanager
) -> None:
    client = ClientFactory.create(call_name="Noor", casemanager=anna_casemanager)
    EscalationFactory.create(client=client, raised_by=anna_casemanager)
    log_in(page, live_server.url, pim_process_director.username)
    menu_link(page, "Monitoring")
    candidates = page.locator("li").filter(has_text="Noor")
    candidates.get_by_role("link", name="Op monitoring zetten").click()
    page.get_by_label("Waarom gaat zij op monitoring?").fill("Afgesproken in het casusoverleg.")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("De zorg door het STAP-team stopt.")).to_be_visible()
    shoot(page, "procesregisseur-monitoring-confirm")
    page.get_by_role("button", name="Op monitoring zetten").click()
    expect(page.get_by_text(f"{client.code} staat nu op monitoring.")).to_be_visible()
    shoot(page, "procesregisseur-monitoring", for_docs=True)

    row = page.get_by_role("listitem").filter(has_text="Noor")
    row.get_by_role("link", name="Monitoring stoppen").click()
    page.get_by_label("Terug in zorg bij het STAP-team").check()
    page.get_by_label("Waarom stopt de monitoring?").fill("Zij wil weer begeleiding.")
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("button", name="Monitoring stoppen").click()
    expect(page.get_by_text("Er staan geen vrouwen op monitoring.")).to_be_visible()
    client.refresh_from_db()
    assert client.status == Client.Status.ACTIVE
    assert [c.outcome for c in client.closures.all()] == [Client.Outcome.MONITORING]


def test_peer_worker_logs_a_contact_and_cannot_open_an_unlinked_file(
    page: Page, live_server, esther_peer_worker, anna_casemanager
) -> None:
    linked = ClientFactory.create(call_name="Noor", casemanager=anna_casemanager)
    other = ClientFactory.create(call_name="Quinty", casemanager=anna_casemanager)
    PeerLink.objects.create(
        client=linked, peer_worker=esther_peer_worker, started_on=timezone.localdate()
    )
    log_in(page, live_server.url, esther_peer_worker.username)
    menu_link(page, "Contact vastleggen")
    page.get_by_label("Cliënt").select_option(label=str(linked))
    page.get_by_text("In de Cirkel").click()
    page.get_by_label("Korte notitie").fill("Samen koffie gedronken.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Contact met Noor vastgelegd.")).to_be_visible()
    assert Contact.objects.get(client=linked).author == esther_peer_worker

    response = page.goto(f"{live_server.url}/clienten/{other.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_text("Quinty")).to_have_count(0)


def test_contact_form_finds_a_client_by_typing(page: Page, live_server, anna_casemanager) -> None:
    ClientFactory.create(call_name="Sanne", casemanager=anna_casemanager)
    wanted = ClientFactory.create(call_name="Priscilla", casemanager=anna_casemanager)
    log_in(page, live_server.url, anna_casemanager.username)
    menu_link(page, "Contact vastleggen")
    page.get_by_placeholder("Zoek op roepnaam of code").fill("prisc")
    expect(page.get_by_label("Cliënt")).to_have_value(str(wanted.pk))
