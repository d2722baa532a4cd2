"""NEN 7513: a coordinator reads who opened a client file after a colleague opened it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, shoot
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_sees_who_opened_a_client_file(
    page: Page, live_server, anna_casemanager, carla_coordinator
) -> None:
    client = ClientFactory.create(call_name="Chantal", casemanager=anna_casemanager)
    detail = f"{live_server.url}{reverse('stapteam:client_detail', args=[client.pk])}"

    # Anna opens her client's file.
    log_in(page, live_server.url, anna_casemanager.username)
    page.goto(detail)
    expect(page.get_by_role("heading", name="Chantal")).to_be_visible()

    # Later the coordinator asks who has seen it.
    page.context.clear_cookies()
    log_in(page, live_server.url, carla_coordinator.username)
    page.goto(detail)
    page.get_by_role("link", name="Wie heeft dit dossier ingezien").click()
    expect(
        page.get_by_role("heading", name=f"Wie heeft dossier {client.code} ingezien")
    ).to_be_visible()
    entries = page.get_by_role("listitem")
    expect(entries.filter(has_text=str(anna_casemanager))).to_have_count(1)
    expect(entries.filter(has_text=str(anna_casemanager)).first).to_contain_text("ingezien")
    shoot(page, "toegangslog", for_docs=True)
