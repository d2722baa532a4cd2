"""One truth per figure: the year overview, the bed calendar and the placement preview show what
timeout.costs computes, and the budget report reads the same time-out cost."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from budgets.report import budget_report
from stapteam.models import Client, User
from stapteam.platform.formats import euro
from tests.factories import ClientFactory
from tests.timeout.conftest import (
    TARIFF,
    YEAR,
    approved_request,
    day,
    make_beds,
    stay_on,
    year_settings,
)
from timeout import costs
from timeout.access import may_open_file
from timeout.costs import (
    all_year_settings,
    beds_held,
    costs_in_year,
    nights_held,
    over_budget_after,
    spending_in_period,
    year_costs,
)
from timeout.models import Bed, YearSettings

pytestmark = pytest.mark.django_db

CALENDAR_DAYS = YearSettings.DayCounting.CALENDAR_DAYS
LAST_TARIFF = Decimal("120.50")


def shown_as(page: str, name: str) -> str:
    """The text of the element with data-testid=`name`."""
    found = re.search(rf'data-testid="{name}">([^<]*)<', page)
    assert found, name
    return found.group(1)


@pytest.fixture
def beds() -> list[Bed]:
    return make_beds(3)


@pytest.fixture
def tricky_year(beds: list[Bed], carla_coordinator: User) -> dict[str, Client]:
    """Stays where a figure of its own would go wrong: over New Year in, with the previous
    year's way of counting (calendar days) and tariff; ended early; over New Year out into a
    year without settings; a planned stay in December."""
    year_settings(YEAR - 1, tariff_per_day=LAST_TARIFF, day_counting=CALENDAR_DAYS)
    year_settings(YEAR, budget=Decimal("2000.00"))
    roos, iris = ClientFactory.create(code="T-ROOS"), ClientFactory.create(code="T-IRIS")
    by = carla_coordinator
    # Calendar days of YEAR-1's rule: 28-31 December in YEAR-1, 1-3 January in YEAR.
    stay_on(beds[0], day(12, 28, YEAR - 1), day(1, 3), client=roos, by=by)
    # Planned 14 nights, ended after 4: only the 4 count.
    stay_on(beds[1], day(3, 10), day(3, 24), client=iris, by=by, actual_end=day(3, 14))
    # 25-31 December in YEAR, the nights of January in YEAR+1 (no settings) not here.
    stay_on(beds[2], day(12, 25), day(1, 5, YEAR + 1), client=roos, by=by)
    stay_on(beds[0], day(5, 30), day(6, 2), client=iris, by=by)
    return {"roos": roos, "iris": iris}


def overview(client: Any, user: User, year: int = YEAR) -> Any:
    client.force_login(user)
    return client.get(reverse("timeout:overview"), {"year": year})


# --- The year overview ----------------------------------------------------------------------------


def test_the_overview_shows_exactly_the_figures_of_costs_py(
    client, carla_coordinator, tricky_year
) -> None:
    response = overview(client, carla_coordinator)
    days, cost = costs_in_year(YEAR)
    # 3 (January) + 4 (March) + 3 (May-June) + 7 (December) days at this year's tariff.
    assert (days, cost) == (17, 17 * TARIFF)
    context = response.context
    assert (context["days_used"], context["cost"]) == (days, cost)
    assert isinstance(context["cost"], Decimal)
    page = response.content.decode()
    assert shown_as(page, "days") == str(days)
    assert shown_as(page, "cost") == euro(cost)
    assert shown_as(page, "stays") == "3 van 6"  # the stay from last year counts there
    assert context["left"] == Decimal("2000.00") - cost
    assert context["over_budget"] is True  # 17 * 139.27 = 2367.59

    figures = year_costs(YEAR)
    assert [(m.first, m.started, m.days, m.cost) for m in context["months"]] == [
        (m.first, m.started, m.days, m.cost) for m in figures.months
    ]
    assert sum(m.days for m in context["months"]) == days
    assert sum((m.cost for m in context["months"]), Decimal("0")) == cost
    clients = {row.code: (row.stays, row.days, row.cost) for row in context["clients"]}
    assert clients == {"T-IRIS": (2, 7, 7 * TARIFF), "T-ROOS": (1, 10, 10 * TARIFF)}


def test_the_overview_and_the_budget_report_read_one_time_out_cost(
    client, carla_coordinator, tricky_year
) -> None:
    first, last = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    report = budget_report(first=first, last=last, organisation=None)
    response = overview(client, carla_coordinator)
    assert report.timeout == spending_in_period(first, last)
    assert report.timeout is not None
    assert (response.context["days_used"], response.context["cost"]) == (
        report.timeout.days,
        report.timeout.cost,
    )
    last_year = overview(client, carla_coordinator, YEAR - 1).context
    # 28-31 December counted as calendar days at last year's tariff.
    assert (last_year["days_used"], last_year["cost"]) == costs_in_year(YEAR - 1)
    assert last_year["cost"] == 4 * LAST_TARIFF


def test_a_year_without_settings_counts_days_that_cost_nothing(
    client, bob_policy_officer, tricky_year
) -> None:
    context = overview(client, bob_policy_officer, YEAR + 1).context
    assert context["settings"] is None
    assert (context["days_used"], context["cost"]) == costs_in_year(YEAR + 1) == (4, Decimal(0))
    assert context["left"] is None and context["over_budget"] is False
    assert context["clients"] is None  # the policy officer sees no client codes


def test_the_overview_follows_the_pricing_rule_of_costs_py(
    client, carla_coordinator, tricky_year, monkeypatch
) -> None:
    """Change the one rule that prices days: the page and costs_in_year change with it."""
    monkeypatch.setattr(
        costs,
        "cost_of_days",
        lambda year, days, years: Decimal("1000.00") * days,
    )
    response = overview(client, carla_coordinator)
    assert costs_in_year(YEAR) == (17, Decimal("17000.00"))
    context = response.context
    assert context["cost"] == Decimal("17000.00")
    # Per month and per client too: no row is priced by a rule of the page's own.
    assert all(month.cost == Decimal("1000.00") * month.days for month in context["months"])
    assert sum((month.cost for month in context["months"]), Decimal(0)) == Decimal("17000.00")
    assert {row.code: row.cost for row in context["clients"]} == {
        "T-IRIS": Decimal("7000.00"),
        "T-ROOS": Decimal("10000.00"),
    }
    assert shown_as(response.content.decode(), "cost") == euro(Decimal("17000.00"))


def test_the_overview_costs_two_queries_of_its_own(
    client, carla_coordinator, tricky_year, django_assert_num_queries
) -> None:
    with django_assert_num_queries(2):  # the year settings and the stays with their client code
        figures = year_costs(YEAR)
        assert figures.days == 17


# --- The bed calendar -----------------------------------------------------------------------------


def test_the_calendar_holds_the_nights_of_costs_py_whatever_the_day_counting(
    client, carla_coordinator, beds
) -> None:
    """Counted as calendar days, 3-10 March costs 8 days, but the bed is free again on the 10th."""
    year_settings(YEAR, day_counting=CALENDAR_DAYS)
    stay = stay_on(
        beds[0], day(3, 3), day(3, 10), client=ClientFactory.create(), by=carla_coordinator
    )
    client.force_login(carla_coordinator)
    page = client.get(reverse("timeout:calendar"), {"month": f"{YEAR}-03"}).content.decode()
    held = re.findall(r'data-date="(\d{4}-\d\d-\d\d)" data-state="planned"', page)
    assert held == [f"{night:%Y-%m-%d}" for night in nights_held(stay.start, stay.end)]
    assert len(held) == 7
    assert f'data-date="{YEAR}-03-10" data-state="free"' in page
    assert costs_in_year(YEAR) == (8, 8 * TARIFF)


def test_a_stay_holds_its_bed_from_its_start_up_to_its_end(carla_coordinator) -> None:
    bed = make_beds(1)[0]
    her = ClientFactory.create()
    stay = stay_on(bed, day(4, 1), day(4, 3), client=her, by=carla_coordinator)
    assert beds_held([stay]) == {(bed.pk, day(4, 1)): stay, (bed.pk, day(4, 2)): stay}
    assert nights_held(day(4, 1), day(4, 1)) == []


# --- The placement preview ------------------------------------------------------------------------


def test_the_preview_warns_of_the_budget_as_costs_py_reckons(
    client, anna_casemanager, carla_coordinator, beds
) -> None:
    year_settings(YEAR, budget=Decimal("1000.00"))
    her = ClientFactory.create(casemanager=anna_casemanager)
    stay_on(beds[1], day(2, 1), day(2, 5), client=her, by=carla_coordinator)  # 4 nights spent
    request = approved_request(client=her, by=anna_casemanager, coordinator=carla_coordinator)
    start, end = request.wished_start, request.wished_start + datetime.timedelta(days=7)
    client.force_login(carla_coordinator)
    preview = client.get(reverse("timeout:request_detail", args=[request.pk])).context["preview"]
    assert preview.over_budget == over_budget_after(start, end, all_year_settings())
    assert preview.over_budget == [(YEAR, 11 * TARIFF, Decimal("1000.00"))]


# --- The file link on the request page ------------------------------------------------------------


def test_the_request_page_links_the_file_only_for_who_may_open_it(
    client, anna_casemanager, bram_casemanager_ldh, carla_coordinator, mila_cirkel_staff, beds
) -> None:
    year_settings(YEAR)
    her = ClientFactory.create(casemanager=anna_casemanager)
    request = approved_request(client=her, by=anna_casemanager, coordinator=carla_coordinator)
    assert may_open_file(anna_casemanager, request)
    assert may_open_file(carla_coordinator, request)
    assert not may_open_file(bram_casemanager_ldh, request)  # not her client
    assert not may_open_file(mila_cirkel_staff, request)  # opens no files
    client.force_login(anna_casemanager)
    page = client.get(reverse("timeout:request_detail", args=[request.pk])).content.decode()
    assert reverse("stapteam:client_detail", args=[her.pk]) in page
