"""Each role logs in through the real login form in headless Chromium and sees its start page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from stapteam.platform.roles import GROUP_NAMES, Role
from tests.browser.conftest import SCREENSHOTS, log_in, log_out, menu_link, open_menu
from tests.conftest import CAST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_logs_in_and_sees_its_home_page(
    page: Page, live_server, request: pytest.FixtureRequest, role: Role
) -> None:
    user = request.getfixturevalue(CAST[role])
    log_in(page, live_server.url, user.username)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name=f"Welkom, {user.first_name}")).to_be_visible()
    expect(page.get_by_role("heading", name=GROUP_NAMES[role])).to_be_visible()
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    open_menu(page)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Start")).to_be_visible()
    admin_links = 1 if role == Role.FUNCTIONAL_ADMIN else 0
    for name in ("Gebruikers", "Beheer"):
        link = menu.get_by_role("link", name=name, exact=True, include_hidden=True)
        expect(link).to_have_count(admin_links)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"home-{role.value}.png", full_page=True)

    log_out(page)
    expect(page).to_have_url(f"{live_server.url}/inloggen/")


def test_wrong_password_gets_a_dutch_message(page: Page, live_server, anna_casemanager) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_label("Gebruikersnaam").fill(anna_casemanager.username)
    page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Gebruikersnaam of wachtwoord klopt niet.")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "login-error.png", full_page=True)


def test_beheerder_changes_roles_and_reads_the_history(
    page: Page, live_server, fenna_functional_admin, anna_casemanager
) -> None:
    log_in(page, live_server.url, fenna_functional_admin.username)
    menu_link(page, "Gebruikers")
    row = page.get_by_role("row").filter(has_text=anna_casemanager.username)
    row.get_by_role("link", name="Wijzigen").click()
    page.get_by_label("Coördinator").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text(f"Account van {anna_casemanager} opgeslagen.")).to_be_visible()

    row = page.get_by_role("row").filter(has_text=anna_casemanager.username)
    expect(row.get_by_text("Coördinator")).to_be_visible()
    row.get_by_role("link", name="Historie").click()
    expect(
        page.get_by_role("heading", name=f"Historie van account {anna_casemanager}")
    ).to_be_visible()
    expect(page.get_by_text(f"door {fenna_functional_admin}").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "user-history.png", full_page=True)
