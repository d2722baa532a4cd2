"""Nothing typed is lost to the idle logout: the contact form keeps a draft in the tab."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from stapteam.models import Contact
from tests.browser.conftest import log_in, log_out, menu_link
from tests.factories import ClientFactory

DRAFTS = "Object.keys(sessionStorage).filter(k => k.startsWith('stap-draft:')).length"


def test_a_contact_typed_when_the_session_ends_comes_back_after_logging_in(
    page: Page, live_server, anna_casemanager, bram_casemanager_ldh
) -> None:
    her = ClientFactory.create(call_name="Roos", casemanager=anna_casemanager)
    page.set_viewport_size({"width": 375, "height": 800})  # an evening round, on her phone
    log_in(page, live_server.url, anna_casemanager.username)
    menu_link(page, "Contact vastleggen")
    page.get_by_label("Cliënt").select_option(label=str(her))
    page.get_by_text("Telefonisch").click()
    page.get_by_label("Korte notitie").fill("Bij de zone gesproken, wil morgen langskomen.")

    # The session ends (idle logout) before she saves: the next page is the login page.
    page.context.clear_cookies()
    page.reload()
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()
    assert page.evaluate(DRAFTS) == 1  # kept in this tab only

    log_in(page, live_server.url, anna_casemanager.username)
    menu_link(page, "Contact vastleggen")
    expect(page.get_by_text("Wat je typte voordat je werd uitgelogd")).to_be_visible()
    note = page.get_by_label("Korte notitie")
    expect(note).to_have_value("Bij de zone gesproken, wil morgen langskomen.")
    expect(page.get_by_label("Cliënt")).to_have_value(str(her.pk))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Contact met Roos vastgelegd.")).to_be_visible()
    assert Contact.objects.get(client=her).note == "Bij de zone gesproken, wil morgen langskomen."
    assert page.evaluate(DRAFTS) == 0  # saved: the draft is gone

    # Typed again, then "Uitloggen": nothing stays behind.
    menu_link(page, "Contact vastleggen")
    page.get_by_label("Korte notitie").fill("Nog een notitie.")
    log_out(page)
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()
    assert page.evaluate(DRAFTS) == 0

    # A colleague in the same tab never sees someone else's draft.
    log_in(page, live_server.url, anna_casemanager.username)
    menu_link(page, "Contact vastleggen")
    page.get_by_label("Korte notitie").fill("Alleen voor Anna.")
    page.context.clear_cookies()
    log_in(page, live_server.url, bram_casemanager_ldh.username)
    menu_link(page, "Contact vastleggen")
    expect(page.get_by_label("Korte notitie")).to_have_value("")
    expect(page.get_by_text("Wat je typte voordat je werd uitgelogd")).to_be_hidden()
    assert page.evaluate(DRAFTS) == 0
