"""The coordinator's advice questions and the secretariat's deadline radar are pages of 50
(issue 18): htmx fetches another page of the list only, in the same queries with 1 and 55 rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from registrations.models import Person
from registrations.services import create_request
from stapteam.platform.actor import acting_as
from tests.registrations.test_side_pages import ask_advice

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def questions(sanne: Any, count: int, start: int = 0) -> None:
    with acting_as(sanne):
        for n in range(start, start + count):
            ask_advice(sanne, f"Vraag {n:02d}")


def test_open_advice_questions_page_oldest_first(client, carla_coordinator, sanne_secretariat):
    questions(sanne_secretariat, 55)
    url = reverse("registrations:advice_list")
    client.force_login(carla_coordinator)

    first = client.get(url)
    names = [a.request.person.name for a in first.context["open_advice"]]
    assert names == [f"Vraag {n:02d}" for n in range(50)]
    assert "1–50 van 55" in first.content.decode()
    second = client.get(url, {"pagina": "2"}, headers=HTMX)
    text = second.content.decode()
    assert "<h1" not in text and 'id="open-advice-list"' in text
    assert [a.request.person.name for a in second.context["open_advice"]] == [
        f"Vraag {n:02d}" for n in range(50, 55)
    ]


def test_the_advice_pages_cost_the_same_queries_with_one_and_many_questions(
    assert_fixed_queries, carla_coordinator, sanne_secretariat
):
    questions(sanne_secretariat, 1)
    more = lambda: questions(sanne_secretariat, 54, start=1)  # noqa: E731
    url = reverse("registrations:advice_list")
    assert_fixed_queries(carla_coordinator, url, add_more=more, max_queries=12)


def requests(sanne: Any, count: int, start: int = 0) -> None:
    with acting_as(sanne):
        for n in range(start, start + count):
            create_request(
                kind="question",
                received_on=timezone.localdate(),
                channel="mail",
                owner=sanne,
                person=Person.objects.create(name=f"Persoon {n:02d}"),
            )


def test_the_radar_pages_its_running_terms(client, sanne_secretariat):
    requests(sanne_secretariat, 55)
    url = reverse("registrations:request_list")
    client.force_login(sanne_secretariat)

    first = client.get(url)
    assert len(first.context["terms"]) == 50 and "1–50 van 55" in first.content.decode()
    second = client.get(url, {"pagina": "2"}, headers=HTMX)
    assert "<h1" not in second.content.decode() and 'id="terms"' in second.content.decode()
    shown = {t.request.pk for t in first.context["terms"]} | {
        t.request.pk for t in second.context["terms"]
    }
    assert len(shown) == 55


def test_the_radar_costs_the_same_queries_with_one_and_many_requests(
    assert_fixed_queries, sanne_secretariat
):
    requests(sanne_secretariat, 1)
    more = lambda: requests(sanne_secretariat, 54, start=1)  # noqa: E731
    url = reverse("registrations:request_list")
    assert_fixed_queries(sanne_secretariat, url, add_more=more, max_queries=12)
