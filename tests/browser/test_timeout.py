"""Time-out in headless Chromium on a phone: Cirkel request, approval, placement, early end."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from stapteam.platform.formats import euro
from tests.browser.conftest import log_in, menu_link, shoot
from tests.factories import ClientFactory
from tests.timeout.conftest import approved_request
from timeout.costs import costs_in_year
from timeout.models import Bed, Location, Stay, TimeoutRequest, YearSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def beds() -> None:
    # This year and the next: a stay planned late in December runs into January.
    year = timezone.localdate().year
    for y in (year, year + 1):
        YearSettings.objects.create(
            year=y, tariff_per_day=Decimal("139.27"), budget=Decimal("11698.68")
        )
    location = Location.objects.create(name="IrisZorg time-out")
    Bed.objects.create(location=location, name="Bed 1")
    Bed.objects.create(location=location, name="Bed 2")


def time_out_menu(page: Page) -> None:
    """The menu item "Time-out" (menu_link would also match "Jaaroverzicht time-out")."""
    menu_link(page, "Time-out", exact=True)


def test_cirkel_request_approval_placement_and_early_end(
    page: Page,
    browser: Browser,
    live_server,
    beds,
    mila_cirkel_staff,
    carla_coordinator,
) -> None:
    today = timezone.localdate()
    her = ClientFactory.create(call_name="Roos", full_name="Roos Geheim")

    # The Cirkel employee asks for a bed; she picks the woman by code and roepnaam.
    log_in(page, live_server.url, mila_cirkel_staff.username)
    time_out_menu(page)
    page.get_by_role("link", name="Time-out aanvragen").first.click()
    page.get_by_label("Bestaande cliënt (code · roepnaam)").select_option(
        label=f"{her.code} · Roos"
    )
    page.get_by_label("Reden voor de time-out").fill("Uitgeput, wil een paar nachten rust.")
    page.get_by_label("Gewenste startdatum").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Verwachte duur (dagen)").fill("7")
    expect(page.get_by_text("Roos Geheim")).to_have_count(0)
    shoot(page, "timeout-aanvraag", for_docs=True)
    page.get_by_role("button", name="Aanvraag indienen").click()
    expect(page.get_by_text("Aanvraag ingediend.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Aangevraagd")
    request = TimeoutRequest.objects.get()
    assert request.submitted_by == mila_cirkel_staff

    # The coordinator assesses and places, in her own session.
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="nl-NL")
    other = context.new_page()
    log_in(other, live_server.url, carla_coordinator.username)
    time_out_menu(other)
    expect(other.get_by_role("heading", name="Te beoordelen")).to_be_visible()
    shoot(other, "timeout-wachtrij", for_docs=True)
    other.get_by_role("link", name=f"{her.code} · Roos").click()
    other.get_by_label("Goedkeuren").check()
    other.get_by_label("Toelichting").fill("Bed 1 is vrij.")
    other.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(other.get_by_text("Aanvraag goedgekeurd.")).to_be_visible()
    expect(other.get_by_test_id("plan")).to_contain_text("7 dagen, € 974,89")
    other.locator("#id_bed").select_option(label="IrisZorg time-out – Bed 1")
    other.get_by_label("Geplande einddatum").fill(f"{today + datetime.timedelta(days=5):%Y-%m-%d}")
    other.get_by_role("button", name="Kosten berekenen").click()
    expect(other.get_by_test_id("plan")).to_contain_text("5 dagen, € 696,35")
    shoot(other, "timeout-plaatsen", for_docs=True)
    other.get_by_role("button", name="Plaatsen").click()
    expect(other.get_by_text("Geplaatst in IrisZorg time-out – Bed 1")).to_be_visible()
    expect(other.get_by_test_id("status")).to_have_text("Geplaatst")

    # She leaves after two nights.
    left = today + datetime.timedelta(days=2)
    other.get_by_label("Werkelijke einddatum").fill(f"{left:%Y-%m-%d}")
    other.get_by_label("Voortijdig").check()
    other.get_by_label("Reden", exact=True).fill("Zelf vertrokken.")
    shoot(other, "timeout-beeindigen", for_docs=True)
    other.get_by_role("button", name="Verblijf beëindigen").click()
    expect(other.get_by_text("Verblijf beëindigd.")).to_be_visible()
    expect(other.get_by_test_id("status")).to_have_text("Beëindigd")
    stay = Stay.objects.get()
    assert (stay.actual_end, stay.end_kind) == (left, "early")

    # The bed calendar: her name for the coordinator, the first night occupied.
    menu_link(other, "Bedkalender")
    expect(other.locator(f'[data-date="{today:%Y-%m-%d}"]').first).to_have_attribute(
        "data-state", "occupied"
    )
    expect(other.get_by_text(f"Roos ({her.code})")).to_be_visible()
    shoot(other, "timeout-bedkalender", for_docs=True)

    # The year overview: one stay of six, the cost of the nights that count.
    menu_link(other, "Jaaroverzicht time-out")
    _days, cost = costs_in_year(today.year)
    expect(other.get_by_test_id("stays")).to_have_text("1 van 6")
    expect(other.get_by_test_id("cost")).to_have_text(euro(cost))
    expect(other.get_by_role("heading", name="Per cliënt")).to_be_visible()
    shoot(other, "timeout-jaaroverzicht", for_docs=True)
    context.close()

    # The Cirkel employee reads the outcome; the calendar shows no names to her.
    time_out_menu(page)
    expect(page.get_by_text("Beëindigd").first).to_be_visible()
    expect(page.get_by_text("Voortijdig")).to_be_visible()
    shoot(page, "timeout-uitkomst", for_docs=True)
    menu_link(page, "Bedkalender")
    expect(page.get_by_text("bezet", exact=False).first).to_be_visible()
    expect(page.get_by_text("Roos")).to_have_count(0)


def test_the_plan_follows_the_dates_as_the_coordinator_changes_them(
    page: Page, live_server, beds, anna_casemanager, carla_coordinator
) -> None:
    her = ClientFactory.create(casemanager=anna_casemanager)
    start = timezone.localdate()
    request = approved_request(
        client=her, by=anna_casemanager, coordinator=carla_coordinator, start=start
    )
    log_in(page, live_server.url, carla_coordinator.username)
    page.goto(live_server.url + reverse("timeout:request_detail", args=[request.pk]))
    plan = page.locator("#placement-plan")

    page.get_by_label("Geplande einddatum").fill(f"{start + datetime.timedelta(days=3):%Y-%m-%d}")
    page.get_by_label("Geplande einddatum").blur()

    expect(plan).to_contain_text(f"3 dagen, {euro(3 * Decimal('139.27'))}")
    assert "/plaatsen/" not in page.url  # the page stayed; only the plan changed
    assert not Stay.objects.exists()
