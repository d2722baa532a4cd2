"""A casemanager on her phone corrects a contact, sees that it was corrected and opens the
earlier text; a correction from a second tab keeps what she typed, put back with one click."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from stapteam.models import Contact
from tests.browser.conftest import log_in, shoot
from tests.factories import ClientFactory, ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_she_corrects_a_contact_sees_the_marker_and_opens_the_earlier_text(
    page: Page, live_server, anna_casemanager
) -> None:
    her = ClientFactory.create(call_name="Roos", casemanager=anna_casemanager)
    ContactFactory.create(client=her, author=anna_casemanager, note="Gesproken bij de zone.")
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server.url, anna_casemanager.username)
    page.goto(live_server.url + reverse("stapteam:client_detail", args=[her.pk]))

    page.get_by_role("link", name="corrigeren").click()
    page.get_by_label("Korte notitie").fill("Gesproken bij de Cirkel.")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_text("Contact gecorrigeerd.")).to_be_visible()
    expect(page.get_by_text("gecorrigeerd op")).to_contain_text(str(anna_casemanager))
    shoot(page, "contact-gecorrigeerd")
    page.get_by_role("link", name="eerdere tekst").click()
    expect(page.get_by_role("heading", name="Historie van het contact van")).to_be_visible()
    expect(page.locator("del", has_text="Gesproken bij de zone.")).to_be_visible()
    expect(page.locator("ins", has_text="Gesproken bij de Cirkel.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_a_correction_from_another_tab_keeps_what_she_typed(
    page: Page, live_server, anna_casemanager
) -> None:
    her = ClientFactory.create(call_name="Roos", casemanager=anna_casemanager)
    contact = ContactFactory.create(client=her, author=anna_casemanager, note="Eerste tekst.")
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server.url, anna_casemanager.username)
    url = live_server.url + reverse("stapteam:contact_edit", args=[contact.pk])
    other = page.context.new_page()
    page.goto(url)
    other.goto(url)

    other.get_by_label("Korte notitie").fill("Uit het andere tabblad.")
    other.get_by_role("button", name="Opslaan").click()
    expect(other.get_by_text("Contact gecorrigeerd.")).to_be_visible()

    page.get_by_label("Korte notitie").fill("Wat ik net typte.")
    page.get_by_role("button", name="Opslaan").click()
    expect(
        page.get_by_text("Niet opgeslagen: iemand anders heeft dit intussen gewijzigd.")
    ).to_be_visible()
    note = page.get_by_label("Korte notitie")
    expect(note).to_have_value("Uit het andere tabblad.")
    page.get_by_role("button", name="Mijn invoer terugzetten: Korte notitie").click()
    expect(note).to_have_value("Wat ik net typte.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Contact gecorrigeerd.")).to_be_visible()
    contact.refresh_from_db()
    assert (contact.note, contact.version) == ("Wat ik net typte.", 3)
    assert Contact.history.filter(id=contact.pk).count() == 3  # type: ignore[attr-defined]
