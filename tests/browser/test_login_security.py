"""Login security in headless Chromium on a phone: a first login sets up the authenticator app,
a lock-out and the beheerder's unlock, and the idle timeout with its warning."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Browser, Page, expect

from stapteam.platform.roles import Role
from tests.browser.conftest import log_in, log_out, menu_link, shoot, type_code
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_step(page: Page, base_url: str, username: str, password: str = TEST_PASSWORD):
    page.goto(f"{base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_first_login_sets_up_the_authenticator_app(page: Page, live_server) -> None:
    newcomer = UserFactory.create(
        username="nieuw", first_name="Noor", roles=[Role.CASEMANAGER], second_factor=False
    )
    password_step(page, live_server.url, newcomer.username)

    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    expect(page.get_by_role("img", name="QR-code voor de authenticator-app")).to_be_visible()
    shoot(page, "login-enrol", for_docs=True)
    # What a person types into her app when scanning does not work.
    secret = page.get_by_test_id("otp-secret").inner_text().replace(" ", "")
    app = TOTP(base64.b32decode(secret))
    page.get_by_label("Code uit de app").fill(f"{app.token():06d}")
    page.get_by_role("button", name="Bevestigen").click()

    expect(page.get_by_role("heading", name="Je herstelcodes")).to_be_visible()
    codes = page.get_by_role("list", name="Herstelcodes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    recovery = codes.first.inner_text()
    shoot(page, "login-recovery-codes", for_docs=True)
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    expect(page.get_by_role("heading", name="Welkom, Noor")).to_be_visible()

    # Next time: the code step; a recovery code works there instead of the app.
    log_out(page)
    password_step(page, live_server.url, newcomer.username)
    expect(page.get_by_role("heading", name="Tweede stap")).to_be_visible()
    page.get_by_label("Code").fill(recovery)
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_text("Je hebt een herstelcode gebruikt; je hebt er nog 9.")).to_be_visible()


def test_lock_out_after_five_wrong_passwords_and_the_beheerders_unlock(
    page: Page, browser: Browser, live_server, anna_casemanager, fenna_functional_admin
) -> None:
    for _attempt in range(5):
        password_step(page, live_server.url, anna_casemanager.username, "fout-wachtwoord")
    message = page.get_by_text("Te veel mislukte pogingen. Je account is vanaf dit adres")
    expect(message).to_be_visible()
    # Even the right password does not help now.
    password_step(page, live_server.url, anna_casemanager.username)
    expect(message).to_be_visible()
    shoot(page, "login-locked-out", for_docs=True)

    # Her lock is hers alone: the beheerder logs in from the same address (the office's).
    beheer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    fenna = beheer.new_page()
    log_in(fenna, live_server.url, fenna_functional_admin.username)

    menu_link(fenna, "Gebruikers")
    row = fenna.get_by_role("row").filter(has_text=anna_casemanager.username)
    row.get_by_role("link", name="Wijzigen").click()
    expect(fenna.get_by_text("geblokkeerd na te veel mislukte inlogpogingen")).to_be_visible()
    fenna.get_by_role("button", name="Deblokkeren").click()
    expect(fenna.get_by_text(f"Account van {anna_casemanager} gedeblokkeerd.")).to_be_visible()
    beheer.close()

    password_step(page, live_server.url, anna_casemanager.username)
    type_code(page, anna_casemanager.username)
    expect(page.get_by_role("heading", name="Welkom, Anna")).to_be_visible()


def test_idle_session_warns_and_ends_at_the_login_page(
    page: Page, live_server, settings, anna_casemanager
) -> None:
    settings.SESSION_IDLE_MINUTES = 0.2  # 12 seconds; the warning then shows at once
    log_in(page, live_server.url, anna_casemanager.username)
    expect(page.get_by_text("Je bent al een tijd niet actief.")).to_be_visible()
    expect(page.get_by_role("button", name="Ingelogd blijven")).to_be_visible()
    shoot(page, "login-idle-warning", for_docs=True)

    expect(page.get_by_label("Gebruikersnaam")).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(r"/inloggen/\?next=%2F$"))
    expect(page.get_by_text("Je bent uitgelogd omdat je")).to_be_visible()
    # The server ended the session too: the start page asks for a login.
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/inloggen/?next=/")
