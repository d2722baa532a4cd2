"""The flexbudget in headless Chromium on a phone: an expense with a receipt photo, approval."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect

from budgets.models import LedgerEntry
from tests.browser.conftest import log_in, menu_link, shoot
from tests.budgets.conftest import make_budget
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The first bytes of a JPEG: enough for STAP's check of what a receipt file is.
PHOTO = FilePayload(
    name="IMG_0042.jpg", mimeType="image/jpeg", buffer=b"\xff\xd8\xff\xe0" + bytes(200)
)


def test_casemanager_books_expense_with_receipt_and_coordinator_approves(
    page: Page,
    browser: Browser,
    live_server: Any,
    settings: Any,
    tmp_path: Any,
    anna_casemanager: Any,
    carla_coordinator: Any,
    fenna_functional_admin: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    budget = make_budget(by=fenna_functional_admin)
    her = ClientFactory.create(casemanager=anna_casemanager, call_name="Roos")
    ClientFactory.create(casemanager=anna_casemanager, call_name="Iris")

    # On her phone at the zone: start page, Flexbudget, a few taps, a photo of the receipt.
    log_in(page, live_server.url, anna_casemanager.username)
    page.get_by_role("link", name="Flexbudget").first.click()
    expect(page.get_by_role("heading", name="Uitgave boeken")).to_be_visible()
    expect(page.get_by_text("nog €\xa01.000,00 beschikbaar")).to_be_visible()
    page.get_by_label("Bedrag (€)").fill("23,50")
    page.get_by_text("Kleding", exact=True).click()
    page.get_by_placeholder("Zoek op roepnaam of code").fill("roo")
    expect(page.get_by_label("Voor wie")).to_have_value(str(her.pk))
    page.get_by_label("Bon (foto of pdf)").set_input_files(PHOTO)
    shoot(page, "flexbudget-uitgave", for_docs=True)
    page.get_by_role("button", name="Boeken").click()
    expect(page.get_by_text(f"Uitgave van €\xa023,50 geboekt voor {her.code}.")).to_be_visible()
    expect(page.get_by_test_id("available")).to_have_text("€\xa0976,50")
    # Her line shows its direction: money out, in sign and in words for a screen reader.
    line = page.get_by_test_id("entry").filter(has_text="Kleding")
    expect(line).to_contain_text("\u2212\xa0€\xa023,50")
    expect(line.locator(".visually-hidden").first).to_have_text("af ")
    entry = LedgerEntry.objects.get(kind="expense")
    assert entry.receipt and entry.amount == Decimal("23.50") and entry.client == her

    # A sleeping bag and a coat above the threshold: it waits for the coordinator.
    page.get_by_role("link", name="Uitgave boeken").click()
    page.get_by_label("Bedrag (€)").fill("145")
    page.get_by_text("Slaapzak/beddengoed", exact=True).click()
    page.get_by_label("Voor wie").select_option(str(her.pk))
    page.get_by_role("button", name="Boeken").click()
    expect(page.get_by_text("telt mee na goedkeuring")).to_be_visible()
    expect(page.get_by_text("wacht op goedkeuring")).to_be_visible()
    shoot(page, "flexbudget-mijn-uitgaven", for_docs=True)

    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="nl-NL")
    other = context.new_page()
    log_in(other, live_server.url, carla_coordinator.username)
    menu_link(other, "Goedkeuren")
    expect(other.get_by_text(f"{her.code} Roos")).to_be_visible()
    shoot(other, "flexbudget-goedkeuren", for_docs=True)
    other.get_by_role("button", name="Goedkeuren").click()
    expect(other.get_by_text("Uitgave van €\xa0145,00 goedgekeurd.")).to_be_visible()
    menu_link(other, "Budgetten")
    other.get_by_role("link", name=budget.name).click()
    expect(other.get_by_test_id("balance")).to_have_text("€\xa0831,50")
    grant = other.get_by_test_id("entry").filter(has_text="Toekenning")
    expect(grant).to_contain_text("+\xa0€\xa01.000,00")
    shoot(other, "flexbudget-budget", for_docs=True)
    context.close()
    assert budget.balance() == Decimal("831.50")
