"""The time-out requests under way are a page of 50 (issue 18); htmx fetches another page of that
list only, in the same number of queries with 1 and 55 requests."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.factories import ClientFactory
from tests.timeout.conftest import approved_request, day
from timeout import services

pytestmark = pytest.mark.django_db
URL = reverse("timeout:request_list")


def approved(anna: Any, carla: Any, count: int) -> list[Any]:
    return [
        approved_request(client=ClientFactory.create(casemanager=anna), by=anna, coordinator=carla)
        for _ in range(count)
    ]


def test_requests_under_way_page_by_fifty(
    client, anna_casemanager, carla_coordinator, settings_year, beds
):
    made = approved(anna_casemanager, carla_coordinator, 55)
    client.force_login(carla_coordinator)

    first = client.get(URL)
    assert [r.pk for r in first.context["running"]] == [r.pk for r in made[:50]]
    assert "1–50 van 55" in first.content.decode()
    second = client.get(URL, {"pagina": "2"}, headers={"HX-Request": "true"})
    text = second.content.decode()
    assert "<h1" not in text and 'id="running-requests"' in text
    assert [r.pk for r in second.context["running"]] == [r.pk for r in made[50:]]


@pytest.mark.parametrize("viewer", ["carla_coordinator", "anna_casemanager"])
def test_the_pages_cost_the_same_queries_with_one_and_many_requests(
    request, viewer, assert_fixed_queries, anna_casemanager, carla_coordinator, settings_year, beds
):
    approved(anna_casemanager, carla_coordinator, 1)
    more = lambda: approved(anna_casemanager, carla_coordinator, 54)  # noqa: E731
    user = request.getfixturevalue(viewer)
    assert_fixed_queries(user, URL, add_more=more, max_queries=14)


def submitted(anna: Any, count: int) -> list[Any]:
    return [
        services.submit_request(
            by=anna,
            client=ClientFactory.create(casemanager=anna),
            reason="Wil tot rust komen.",
            wished_start=day(3, 1),
            expected_days=7,
        )
        for _ in range(count)
    ]


def test_the_queue_to_assess_shows_the_oldest_fifty_and_says_more_wait(
    client, anna_casemanager, carla_coordinator, settings_year, beds
):
    made = submitted(anna_casemanager, 51)
    client.force_login(carla_coordinator)

    page = client.get(URL)
    assert [r.pk for r in page.context["to_assess"]] == [r.pk for r in made[:50]]
    assert "Er wachten meer aanvragen; hier staan de oudste 50." in page.content.decode()

    services.assess(request=made[0], approved=False, note="Geen plek.", by=carla_coordinator)
    page = client.get(URL)
    assert [r.pk for r in page.context["to_assess"]] == [r.pk for r in made[1:]]
    assert "Er wachten meer aanvragen" not in page.content.decode()


def test_the_queue_costs_the_same_queries_with_one_and_many_waiting(
    assert_fixed_queries, anna_casemanager, carla_coordinator, settings_year, beds
):
    submitted(anna_casemanager, 1)
    more = lambda: submitted(anna_casemanager, 54)  # noqa: E731
    assert_fixed_queries(carla_coordinator, URL, add_more=more, max_queries=14)
