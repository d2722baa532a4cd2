"""The beheerder in headless Chromium creates an account on STAP's own page (no Django admin),
and the new colleague logs in and is asked to set up her authenticator app; screenshots of the
new beheer pages at phone and desktop width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from stapteam.models import User
from tests.browser.conftest import log_in, log_out, menu_link, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_PASSWORD = "paars-fietspad-zomer-2026"


def both_widths(page: Page, name: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    shoot(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, f"{name}-1280")
    page.set_viewport_size({"width": 375, "height": 812})


def test_beheerder_creates_an_account_and_the_colleague_sets_up_her_second_factor(
    page: Page, live_server, fenna_functional_admin
) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, fenna_functional_admin.username)
    menu_link(page, "Gebruikers")
    page.get_by_role("link", name="Nieuw account").click()
    expect(page.get_by_role("heading", name="Nieuw account")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill("nina")
    page.get_by_label("Voornaam").fill("Nina")
    page.get_by_label("Achternaam").fill("de Wit")
    page.get_by_label("Organisatie").select_option(label=str(fenna_functional_admin.organisation))
    page.get_by_label("Casemanager").check()
    page.locator("#id_password1").fill(FIRST_PASSWORD)
    page.locator("#id_password2").fill("iets-anders-2026-x")
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.get_by_text("De twee wachtwoorden zijn niet gelijk.")).to_be_visible()
    expect(page.get_by_label("Achternaam")).to_have_value("de Wit")
    both_widths(page, "account-nieuw-fout")
    page.locator("#id_password1").fill(FIRST_PASSWORD)
    page.locator("#id_password2").fill(FIRST_PASSWORD)
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.get_by_text("Account van Nina de Wit aangemaakt.")).to_be_visible()
    assert User.objects.get(username="nina").check_password(FIRST_PASSWORD)

    for path, name in [
        ("/instellingen/budgetten/nieuw/", "beheer-budget-nieuw"),
        ("/instellingen/briefsjablonen/nieuw/", "beheer-briefsjabloon-nieuw"),
        ("/instellingen/leefgebieden/", "beheer-leefgebieden"),
        ("/instellingen/inzage-zorg/instellen/", "beheer-inzage-zorg"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        both_widths(page, name)

    log_out(page)
    page.goto(f"{live_server.url}/")
    page.get_by_label("Gebruikersnaam").fill("nina")
    page.get_by_label("Wachtwoord").fill(FIRST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/inloggen/app-instellen/" in url)
    shoot(page, "account-nieuw-eerste-login-375")
