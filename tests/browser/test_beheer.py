"""The beheerder in headless Chromium: a tariff change with its preview and confirmation, and an
edit of a reference list item, on STAP's own beheer pages (phone and desktop screenshots)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from registrations.models import RefusalGround
from stapteam.models import DestructionRecord, DomainSet
from tests.browser.conftest import log_in, menu_link, shoot
from tests.factories import ClientFactory
from tests.timeout.conftest import YEAR, day, make_beds, stay_on, year_settings
from timeout.models import YearSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_beheerder_changes_a_tariff_after_the_preview_and_edits_a_refusal_ground(
    page: Page, live_server, fenna_functional_admin, anna_casemanager
) -> None:
    year_settings()
    her = ClientFactory.create(casemanager=anna_casemanager)
    stay_on(make_beds(1)[0], day(3, 1), day(3, 8), client=her, by=anna_casemanager)
    ground = RefusalGround.objects.create(name="Niet bekend in de zorg")

    log_in(page, live_server.url, fenna_functional_admin.username)
    menu_link(page, "Beheer", exact=True)
    expect(page.get_by_role("heading", name="Beheer", exact=True)).to_be_visible()
    shoot(page, "beheer-index-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "beheer-index-1280")
    page.set_viewport_size({"width": 375, "height": 812})

    page.get_by_role("link", name="Jaarinstellingen en tarieven").click()
    shoot(page, "beheer-jaarinstellingen-375")
    page.get_by_role("link", name=str(YEAR), exact=True).click()
    page.get_by_label("Tarief per dag").fill("150.00")
    page.get_by_label("Reden van de wijziging").fill("Tarief gemeente per 1 januari")
    shoot(page, "beheer-jaar-form-375")
    page.get_by_role("button", name="Opslaan").click()

    # The preview: her stay by code and period, before → after, and the totals; nothing saved.
    expect(page.get_by_role("heading", name="Wijziging bevestigen")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=her.code)
    expect(row).to_contain_text("€\xa0974,89")
    expect(row).to_contain_text("€\xa01.050,00")
    expect(page.get_by_text("1 geboekt verblijf krijgt een andere prijs")).to_be_visible()
    shoot(page, "beheer-tarief-preview-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "beheer-tarief-preview-1280")
    assert YearSettings.objects.get(year=YEAR).tariff_per_day == Decimal("139.27")
    page.get_by_role("button", name="Bevestigen en opslaan").click()
    expect(page.get_by_text(f"Jaar {YEAR} opgeslagen: €\xa0150,00 per dag.")).to_be_visible()
    saved = YearSettings.objects.get(year=YEAR)
    assert saved.tariff_per_day == Decimal("150.00")
    assert saved.history.first().history_change_reason == "Tarief gemeente per 1 januari"

    # A reference list item.
    page.set_viewport_size({"width": 375, "height": 812})
    menu_link(page, "Beheer", exact=True)
    page.get_by_role("link", name="Weigeringsgronden").click()
    page.get_by_role("link", name="Niet bekend in de zorg").click()
    page.get_by_label("Weigeringsgrond").fill("Niet lang genoeg bekend in de zorg")
    shoot(page, "beheer-weigeringsgrond-375")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("link", name="Niet lang genoeg bekend in de zorg")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "beheer-weigeringsgronden-1280")
    ground.refresh_from_db()
    assert ground.name == "Niet lang genoeg bekend in de zorg"


def test_beheerder_switches_the_default_life_domains_and_reads_the_destruction_register(
    page: Page, live_server, fenna_functional_admin
) -> None:
    DestructionRecord.objects.create(
        category="care_file",
        object_type="stapteam.client",
        object_id="1",
        client_code="STAP-7001",
        action=DestructionRecord.Action.ANONYMISED,
        destroyed_on=timezone.localdate(),
        related_rows=9,
    )
    log_in(page, live_server.url, fenna_functional_admin.username)
    menu_link(page, "Beheer", exact=True)
    page.get_by_role("link", name="Standaardlijst leefgebieden").click()
    page.get_by_role("link", name="ZRM 2017 (13 leefgebieden)").click()
    page.get_by_label("Standaard").check()
    page.get_by_label("Reden van de wijziging").fill("Besluit teamoverleg")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Wijziging bevestigen")).to_be_visible()
    expect(page.get_by_text("in plaats van Nijmegen (12 leefgebieden)")).to_be_visible()
    shoot(page, "beheer-standaardlijst-375")
    assert DomainSet.default().code == "nijmegen-12"
    page.get_by_role("button", name="Bevestigen en opslaan").click()
    expect(page.get_by_text("is nu de standaardlijst voor nieuwe doelen")).to_be_visible()
    assert DomainSet.default().code == "zrm-2017-13"

    menu_link(page, "Beheer", exact=True)
    page.get_by_role("link", name="Vernietigingsregister").click()
    row = page.get_by_role("row").filter(has_text="STAP-7001")
    expect(row).to_contain_text("Zorgdossier")
    expect(row).to_contain_text("geanonimiseerd")
    shoot(page, "beheer-vernietigingsregister-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "beheer-vernietigingsregister-1280")
    page.get_by_label("Cliëntcode").fill("STAP-9999")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_text("Geen regels bij dit filter.")).to_be_visible()
