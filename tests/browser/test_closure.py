"""Closing a file on a phone: the outcome, the confirmation with open work, then reopening."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from stapteam.models import Client, Closure, Goal
from tests.browser.conftest import log_in, log_out, shoot
from tests.factories import ClientFactory, EscalationFactory, GoalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_casemanager_closes_with_confirmation_and_coordinator_reopens(
    page: Page, live_server, anna_casemanager, carla_coordinator
) -> None:
    client = ClientFactory.create(call_name="Fleur", casemanager=anna_casemanager)
    lapse = GoalFactory.create(client=client, created_by=anna_casemanager, wish="Een eigen kamer")
    keep = GoalFactory.create(client=client, created_by=anna_casemanager, wish="Weer sporten")
    EscalationFactory.create(client=client, raised_by=anna_casemanager)
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, anna_casemanager.username)
    page.goto(f"{live_server.url}/clienten/{client.pk}/")

    page.get_by_role("link", name="Afsluiten").click()
    expect(page.get_by_role("heading", name="Dossier afsluiten")).to_be_visible()
    # No outcome is chosen for her: going on without one is refused with the rule.
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("Kies een uitkomst.")).to_be_visible()
    page.get_by_label("Overdracht naar reguliere zorg").check()
    page.get_by_label("Toelichting (niet verplicht)").fill("Zorg loopt via het wijkteam")
    page.get_by_role("button", name="Verder").click()

    # The confirmation lists the open work and asks about each goal.
    expect(page.get_by_role("heading", name="Afsluiten bevestigen")).to_be_visible()
    expect(page.get_by_text("Opschaling loopt sinds", exact=False)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, "casemanager-close-confirm", for_docs=True)
    page.get_by_role("button", name="Dossier afsluiten").click()
    expect(page.get_by_text("Kies per doel: laten vervallen of open laten.").first).to_be_visible()
    page.locator(f"input[name='goal_{lapse.pk}'][value='lapse']").check()
    page.locator(f"input[name='goal_{keep.pk}'][value='keep']").check()
    page.get_by_role("button", name="Dossier afsluiten").click()
    expect(page.get_by_text("Dossier afgesloten.")).to_be_visible()
    expect(page.get_by_text("Dossier afgesloten: Overdracht naar reguliere zorg")).to_be_visible()

    client.refresh_from_db()
    assert (client.status, client.outcome) == (Client.Status.CLOSED, "regular_care")
    lapse.refresh_from_db()
    keep.refresh_from_db()
    assert (lapse.status, keep.status) == (Goal.Status.LAPSED, Goal.Status.OPEN)
    log_out(page)

    # The coordinator reopens it with a reason; the earlier closure stays on the page.
    log_in(page, live_server.url, carla_coordinator.username)
    page.goto(f"{live_server.url}/clienten/{client.pk}/")
    page.get_by_role("link", name="Heropenen").click()
    page.get_by_label("Reden voor heropenen").fill("Terug op de zone, wil weer begeleiding")
    page.get_by_role("button", name="Heropenen").click()
    expect(page.get_by_text("Dossier heropend.")).to_be_visible()
    expect(page.get_by_text("Dossier heropend door", exact=False)).to_be_visible()
    page.get_by_text("Afsluitingen en heropeningen").click()
    expect(page.get_by_text("Heropend op", exact=False)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, "coordinator-reopened", for_docs=True)

    closure = Closure.objects.get(client=client)
    assert (closure.outcome, closure.reopened_by) == ("regular_care", carla_coordinator)
