"""The Rapportage in headless Chromium: the coordinator opens the stand van zaken of a period,
sees the outcomes table and its chart, and downloads the Excel workbook; policy staff see "< 5"."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from stapteam.models import Client
from tests.browser.conftest import log_in, log_out, menu_link, shoot
from tests.stapteam.test_reports import file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date


def closing_report_example() -> None:
    """The closing report's 18 closed files (2/2/2/5/7) and three still running."""
    for outcome, n in zip(Client.Outcome, (2, 2, 2, 5, 7), strict=True):
        for _ in range(n):
            file(D(2022, 1, 1), (D(2023, 5, 1), outcome))
    for _ in range(3):
        file(D(2022, 1, 1))


def test_coordinator_opens_the_stand_van_zaken_and_downloads_excel(
    page: Page, live_server: Any, tmp_path: Path, carla_coordinator: Any, bob_policy_officer: Any
) -> None:
    closing_report_example()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, carla_coordinator.username)
    menu_link(page, "Stand van zaken")
    page.get_by_label("Van").fill("2023-01-01")
    page.get_by_label("Tot en met").fill("2023-06-30")
    page.get_by_label("Peildatum").fill("2023-06-30")
    page.get_by_role("button", name="Tonen").click()

    table = page.get_by_test_id("outcomes")
    for label, count, share in [
        ("Afgesloten", "2", "11 %"),
        ("Overdracht naar reguliere zorg", "2", "11 %"),
        ("Overdracht naar andere regio", "2", "11 %"),
        ("Monitoring door procesregie", "5", "28 %"),
        ("Voortgezet in STAP-team", "7", "39 %"),
    ]:
        row = table.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=label, exact=True)
        )
        expect(row.get_by_role("cell")).to_have_text([count, share])
    expect(page.get_by_test_id("running")).to_have_text("3")
    expect(page.get_by_text("kan het totaal van 100 % afwijken")).to_be_visible()
    chart = page.get_by_role("img", name="Staafdiagram van de uitkomsten")
    expect(chart).to_be_visible()
    # Chart.js has drawn it: the canvas has its size and pixels.
    assert page.locator("#outcome-chart").evaluate("c => c.width > 0 && !!Chart.getChart(c)")
    shoot(page, "report-1280", for_docs=True)
    page.set_viewport_size({"width": 375, "height": 812})
    shoot(page, "report-375")

    with page.expect_download() as info:
        page.get_by_role("link", name="Exporteer Excel").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "rapportage-20230101-20230630.xlsx"
    book = load_workbook(io.BytesIO(saved.read_bytes()))
    assert book.sheetnames[:2] == ["Stand van zaken", "Uren tegen de norm"]
    rows = {r[0]: r[1:] for r in book["Stand van zaken"].iter_rows(values_only=True)}
    assert rows["Voortgezet in STAP-team"] == (7, 39)
    assert rows["Lopend op de peildatum"][0] == 3

    log_out(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, bob_policy_officer.username)
    page.goto(f"{live_server.url}/rapportage/?van=2023-01-01&tot=2023-06-30&peildatum=2023-06-30")
    expect(page.get_by_test_id("outcomes")).to_contain_text("< 5")
    expect(page.locator("#outcome-chart")).to_have_count(0)
    shoot(page, "report-policy-1280")
    page.set_viewport_size({"width": 375, "height": 812})
    shoot(page, "report-policy-375")


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_coordinator_fixes_a_report_downloads_it_and_compares_it_with_now(
    page: Page, live_server: Any, tmp_path: Path, carla_coordinator: Any
) -> None:
    closing_report_example()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, carla_coordinator.username)
    page.goto(f"{live_server.url}/rapportage/?van=2023-01-01&tot=2023-06-30&peildatum=2023-06-30")
    page.get_by_label("Omschrijving").fill("Kwartaal 2 2023")
    page.get_by_role("button", name="Vastleggen").click()

    expect(page.get_by_role("status")).to_contain_text("De rapportage is vastgelegd.")
    expect(page.get_by_role("heading", name="Vastgelegde rapportages")).to_be_visible()
    snapshots = page.get_by_test_id("snapshots")
    expect(snapshots).to_contain_text("Kwartaal 2 2023")
    expect(snapshots).to_contain_text(f"Vastgelegd door {carla_coordinator.get_full_name()}")
    shoot(page, "report-snapshots-1280")
    page.set_viewport_size({"width": 375, "height": 812})
    assert no_sideways_scroll(page)
    shoot(page, "report-snapshots-375")

    with page.expect_download() as info:
        snapshots.get_by_role("link", name="Excel").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    rows = {
        r[0]: r[1:] for r in load_workbook(saved)["Stand van zaken"].iter_rows(values_only=True)
    }
    assert rows["Voortgezet in STAP-team"] == (7, 39)

    # A correction afterwards: one more file closed in the period, continued in STAP-team.
    file(D(2022, 1, 1), (D(2023, 6, 1), Client.Outcome.STAP_TEAM))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("status").get_by_role("link", name="Bekijk “Kwartaal 2 2023”").click()
    expect(page.get_by_test_id("changes")).to_contain_text("veranderd sinds het vastleggen")
    stand = page.get_by_test_id("compare-stand")
    row = stand.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Uitkomst Voortgezet in STAP-team: aantal")
    )
    expect(row.get_by_role("cell")).to_have_text(["7", "8", "+1"])
    expect(row).to_have_attribute("data-changed", "ja")
    same = stand.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Uitkomst Afgesloten: aantal")
    )
    expect(same.get_by_role("cell")).to_have_text(["2", "2", ""])
    shoot(page, "report-compare-1280", for_docs=True)
    page.set_viewport_size({"width": 375, "height": 812})
    assert no_sideways_scroll(page)
    shoot(page, "report-compare-375")
