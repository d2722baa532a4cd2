"""The ZRM page in headless Chromium: one small chart per life domain on a time axis, the table
of numbers under it, and each measurement one click away; on a phone and on a laptop."""

from __future__ import annotations

import datetime
import json

import pytest
from playwright.sync_api import Page, expect

from stapteam.caseload import services
from stapteam.models import DomainSet
from tests.browser.conftest import log_in, shoot
from tests.browser.test_accessibility import AXE, RUN
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.timedelta(days=1)

# The positions of each chart's points, and the columns of the grid they stand in.
POINTS = """() => [...document.querySelectorAll('canvas.zrm-chart')].map(c => ({
  left: Math.round(c.getBoundingClientRect().left),
  xs: Chart.getChart(c).getDatasetMeta(0).data.map(p => p.x),
}))"""


@pytest.mark.parametrize("width", [375, 1280])
def test_casemanager_reads_the_zrm_per_domain_and_opens_an_earlier_measurement(
    page: Page, live_server, anna_casemanager, width: int
) -> None:
    client = ClientFactory.create(call_name="Chantal", casemanager=anna_casemanager)
    domains = list(DomainSet.default().domains.all())
    # Uneven gaps: 300 days, then 30. On the time axis the second gap is a tenth of the first.
    today = datetime.date.today()
    for days_ago, moment, base in ((330, "intake", 1), (30, "progress", 2), (0, "progress", 3)):
        services.record_zrm(
            client=client,
            assessed_on=today - days_ago * DAY,
            moment=moment,
            assessor=anna_casemanager,
            scores=[(d, min(base + i % 3, 5), "", 4) for i, d in enumerate(domains)],
        )
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, anna_casemanager.username)

    page.goto(f"{live_server.url}/clienten/{client.pk}/zrm/")
    expect(page.get_by_role("heading", name="Zelfredzaamheid (ZRM)")).to_be_visible()
    page.wait_for_function(
        "[...document.querySelectorAll('canvas.zrm-chart')]"
        ".every(c => Chart.getChart(c) !== undefined)"
    )
    charts = page.evaluate(POINTS)
    assert len(charts) == 12
    columns = len({c["left"] for c in charts})
    assert columns == 1 if width < 576 else 2 <= columns <= 3, columns
    for chart in charts:
        first, second, third = chart["xs"]
        ratio = (third - second) / (second - first)
        assert 0.08 < ratio < 0.12, chart  # 30 days against 300
    # Nothing wider than the screen; the wide table scrolls in its own region.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    table = page.get_by_role("region", name="Scores per meting")
    expect(table.get_by_role("row", name="Huisvesting", exact=False)).to_contain_text(
        "Acute problematiek"
    )
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(RUN)
    assert not violations, json.dumps(violations, indent=1, ensure_ascii=False)
    shoot(page, f"casemanager-zrm-{width}", for_docs=width == 1280)

    # The earliest measurement opens from its column heading, or from its point in a chart.
    if width < 576:
        table.get_by_role("link").first.click()
    else:
        canvas = page.locator("canvas.zrm-chart").first
        box = canvas.bounding_box()
        assert box is not None
        point = page.evaluate(
            "c => { const p = Chart.getChart(c).getDatasetMeta(0).data[0]; return [p.x, p.y]; }",
            canvas.element_handle(),
        )
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    expect(page.get_by_role("heading", name="ZRM-meting van", exact=False)).to_contain_text(
        "(Intake)"
    )
    expect(page.get_by_role("link", name="Volgende meting", exact=False)).to_be_visible()
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert not page.evaluate(RUN)
    shoot(page, f"casemanager-zrm-measurement-{width}")


def test_a_new_measurement_starts_as_progress_after_the_intake(
    page: Page, live_server, anna_casemanager
) -> None:
    client = ClientFactory.create(call_name="Dewi", casemanager=anna_casemanager)
    services.record_zrm(
        client=client,
        assessed_on=datetime.date.today() - 60 * DAY,
        moment="intake",
        assessor=anna_casemanager,
        scores=[(d, 2, "", None) for d in DomainSet.default().domains.all()],
    )
    log_in(page, live_server.url, anna_casemanager.username)
    page.goto(f"{live_server.url}/clienten/{client.pk}/zrm/")
    page.get_by_role("link", name="Nieuwe meting").click()
    expect(page.get_by_label("Moment")).to_have_value("progress")
    expect(page.get_by_label("Moment").locator("option", has_text="Intake")).to_have_count(0)
