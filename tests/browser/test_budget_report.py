"""The budget report in headless Chromium on a phone: the policy officer exports it to Excel."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from stapteam.platform.formats import euro
from tests.browser.conftest import log_in, shoot
from tests.budgets.test_report import LAST_YEAR, SECRET_CODE, SECRET_NAME, hand_worked_example

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def money(value: Any) -> Decimal:
    assert isinstance(value, int | float), value
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_policy_officer_exports_the_report_to_excel(
    page: Page,
    live_server,
    tmp_path: Path,
    bob_policy_officer,
    anna_casemanager,
    bram_casemanager_ldh,
    carla_coordinator,
) -> None:
    hand_worked_example(
        casemanager=anna_casemanager,
        coordinator=carla_coordinator,
        ldh_casemanager=bram_casemanager_ldh,
    )

    log_in(page, live_server.url, bob_policy_officer.username)
    page.goto(f"{live_server.url}/budgetten/rapportage/")
    page.get_by_label("Van").fill(f"{LAST_YEAR}-01-01")
    page.get_by_label("Tot en met").fill(f"{LAST_YEAR}-12-31")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_test_id("period")).to_contain_text(
        f"Periode 01-01-{LAST_YEAR} tot en met 31-12-{LAST_YEAR}"
    )
    expect(page.get_by_test_id("total-spent")).to_have_text("€\u00a0270,00")
    expect(page.get_by_role("heading", name="Per categorie")).to_be_visible()
    expect(page.get_by_text(SECRET_CODE)).to_have_count(0)
    expect(page.get_by_text(SECRET_NAME)).to_have_count(0)
    shoot(page, "budget-report", for_docs=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="Exporteer Excel").click()
    download = info.value
    assert download.suggested_filename == (
        f"budgetrapportage-{LAST_YEAR}-01-01-{LAST_YEAR}-12-31.xlsx"
    )
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    workbook = load_workbook(io.BytesIO(saved.read_bytes()))
    rows = list(workbook["Overzicht"].iter_rows(values_only=True))

    def labelled(label: str) -> tuple[Any, ...]:
        [row] = [r for r in rows if r[0] == label]
        return row

    totals = labelled("Totaal flexbudgetten")
    for testid, value in zip(
        ("total-opening", "total-granted", "total-spent", "total-pending", "total-remaining"),
        totals[4:9],
        strict=True,
    ):
        expect(page.get_by_test_id(testid)).to_have_text(euro(money(value)))
    timeout = labelled("Verblijven in de periode")
    expect(page.get_by_test_id("timeout-days")).to_have_text(str(timeout[1]))
    expect(page.get_by_test_id("timeout-cost")).to_have_text(euro(money(timeout[2])))
    subsidy = labelled("Totaal subsidie")
    expect(page.get_by_test_id("subsidy-granted")).to_have_text(euro(money(subsidy[4])))
    expect(page.get_by_test_id("subsidy-realised")).to_have_text(euro(money(subsidy[5])))
    expect(page.get_by_test_id("summary-granted")).to_have_text(
        euro(money(labelled("Totaal toegekend")[1]))
    )
    expect(page.get_by_test_id("summary-used")).to_have_text(
        euro(money(labelled("Totaal gebruikt")[1]))
    )
    categories = list(workbook["Per categorie"].iter_rows(values_only=True))
    expect(page.get_by_test_id("category-total")).to_have_text(euro(money(categories[-1][2])))
