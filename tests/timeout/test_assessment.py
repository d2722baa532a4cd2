"""Assessing a time-out request with the facts: her stays, the team's stays left, days used, free
beds and the cost; a long request warned when made; a free bed preselected; withdrawal confirmed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from stapteam.platform.actor import acting_as
from stapteam.platform.formats import euro
from tests.factories import ClientFactory
from tests.timeout.conftest import TARIFF, YEAR, approved_request, day, stay_on, year_settings
from timeout import services
from timeout.models import Stay, TimeoutRequest

Status = TimeoutRequest.Status


def url(name: str, *args: Any) -> str:
    return reverse(f"timeout:{name}", args=args)


def text_of(response: Any) -> str:
    return response.content.decode()


def requested(anna: Any, *, start: datetime.date | None = None, days: int = 7) -> TimeoutRequest:
    return services.submit_request(
        by=anna,
        client=ClientFactory.create(casemanager=anna),
        reason="Wil tot rust komen.",
        wished_start=start or day(3, 1),
        expected_days=days,
    )


@pytest.mark.django_db
def test_the_assessment_page_shows_her_stays_the_teams_stays_left_free_beds_and_the_cost(
    client, anna_casemanager, carla_coordinator, settings_year, beds
):
    request = requested(anna_casemanager)
    her = request.client
    other = ClientFactory.create()
    # Hers: two stays of this year (4 and 3 nights), one of last year that does not count.
    stay_on(beds[0], day(1, 5), day(1, 9), client=her, by=carla_coordinator)
    stay_on(beds[1], day(2, 1), day(2, 4), client=her, by=carla_coordinator)
    stay_on(beds[0], day(11, 1, YEAR - 1), day(11, 3, YEAR - 1), client=her, by=carla_coordinator)
    # A colleague's client holds Bed 1 in the wished period (1-8 March).
    stay_on(beds[0], day(2, 27), day(3, 3), client=other, by=carla_coordinator)

    client.force_login(carla_coordinator)
    response = client.get(url("request_detail", request.pk))
    facts = response.context["facts"]
    page = text_of(response)

    assert [(s.start, s.end) for s in facts.her_stays] == [
        (day(1, 5), day(1, 9)),
        (day(2, 1), day(2, 4)),
    ]
    assert "2 verblijven, 7 dagen, " + euro(7 * TARIFF) in page
    # The year's maximum is the team's: three stays of the six are taken, by her and by others.
    assert f"nog 3 van de 6 verblijven van {YEAR}" in page
    assert "3 gebruikt; het maximum geldt voor het hele team." in page
    # 4 + 3 + 4 nights (27 Feb - 3 March) of the year, against its budget.
    assert f"11 dagen, {euro(11 * TARIFF)} van een budget van {euro(facts.settings.budget)}" in page
    assert "7 dagen, " + euro(7 * TARIFF) in page  # the wished period
    free = facts.wished.free_beds
    assert free == [beds[1]]
    assert "IrisZorg time-out – Bed 2" in page.split('data-testid="free-beds"')[1].split("</dd>")[0]


@pytest.mark.django_db
def test_this_years_request_reads_dit_jaar_and_a_full_year_none_left(
    client, anna_casemanager, carla_coordinator, beds
):
    today = timezone.localdate()
    year_settings(today.year, max_stays=2)
    year_settings(today.year + 1)
    other = ClientFactory.create()
    for month in (1, 2):
        stay_on(
            beds[1],
            day(month, 1, today.year),
            day(month, 3, today.year),
            client=other,
            by=carla_coordinator,
        )
    request = requested(anna_casemanager, start=today)
    client.force_login(carla_coordinator)
    page = text_of(client.get(url("request_detail", request.pk)))
    assert "nog 0 van de 2 verblijven van dit jaar" in page
    assert f"Dit wordt verblijf 3 in {today.year}; het maximum is 2." in page


@pytest.mark.django_db
def test_a_year_without_settings_says_so_on_the_assessment_page(
    client, anna_casemanager, carla_coordinator, settings_year
):
    request = requested(anna_casemanager, start=day(3, 1, YEAR + 2))
    client.force_login(carla_coordinator)
    page = text_of(client.get(url("request_detail", request.pk)))
    assert f"Voor {YEAR + 2} zijn geen tarief en maxima ingesteld" in page


@pytest.mark.django_db
def test_the_submitter_does_not_see_the_facts(client, anna_casemanager, settings_year, beds):
    request = requested(anna_casemanager)
    client.force_login(anna_casemanager)
    response = client.get(url("request_detail", request.pk))
    assert response.context["facts"] is None
    assert "Feiten voor de beoordeling" not in text_of(response)


@pytest.mark.django_db
def test_the_assessment_page_costs_fixed_queries(
    assert_fixed_queries, anna_casemanager, carla_coordinator, settings_year, beds
):
    request = requested(anna_casemanager)
    her = request.client

    def more() -> None:
        for month in range(4, 10):
            stay_on(beds[0], day(month, 10), day(month, 14), client=her, by=carla_coordinator)
            other = ClientFactory.create()
            stay_on(beds[1], day(month, 10), day(month, 14), client=other, by=carla_coordinator)
        stay_on(beds[1], day(2, 28), day(3, 4), client=her, by=carla_coordinator)

    assert_fixed_queries(
        carla_coordinator, url("request_detail", request.pk), add_more=more, max_queries=20
    )


# --- A long request warns when it is made ---------------------------------------------------------


@pytest.mark.django_db
def test_a_request_longer_than_the_years_maximum_warns_and_is_sent_only_when_confirmed(
    client, anna_casemanager, settings_year
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    client.force_login(anna_casemanager)
    data = {
        "client": her.pk,
        "reason": "Rust.",
        "wished_start": "2030-03-01",
        "expected_days": "20",
    }
    response = client.post(url("request_create"), data)
    assert response.status_code == 200
    page = text_of(response)
    assert "Dit verblijf duurt 20 dagen; het maximum is 14." in page
    assert 'name="accept_long"' in page
    assert 'value="Rust."' in page or "Rust.</textarea>" in page  # her input is kept
    assert not TimeoutRequest.objects.exists()

    response = client.post(url("request_create"), {**data, "accept_long": "on"})
    assert response.status_code == 302
    assert TimeoutRequest.objects.get().expected_days == 20


@pytest.mark.django_db
def test_a_request_within_the_maximum_is_sent_at_once(client, anna_casemanager, settings_year):
    her = ClientFactory.create(casemanager=anna_casemanager)
    client.force_login(anna_casemanager)
    data = {
        "client": her.pk,
        "reason": "Rust.",
        "wished_start": "2030-03-01",
        "expected_days": "14",
    }
    response = client.post(url("request_create"), data)
    assert response.status_code == 302
    assert TimeoutRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_long_request_shows_the_warning_to_the_coordinator_too(
    client, anna_casemanager, carla_coordinator, settings_year, beds
):
    request = requested(anna_casemanager, days=20)
    client.force_login(carla_coordinator)
    page = text_of(client.get(url("request_detail", request.pk)))
    assert (
        "Dit verblijf duurt 20 dagen; het maximum is 14. Plaatsen kan alleen met een reden." in page
    )


# --- Placement preselects a free bed --------------------------------------------------------------


@pytest.mark.django_db
def test_placement_preselects_a_bed_free_in_the_wished_period(
    client, anna_casemanager, carla_coordinator, settings_year, beds
):
    request = approved_request(
        client=ClientFactory.create(casemanager=anna_casemanager),
        by=anna_casemanager,
        coordinator=carla_coordinator,
    )
    stay_on(beds[0], day(2, 25), day(3, 2), client=ClientFactory.create(), by=carla_coordinator)
    client.force_login(carla_coordinator)
    response = client.get(url("request_detail", request.pk))
    assert response.context["place_form"]["bed"].value() == beds[1].pk
    assert "Het gekozen bed is in deze periode bezet" not in text_of(response)

    # She picks the taken bed anyway: the plan says so before she places.
    fragment = client.post(
        url("request_place", request.pk),
        {"bed": beds[0].pk, "start": "2030-03-01", "planned_end": "2030-03-08", "preview": "1"},
        headers={"HX-Request": "true"},
    )
    assert "Het gekozen bed is in deze periode bezet; kies een vrij bed." in text_of(fragment)
    assert not Stay.objects.filter(request=request).exists()


@pytest.mark.django_db
def test_with_every_bed_taken_no_bed_is_preselected(
    client, anna_casemanager, carla_coordinator, settings_year, beds
):
    request = approved_request(
        client=ClientFactory.create(casemanager=anna_casemanager),
        by=anna_casemanager,
        coordinator=carla_coordinator,
    )
    for bed in beds:
        stay_on(bed, day(2, 25), day(3, 2), client=ClientFactory.create(), by=carla_coordinator)
    client.force_login(carla_coordinator)
    response = client.get(url("request_detail", request.pk))
    assert response.context["place_form"]["bed"].value() is None
    assert "geen bed vrij" in text_of(response)


# --- Withdrawing asks first -----------------------------------------------------------------------


@pytest.mark.django_db
def test_withdrawing_asks_for_confirmation_first(client, anna_casemanager, settings_year):
    request = requested(anna_casemanager)
    client.force_login(anna_casemanager)
    detail = text_of(client.get(url("request_detail", request.pk)))
    assert f'href="{url("request_withdraw", request.pk)}"' in detail  # a link, not a button

    confirm = client.get(url("request_withdraw", request.pk))
    assert confirm.status_code == 200
    assert "Aanvraag intrekken?" in text_of(confirm)
    assert "Ja, aanvraag intrekken" in text_of(confirm)
    request.refresh_from_db()
    assert request.status == Status.REQUESTED  # opening the page changes nothing

    response = client.post(url("request_withdraw", request.pk), follow=True)
    assert "Aanvraag ingetrokken." in text_of(response)
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN


@pytest.mark.django_db
def test_the_confirmation_of_a_request_that_cannot_be_withdrawn_says_so(
    client, anna_casemanager, settings_year
):
    request = requested(anna_casemanager)
    with acting_as(anna_casemanager):
        services.withdraw(request=request)
    client.force_login(anna_casemanager)
    response = client.get(url("request_withdraw", request.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("request_detail", request.pk)
    assert "Deze aanvraag kan niet meer worden ingetrokken." in text_of(response)
