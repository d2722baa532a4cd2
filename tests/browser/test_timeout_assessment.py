"""The coordinator in headless Chromium: assessing with the facts and placing in the free bed;
registering a past stay afterwards; a stay whose end has passed, extended."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from stapteam.platform.formats import euro
from tests.browser.conftest import log_in, menu_link, shoot
from tests.factories import ClientFactory
from tests.timeout.conftest import stay_on
from timeout import services
from timeout.models import Bed, Location, Stay, TimeoutRequest, YearSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TARIFF = Decimal("139.27")


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def beds() -> list[Bed]:
    for year in {ago(60).year, ago(0).year, ago(-60).year}:
        YearSettings.objects.create(year=year, tariff_per_day=TARIFF, budget=Decimal("11698.68"))
    location = Location.objects.create(name="IrisZorg time-out")
    return [Bed.objects.create(location=location, name=f"Bed {i}") for i in (1, 2)]


def at_both_widths(page: Page, name: str) -> None:
    """A screenshot on the phone and on a desktop screen; the phone again after."""
    shoot(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, f"{name}-1280")
    page.set_viewport_size({"width": 375, "height": 812})


def test_the_coordinator_assesses_with_the_facts_and_places_in_the_free_bed(
    page: Page, live_server, beds, anna_casemanager, carla_coordinator
) -> None:
    her = ClientFactory.create(casemanager=anna_casemanager, call_name="Roos")
    other = ClientFactory.create()
    # Bed 1 is taken in the first nights of the wished week; she stayed once before this year.
    stay_on(beds[0], ago(2), ago(-2), client=other, by=carla_coordinator)
    if ago(40).year == ago(0).year:
        stay_on(beds[1], ago(40), ago(37), client=her, by=carla_coordinator, actual_end=ago(37))
    request = services.submit_request(
        by=anna_casemanager,
        client=her,
        reason="Uitgeput, wil een week rust.",
        wished_start=ago(0),
        expected_days=7,
    )

    log_in(page, live_server.url, carla_coordinator.username)
    menu_link(page, "Time-out", exact=True)
    queue = page.get_by_role("region", name="Te beoordelen")
    queue.get_by_role("link", name=f"{her.code} · Roos").click()
    facts = page.get_by_test_id("facts")
    expect(facts).to_be_visible()
    used = Stay.objects.filter(cap_year=ago(0).year).count()
    expect(page.get_by_test_id("stays-left")).to_contain_text(
        f"nog {6 - used} van de 6 verblijven van dit jaar"
    )
    expect(page.get_by_test_id("wished")).to_contain_text(f"7 dagen, {euro(7 * TARIFF)}")
    expect(page.get_by_test_id("free-beds")).to_have_text("IrisZorg time-out – Bed 2")
    at_both_widths(page, "timeout-beoordelen-feiten")

    page.get_by_label("Goedkeuren").check()
    page.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(page.get_by_text("Aanvraag goedgekeurd.")).to_be_visible()
    # The free bed is chosen already.
    expect(page.locator("#id_bed option:checked")).to_have_text("IrisZorg time-out – Bed 2")
    at_both_widths(page, "timeout-plaatsen-vrij-bed")
    page.get_by_role("button", name="Plaatsen", exact=True).click()
    expect(page.get_by_text("Geplaatst in IrisZorg time-out – Bed 2")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Geplaatst")
    assert Stay.objects.get(request=request).bed == beds[1]


def test_withdrawing_asks_first(
    page: Page, live_server, beds, anna_casemanager, carla_coordinator
) -> None:
    request = services.submit_request(
        by=anna_casemanager,
        client=ClientFactory.create(casemanager=anna_casemanager),
        reason="Rust.",
        wished_start=ago(-3),
        expected_days=5,
    )
    log_in(page, live_server.url, anna_casemanager.username)
    page.goto(f"{live_server.url}/time-out/aanvragen/{request.pk}/")
    page.get_by_role("link", name="Aanvraag intrekken").click()
    expect(page.get_by_role("heading", name="Aanvraag intrekken?")).to_be_visible()
    at_both_widths(page, "timeout-intrekken-bevestigen")
    request.refresh_from_db()
    assert request.status == TimeoutRequest.Status.REQUESTED
    page.get_by_role("button", name="Ja, aanvraag intrekken").click()
    expect(page.get_by_text("Aanvraag ingetrokken.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Ingetrokken")


def test_the_coordinator_registers_a_past_stay_and_extends_one_past_its_end(
    page: Page, live_server, beds, anna_casemanager, carla_coordinator
) -> None:
    her = ClientFactory.create(casemanager=anna_casemanager, call_name="Lelie")
    late = stay_on(beds[1], ago(6), ago(1), client=ClientFactory.create(), by=carla_coordinator)

    log_in(page, live_server.url, carla_coordinator.username)
    menu_link(page, "Time-out", exact=True)
    expect(page.get_by_test_id("end-passed")).to_contain_text("Bij 1 verblijf")
    expect(page.get_by_text("Einde verstreken: beëindigen of verlengen")).to_be_visible()
    at_both_widths(page, "timeout-einde-verstreken")

    # The past stay: five nights last week, registered afterwards with the reason.
    page.get_by_role("link", name="Verblijf achteraf registreren").click()
    page.get_by_label("Cliënt").select_option(label=f"{her.code} · Lelie")
    page.get_by_label("Bed").select_option(label="IrisZorg time-out – Bed 1")
    page.get_by_label("Begindatum").fill(f"{ago(10):%Y-%m-%d}")
    page.get_by_label("Einddatum").fill(f"{ago(5):%Y-%m-%d}")
    page.get_by_label("Reden voor de time-out").fill("Opgevangen na een nacht op straat.")
    page.get_by_label("Waarom achteraf").fill("De avonddienst plaatste haar meteen.")
    at_both_widths(page, "timeout-achteraf-registreren")
    page.get_by_role("button", name="Verblijf registreren").click()
    expect(page.get_by_text("Verblijf achteraf geregistreerd")).to_contain_text(euro(5 * TARIFF))
    expect(page.get_by_test_id("status")).to_have_text("Beëindigd")
    expect(page.get_by_text("De avonddienst plaatste haar meteen.")).to_be_visible()
    stay = Stay.objects.get(client=her)
    assert (stay.start, stay.actual_end, stay.placed_by) == (ago(10), ago(5), carla_coordinator)
    page.get_by_role("link", name="Historie van het verblijf").click()
    expect(page.get_by_text("De avonddienst plaatste haar meteen.").first).to_be_visible()

    # The stay past its end: she extends it by three nights from its page.
    menu_link(page, "Time-out", exact=True)
    page.get_by_role("link", name="Verlengen").click()
    expect(page.get_by_test_id("status")).to_contain_text("Einde verstreken")
    at_both_widths(page, "timeout-verblijf-einde-verstreken")
    page.get_by_label("Nieuwe geplande einddatum").fill(f"{ago(-2):%Y-%m-%d}")
    page.get_by_role("button", name="Verblijf verlengen").click()
    expect(page.get_by_text("Verblijf verlengd tot")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Geplaatst")
    late.refresh_from_db()
    assert late.planned_end == ago(-2)


def test_a_long_request_warns_before_it_is_sent(
    page: Page, live_server, beds, anna_casemanager
) -> None:
    her = ClientFactory.create(casemanager=anna_casemanager, call_name="Iris")
    log_in(page, live_server.url, anna_casemanager.username)
    page.goto(f"{live_server.url}/time-out/aanvragen/nieuw/")
    page.get_by_label("Cliënt").select_option(label=f"{her.code} · Iris")
    page.get_by_label("Reden voor de time-out").fill("Lang uitgeput.")
    page.get_by_label("Gewenste startdatum").fill(f"{ago(-2):%Y-%m-%d}")
    page.get_by_label("Verwachte duur (dagen)").fill("20")
    page.get_by_role("button", name="Aanvraag indienen").click()
    expect(page.get_by_test_id("long-warning")).to_contain_text(
        "Dit verblijf duurt 20 dagen; het maximum is 14."
    )
    at_both_widths(page, "timeout-aanvraag-te-lang")
    assert not TimeoutRequest.objects.exists()
    page.get_by_label("Toch indienen", exact=False).check()
    page.get_by_role("button", name="Aanvraag indienen").click()
    expect(page.get_by_text("Aanvraag ingediend.")).to_be_visible()
    assert TimeoutRequest.objects.get().expected_days == 20
