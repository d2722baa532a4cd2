"""Accessibility as a gate: axe-core on every role's main pages at 375 and 1280 px.

axe-core is an npm devDependency: the test reads it from node_modules and runs it in the page
with page.evaluate (the Content-Security-Policy rightly refuses an added script tag); it is never
served among the static files. Any serious or critical violation fails the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

from stapteam.platform.roles import Role
from tests.browser.harness import every_role_and_width
from tests.factories import ClientFactory, ContactFactory

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (375, 1280)

MAIN_PAGES = {
    Role.CASEMANAGER: [
        "stapteam:home",
        "stapteam:my_caseload",
        "stapteam:client_list",
        "stapteam:contact_create",
        "budgets:expense_create",
        "timeout:request_list",
    ],
    Role.PEER_WORKER: ["stapteam:home", "stapteam:my_caseload", "stapteam:contact_create"],
    Role.COORDINATOR: [
        "stapteam:home",
        "stapteam:client_list",
        "timeout:request_list",
        "timeout:calendar",
        "budgets:approval_list",
        "registrations:advice_list",
        "stapteam:access_log_reasons",
        "stapteam:access_log_list",
    ],
    Role.CIRKEL_STAFF: ["stapteam:home", "timeout:request_create"],
    Role.PROCESS_DIRECTOR: [
        "stapteam:home",
        "stapteam:escalation_list",
        "stapteam:monitoring_list",
    ],
    Role.SECRETARIAT: [
        "stapteam:home",
        "registrations:inbox",
        "registrations:request_list",
        "registrations:register",
        "registrations:day_passes",
    ],
    Role.POLICY_OFFICER: [
        "stapteam:home",
        "budgets:report",
        "registrations:counts",
        "timeout:overview",
    ],
    Role.FUNCTIONAL_ADMIN: [
        "stapteam:home",
        "stapteam:user_list",
        "stapteam:blocked_address_list",
        "stapteam:access_log_list",
    ],
}

# Buttons (and button-like links) a finger must hit on a phone: at least 44 x 44 px (WCAG 2.5.5;
# axe checks only 24 px). Links inside running text are exempt, as WCAG allows.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    '.btn, button, .nav-link, .dropdown-item, .stap-links a')]
  .filter(e => e.offsetParent !== null)
  .map(e => ({what: (e.innerText || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 40),
              box: e.getBoundingClientRect()}))
  .filter(t => t.box.width < 44 || t.box.height < 44)
  .map(t => `${t.what} ${Math.round(t.box.width)}x${Math.round(t.box.height)}`)"""

RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => ['serious', 'critical'].includes(v.impact))
  .map(v => ({rule: v.id, impact: v.impact, where: v.nodes.map(n => n.target.join(' '))}))"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_serious_accessibility_violation_on_any_main_page(
    request, browser, live_server, anna_casemanager
):
    her = ClientFactory.create(casemanager=anna_casemanager, call_name="Roos")
    ContactFactory.create(client=her, author=anna_casemanager)
    paths = {role: [reverse(name) for name in names] for role, names in MAIN_PAGES.items()}
    script = AXE.read_text(encoding="utf-8")
    found = {}
    for view in every_role_and_width(request, browser, live_server.url, widths=WIDTHS, paths=paths):
        view.page.evaluate(script)
        violations = view.page.evaluate(RUN)
        if view.width < 576:
            violations += [{"rule": "touch-target-44px", "where": t} for t in small(view.page)]
        if violations:
            found[f"{view.role} {view.width}px {view.page.url}"] = violations
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def small(page) -> list[str]:
    """Tap targets under 44 x 44 px, with the menu unfolded so its items are measured too."""
    toggler = page.get_by_role("button", name="Menu openen")
    toggler.click()
    page.locator("#hoofdmenu.show").wait_for()
    targets = page.evaluate(SMALL_TARGETS)
    toggler.click()
    page.locator("#hoofdmenu:not(.collapsing):not(.show)").wait_for(state="attached")
    return targets
