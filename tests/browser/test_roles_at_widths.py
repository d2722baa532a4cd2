"""Every role's start page at every width, through the role-by-width harness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from stapteam.platform.roles import Role
from tests.browser.conftest import open_menu
from tests.browser.harness import CAST, WIDTHS, every_role_and_width

ON_SCREEN = (
    "b => { const r = b.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth; }"
)
REPORT = Path(__file__).resolve().parents[2] / "test-results" / "widths.json"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_role_sees_her_start_page_in_dutch_and_whole_at_every_width(
    request, browser, live_server
):
    widths: dict[str, dict[int, int]] = {}
    seen = 0
    for view in every_role_and_width(request, browser, live_server.url):
        page = view.page
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.get_by_role("heading", level=1).count() == 1, (view.role, view.width)
        logout = page.get_by_role("button", name="Uitloggen", include_hidden=True)
        assert logout.count() == 1, (view.role, view.width)
        assert not view.refused, view.refused
        # The page, its menu included, fits the screen: nothing to scroll sideways.
        scroll = page.evaluate("document.documentElement.scrollWidth")
        widths.setdefault(str(view.role), {})[view.width] = scroll
        assert scroll <= view.width, (view.role, view.width, scroll)
        if view.role == Role.COORDINATOR and view.width in (375, 1280):
            page.screenshot(path=REPORT.parent / f"start-coordinator-{view.width}.png")
        # "Uitloggen" is reached through the account menu, and is then on the screen.
        open_menu(page)
        visible = page.get_by_role("button", name="Uitloggen")
        page.get_by_test_id("current-user").click()
        try:
            expect(visible).to_be_visible(timeout=2000)
        except AssertionError:
            # A tap while the phone menu still unfolds can be lost: tap again, as a user would.
            page.get_by_test_id("current-user").click()
            expect(visible).to_be_visible()
        # Popper places the open menu a moment after the click: wait until it sits on screen.
        page.wait_for_function(ON_SCREEN, arg=visible.element_handle(), timeout=5000)
        page.reload()
        seen += 1
    assert seen == len(CAST) * len(WIDTHS)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(widths, indent=1), encoding="utf-8")
