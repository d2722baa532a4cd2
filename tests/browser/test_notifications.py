"""Notifications in headless Chromium: the bell counts, the list links to the work, all read."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from stapteam.caseload import services
from tests.browser.conftest import log_in, open_menu, shoot
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_process_director_follows_the_bell_to_the_escalation_and_marks_all_read(
    page: Page, live_server: Any, anna_casemanager: Any, pim_process_director: Any
) -> None:
    for question in ("Geen contact meer.", "Woont op straat."):
        services.escalate(
            client=ClientFactory.create(casemanager=anna_casemanager),
            question=question,
            by=anna_casemanager,
        )

    log_in(page, live_server.url, pim_process_director.username)
    open_menu(page)
    expect(page.get_by_test_id("bell-count")).to_have_text("2")
    page.get_by_test_id("bell").click()
    expect(page.get_by_role("heading", name="Meldingen")).to_be_visible()
    expect(page.get_by_test_id("notification")).to_have_count(2)
    shoot(page, "meldingen", for_docs=True)

    page.get_by_role("link", name="Nieuwe opschaling", exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Opschaling")

    page.go_back()
    page.get_by_role("button", name="Alles gelezen").click()
    expect(page.get_by_text("2 meldingen gemarkeerd als gelezen.")).to_be_visible()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
