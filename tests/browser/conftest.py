"""Helpers for the browser tests: log in through the real form, open the phone menu, screenshots."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.factories import TEST_PASSWORD, current_code

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
# Screenshots for the user guides in docs/ are refreshed by the browser tests.
DOC_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(autouse=True)
def no_policy_violations(page: Page) -> Iterator[None]:
    """Fail a browser test when the Content-Security-Policy blocked anything on its pages."""
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", watch)
    yield
    assert not refused, refused


def log_in(page: Page, base_url: str, username: str, password: str = TEST_PASSWORD) -> None:
    """Both login steps: the password, then the code her authenticator app shows (every
    UserFactory user has one) unless a demo account skips it in demo mode."""
    page.goto(f"{base_url}/")
    expect(page).to_have_url(f"{base_url}/inloggen/?next=/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/inloggen/?" not in url)
    if "/inloggen/code/" in page.url:
        type_code(page, username)
    expect(page.get_by_role("heading", name="Welkom", exact=False)).to_be_visible()


def type_code(page: Page, username: str) -> None:
    """The second login step, with the code the user's authenticator app shows now."""
    from stapteam.models import User

    page.get_by_label("Code").fill(current_code(User.objects.get(username=username)))
    page.get_by_role("button", name="Verder").click()


def open_menu(page: Page) -> None:
    """On a phone the menu is folded away behind the toggler."""
    toggler = page.get_by_role("button", name="Menu openen")
    # A second tap on an open menu would fold it again.
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        # Unfolded, not still unfolding: a tap during the animation can be lost.
        expect(page.locator("#hoofdmenu.collapse.show")).to_be_visible()


def menu_link(page: Page, name: str, *, exact: bool = False) -> None:
    """Follow a menu item, opening the phone menu and the item's heading when they are closed."""
    open_menu(page)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    link = menu.get_by_role("link", name=name, exact=exact)
    hidden = page.get_by_role("link", name=name, exact=exact, include_hidden=True)
    heading = menu.locator(".dropdown").filter(has=hidden).get_by_role("button")
    # A lost tap on the heading is tapped again, as she would.
    for _attempt in range(3):
        if link.is_visible():
            break
        if heading.count() and heading.get_attribute("aria-expanded") != "true":
            heading.click()
        try:
            link.wait_for(state="visible", timeout=3000)
        except PlaywrightTimeoutError:
            continue
    link.click()


def log_out(page: Page) -> None:
    """Through the account menu at the end of the bar."""
    open_menu(page)
    toggle = page.get_by_test_id("current-user")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    button = menu.get_by_role("button", name="Uitloggen")
    # A tap while the phone menu still unfolds can be lost; she taps again, and so do we.
    for _attempt in range(3):
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        try:
            button.wait_for(state="visible", timeout=3000)
            break
        except PlaywrightTimeoutError:
            continue
    button.click()


def shoot(page: Page, name: str, *, for_docs: bool = False) -> None:
    """Save a screenshot; guide screenshots go to docs/ only with `make screenshots`."""
    refresh_docs = for_docs and os.environ.get("STAP_DOC_SCREENSHOTS") == "1"
    folder = DOC_SCREENSHOTS if refresh_docs else SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)
