"""NEN 7513: a coordinator reads who opened a client file after a colleague opened it, and reads,
filters, pages through and exports the whole log at her desk and on a phone."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from stapteam.models import AccessLogEntry
from tests.browser.conftest import log_in, menu_link, shoot
from tests.factories import ClientFactory, ContactFactory

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


@pytest.mark.parametrize("width", [1280, 375])
def test_coordinator_filters_pages_on_and_exports_the_log(
    page: Page, live_server, anna_casemanager, carla_coordinator, tmp_path, width: int
) -> None:
    her = ClientFactory.create(casemanager=anna_casemanager)
    contact = ContactFactory.create(client=her, author=anna_casemanager, note="Geheime notitie")
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=anna_casemanager,
            roles="casemanager",
            client_id=her.pk,
            object_type="contact",
            object_id=str(contact.pk),
            action="read",
        )
        for _ in range(60)
    )
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server.url, carla_coordinator.username)

    menu_link(page, "Toegangslog", exact=True)
    expect(page.get_by_role("heading", name="Toegangslog", exact=True)).to_be_visible()
    page.get_by_label("Gebruiker").select_option(label=str(anna_casemanager))
    page.get_by_label("Soort gegeven").select_option(label="Contactmoment")
    page.get_by_role("button", name="Filteren").click()
    rows = page.locator("#log-entries li.card")
    expect(rows).to_have_count(50)
    expect(rows.first).to_contain_text("Contact van")
    expect(rows.first).to_contain_text(her.code)
    expect(page.get_by_text("Geheime notitie")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, f"toegangslog-filter-{width}", for_docs=width == 1280)

    page.get_by_role("link", name="Oudere regels").click()
    expect(page.get_by_role("link", name="Nieuwere regels")).to_be_visible()
    expect(rows).to_have_count(10)
    expect(page.get_by_role("link", name="Oudere regels")).to_have_count(0)

    with page.expect_download() as info:
        page.get_by_role("link", name="Exporteer CSV").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    lines = saved.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Tijdstip;Gebruiker;")
    assert len(lines) == 1 + 60
    assert "Contact van" in lines[1] and "Geheime notitie" not in saved.read_text()
    assert AccessLogEntry.objects.filter(user=carla_coordinator, action="export").count() == 1
