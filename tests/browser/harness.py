"""The role-by-width harness: every role of the named cast logged in through the real login
form, then the same page looked at in each width. Width and accessibility checks use it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page

from stapteam.platform.roles import Role
from tests.browser.conftest import log_in
from tests.conftest import CAST  # one person of the named cast per role

# Phone, large phone, tablet, small laptop, laptop, desktop.
WIDTHS = (320, 375, 768, 1024, 1280, 1920)


@dataclass
class View:
    role: Role
    width: int
    page: Page
    refused: list[str]  # Content-Security-Policy refusals seen on this role's pages


def every_role_and_width(
    request: pytest.FixtureRequest,
    browser: Browser,
    base_url: str,
    *,
    path: str = "/",
    roles: tuple[Role, ...] = tuple(CAST),
    widths: tuple[int, ...] = WIDTHS,
    paths: dict[Role, list[str]] | None = None,
) -> Iterator[View]:
    """Log in each role once (its own browser context), open `path` (or each of the role's
    `paths`), and yield it per width."""
    for role in roles:
        user = request.getfixturevalue(CAST[role])
        context = browser.new_context(viewport={"width": widths[0], "height": 800}, locale="nl-NL")
        page = context.new_page()
        refused: list[str] = []

        def watch(message: ConsoleMessage, refused: list[str] = refused) -> None:
            if "Content Security Policy" in message.text:
                refused.append(message.text)

        page.on("console", watch)
        try:
            log_in(page, base_url, user.username)
            for each in (paths or {}).get(role, [path]):
                page.goto(f"{base_url}{each}")
                for width in widths:
                    page.set_viewport_size({"width": width, "height": 800})
                    yield View(role, width, page, refused)
        finally:
            context.close()
