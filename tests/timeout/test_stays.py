"""Time-out requests and stays: the flow, the caps, concurrency, who sees what, bad input."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from stapteam.models import Client
from tests.concurrency import at_once
from tests.factories import ClientFactory, EscalationFactory
from tests.timeout.conftest import (
    YEAR,
    approved_request,
    day,
    make_beds,
    stay_on,
    year_settings,
)
from timeout import services
from timeout.models import Bed, Location, Stay, TimeoutRequest, YearSettings

Status = TimeoutRequest.Status
BED_TAKEN = "Dit bed is in die periode al bezet; kies een ander bed of andere data."
SEVENTH = f"Dit wordt verblijf 7 in {YEAR}; het maximum is 6."


def url(name: str, *args: Any) -> str:
    return reverse(f"timeout:{name}", args=args)


def text_of(response: Any) -> str:
    return response.content.decode()


def six_stays(bed: Any, client: Client, by: Any) -> None:
    """The year's six stays, one a month from January, a week each."""
    for month in range(1, 7):
        stay_on(bed, day(month, 1), day(month, 8), client=client, by=by)


# --- The flow -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_request_assess_place_and_end_early_through_the_pages(
    client, anna_casemanager, carla_coordinator, settings_year, beds
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    client.force_login(anna_casemanager)
    response = client.post(
        url("request_create"),
        {
            "client": her.pk,
            "reason": "Uitgeput, slaapt niet.",
            "wished_start": "2030-03-02",
            "expected_days": "7",
        },
    )
    request = TimeoutRequest.objects.get()
    assert response.status_code == 302
    assert response.url == url("request_detail", request.pk)
    assert (request.client, request.submitted_by, request.status) == (
        her,
        anna_casemanager,
        Status.REQUESTED,
    )

    client.force_login(carla_coordinator)
    queue = text_of(client.get(url("request_list")))
    assert "Te beoordelen" in queue
    assert her.code in queue
    response = client.post(
        url("request_assess", request.pk), {"decision": "approve", "note": "Goed plan."}
    )
    assert response.status_code == 302
    detail = text_of(client.get(url("request_detail", request.pk)))
    assert "7 dagen, €\xa0974,89" in detail  # 7 * 139.27
    assert "Vrij in deze periode:" in detail
    response = client.post(
        url("request_place", request.pk),
        {"bed": beds[0].pk, "start": "2030-03-02", "planned_end": "2030-03-09"},
    )
    assert response.status_code == 302
    stay = Stay.objects.get()
    assert (stay.bed, stay.start, stay.planned_end, stay.cap_year) == (
        beds[0],
        day(3, 2),
        day(3, 9),
        YEAR,
    )
    assert stay.override_reason == ""
    response = client.post(
        url("stay_end", stay.pk),
        {"actual_end": "2030-03-05", "end_kind": "early", "reason": "Zelf vertrokken."},
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    request.refresh_from_db()
    assert (stay.actual_end, stay.end_kind, stay.end_reason) == (
        day(3, 5),
        Stay.EndKind.EARLY,
        "Zelf vertrokken.",
    )
    assert request.status == Status.ENDED

    # The submitter is told the outcome in the app.
    client.force_login(anna_casemanager)
    mine = text_of(client.get(url("request_list")))
    assert "Beëindigd" in mine
    assert "Voortijdig" in mine
    timeline = text_of(client.get(reverse("stapteam:client_detail", args=[her.pk])))
    assert "Time-out aangevraagd door" in timeline
    assert "Time-out in IrisZorg time-out – Bed 1 van 02-03-2030 tot 05-03-2030" in timeline


@pytest.mark.django_db
def test_a_refusal_needs_a_reason_and_the_submitter_reads_it(
    client, anna_casemanager, carla_coordinator, settings_year
):
    request = services.submit_request(
        by=anna_casemanager,
        client=ClientFactory.create(casemanager=anna_casemanager),
        reason="Rust.",
        wished_start=day(3, 1),
        expected_days=5,
    )
    client.force_login(carla_coordinator)
    response = client.post(url("request_assess", request.pk), {"decision": "refuse", "note": ""})
    assert response.status_code == 200
    assert "Geef de reden van de afwijzing." in text_of(response)
    client.post(
        url("request_assess", request.pk),
        {"decision": "refuse", "note": "Eerst een gesprek met de casemanager."},
    )
    client.force_login(anna_casemanager)
    mine = text_of(client.get(url("request_list")))
    assert "Afgewezen" in mine
    assert "Eerst een gesprek met de casemanager." in mine


@pytest.mark.django_db
def test_the_submitter_and_the_coordinator_may_withdraw_others_may_not(
    client, anna_casemanager, bram_casemanager_ldh, carla_coordinator, settings_year
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    first = services.submit_request(
        by=anna_casemanager, client=her, reason="Rust.", wished_start=day(3, 1), expected_days=5
    )
    second = services.submit_request(
        by=anna_casemanager, client=her, reason="Rust.", wished_start=day(4, 1), expected_days=5
    )
    client.force_login(bram_casemanager_ldh)
    assert client.post(url("request_withdraw", first.pk)).status_code == 404
    client.force_login(anna_casemanager)
    response = client.post(url("request_withdraw", first.pk), follow=True)
    assert "Aanvraag ingetrokken." in text_of(response)
    response = client.post(url("request_withdraw", first.pk), follow=True)
    assert "Deze aanvraag kan niet meer worden ingetrokken." in text_of(response)
    client.force_login(carla_coordinator)
    client.post(url("request_withdraw", second.pk))
    assert set(TimeoutRequest.objects.values_list("status", flat=True)) == {Status.WITHDRAWN}


# --- The caps and the budget ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_seventh_stay_is_refused_unless_the_coordinator_gives_a_reason(
    anna_casemanager, carla_coordinator, settings_year, beds
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    six_stays(beds[0], her, carla_coordinator)
    request = approved_request(client=her, by=anna_casemanager, coordinator=carla_coordinator)
    plan = {"request": request, "bed": beds[0], "start": day(9, 1), "planned_end": day(9, 8)}
    with pytest.raises(ValidationError) as refused:
        services.place(**plan, by=carla_coordinator)
    assert refused.value.messages == [SEVENTH]
    with pytest.raises(ValidationError):
        services.place(**plan, by=carla_coordinator, override_reason="   ")

    placement = services.place(
        **plan, by=carla_coordinator, override_reason="Acute crisis, geen ander bed."
    )
    assert placement.stay.override_reason == "Acute crisis, geen ander bed."
    assert Stay.objects.filter(cap_year=YEAR).count() == 7


@pytest.mark.django_db
def test_the_page_shows_the_cap_and_records_the_override_reason(
    client, anna_casemanager, carla_coordinator, settings_year, beds
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    six_stays(beds[0], her, carla_coordinator)
    request = approved_request(
        client=her, by=anna_casemanager, coordinator=carla_coordinator, start=day(9, 1)
    )
    client.force_login(carla_coordinator)
    detail = text_of(client.get(url("request_detail", request.pk)))
    assert SEVENTH in detail
    assert 'name="override_reason"' in detail
    plan = {"bed": beds[0].pk, "start": "2030-09-01", "planned_end": "2030-09-08"}
    response = client.post(url("request_place", request.pk), plan)
    assert response.status_code == 200
    assert SEVENTH in text_of(response)
    assert not Stay.objects.filter(request=request).exists()
    response = client.post(
        url("request_place", request.pk), {**plan, "override_reason": "Geen alternatief."}
    )
    assert response.status_code == 302
    assert Stay.objects.get(request=request).override_reason == "Geen alternatief."


@pytest.mark.django_db
def test_a_fifteen_day_stay_is_refused_unless_overridden(
    anna_casemanager, carla_coordinator, settings_year, beds
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    request = approved_request(client=her, by=anna_casemanager, coordinator=carla_coordinator)
    plan = {"request": request, "bed": beds[0], "start": day(3, 1), "planned_end": day(3, 16)}
    with pytest.raises(ValidationError) as refused:
        services.place(**plan, by=carla_coordinator)
    assert refused.value.messages == ["Dit verblijf duurt 15 dagen; het maximum is 14."]
    placement = services.place(**plan, by=carla_coordinator, override_reason="Wacht op een plek.")
    assert placement.stay.override_reason == "Wacht op een plek."

    # Fourteen nights need no reason.
    other = approved_request(client=her, by=anna_casemanager, coordinator=carla_coordinator)
    stay = services.place(
        request=other, bed=beds[1], start=day(3, 1), planned_end=day(3, 15), by=carla_coordinator
    ).stay
    assert stay.override_reason == ""


@pytest.mark.django_db
def test_a_refused_long_stay_offers_the_override_for_the_dates_she_entered(
    client, anna_casemanager, carla_coordinator, settings_year, beds
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    request = approved_request(client=her, by=anna_casemanager, coordinator=carla_coordinator)
    client.force_login(carla_coordinator)
    assert 'name="override_reason"' not in text_of(client.get(url("request_detail", request.pk)))
    plan = {"bed": beds[0].pk, "start": "2030-03-01", "planned_end": "2030-03-21"}
    response = client.post(url("request_place", request.pk), plan)
    page = text_of(response)
    assert "Dit verblijf duurt 20 dagen; het maximum is 14." in page
    assert 'name="override_reason"' in page
    assert 'value="2030-03-21"' in page
    response = client.post(
        url("request_place", request.pk), {**plan, "override_reason": "Wacht op opvang."}
    )
    assert response.status_code == 302
    assert Stay.objects.get().override_reason == "Wacht op opvang."


@pytest.mark.django_db
def test_a_plan_over_the_budget_warns_the_coordinator_but_is_allowed(
    client, anna_casemanager, carla_coordinator, beds
):
    year_settings(budget=Decimal("1000.00"))
    her = ClientFactory.create(casemanager=anna_casemanager)
    stay_on(beds[1], day(2, 1), day(2, 6), client=her, by=carla_coordinator)  # 5 * 139.27
    request = approved_request(client=her, by=anna_casemanager, coordinator=carla_coordinator)
    client.force_login(carla_coordinator)
    detail = text_of(client.get(url("request_detail", request.pk)))
    assert "Waarschuwing:" in detail
    assert "boven het budget van €\xa01.000,00" in detail
    response = client.post(
        url("request_place", request.pk),
        {"bed": beds[0].pk, "start": "2030-03-01", "planned_end": "2030-03-08"},
        follow=True,
    )
    assert f"Let op: met deze plaatsing gaat {YEAR} over het budget." in text_of(response)
    assert Stay.objects.filter(request=request).exists()

    client.force_login(anna_casemanager)
    assert "Waarschuwing:" not in text_of(client.get(url("request_detail", request.pk)))


@pytest.mark.django_db
def test_kosten_berekenen_shows_the_plan_without_placing(
    client, anna_casemanager, carla_coordinator, settings_year, beds
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    request = approved_request(client=her, by=anna_casemanager, coordinator=carla_coordinator)
    client.force_login(carla_coordinator)
    response = client.post(
        url("request_place", request.pk),
        {"bed": beds[0].pk, "start": "2030-03-01", "planned_end": "2030-03-03", "preview": "1"},
    )
    assert response.status_code == 200
    assert "2 dagen, €\xa0278,54" in text_of(response)
    assert not Stay.objects.exists()


# --- Concurrency ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_bookings_of_one_bed_at_once_exactly_one_succeeds(
    anna_casemanager, carla_coordinator
):
    year_settings()
    bed = make_beds(1)[0]
    first, second = (
        approved_request(
            client=ClientFactory.create(casemanager=anna_casemanager),
            by=anna_casemanager,
            coordinator=carla_coordinator,
        )
        for _ in range(2)
    )
    outcomes = at_once(
        lambda: services.place(
            request=first, bed=bed, start=day(3, 1), planned_end=day(3, 8), by=carla_coordinator
        ),
        lambda: services.place(
            request=second, bed=bed, start=day(3, 5), planned_end=day(3, 12), by=carla_coordinator
        ),
    )
    assert outcomes == [BED_TAKEN, "ok"]
    assert Stay.objects.count() == 1
    assert sorted(TimeoutRequest.objects.values_list("status", flat=True)) == [
        Status.APPROVED,
        Status.PLACED,
    ]


@pytest.mark.django_db(transaction=True)
def test_two_stays_that_would_both_be_the_sixth_at_once_exactly_one_succeeds(
    anna_casemanager, carla_coordinator
):
    year_settings()
    bed, other_bed = make_beds(2)
    her = ClientFactory.create(casemanager=anna_casemanager)
    for month in range(1, 6):
        stay_on(bed, day(month, 1), day(month, 8), client=her, by=carla_coordinator)
    first, second = (
        approved_request(client=her, by=anna_casemanager, coordinator=carla_coordinator)
        for _ in range(2)
    )
    outcomes = at_once(
        lambda: services.place(
            request=first, bed=bed, start=day(9, 1), planned_end=day(9, 8), by=carla_coordinator
        ),
        lambda: services.place(
            request=second,
            bed=other_bed,
            start=day(9, 1),
            planned_end=day(9, 8),
            by=carla_coordinator,
        ),
    )
    assert outcomes == [SEVENTH, "ok"]
    assert Stay.objects.filter(cap_year=YEAR).count() == 6


# --- Who sees what --------------------------------------------------------------------------------


@pytest.fixture
def seen(
    anna_casemanager,
    bram_casemanager_ldh,
    carla_coordinator,
    mila_cirkel_staff,
    settings_year,
    beds,
) -> SimpleNamespace:
    """Requests of several clients and people; stays in March for Anna's and Bram's clients."""
    anna_client = ClientFactory.create(
        casemanager=anna_casemanager, call_name="Zonnebloem", full_name="Zonnebloem Geheim"
    )
    bram_client = ClientFactory.create(
        casemanager=bram_casemanager_ldh, call_name="Klaproos", full_name="Klaproos Geheim"
    )
    monitored = ClientFactory.create(monitoring=True, call_name="Madelief")
    escalated = ClientFactory.create(casemanager=bram_casemanager_ldh, call_name="Lavendel")
    EscalationFactory.create(client=escalated, raised_by=bram_casemanager_ldh)

    def ask(by: Any, who: Client) -> TimeoutRequest:
        return services.submit_request(
            by=by, client=who, reason="Rust.", wished_start=day(5, 1), expected_days=5
        )

    anna_stay = stay_on(beds[0], day(3, 2), day(3, 9), client=anna_client, by=carla_coordinator)
    bram_stay = stay_on(beds[1], day(3, 20), day(4, 3), client=bram_client, by=carla_coordinator)
    return SimpleNamespace(
        anna_client=anna_client,
        bram_client=bram_client,
        monitored=monitored,
        escalated=escalated,
        anna=ask(anna_casemanager, anna_client),
        bram=ask(bram_casemanager_ldh, bram_client),
        mila=ask(mila_cirkel_staff, bram_client),
        monitor=ask(carla_coordinator, monitored),
        escalation=ask(bram_casemanager_ldh, escalated),
        anna_stay=anna_stay,
        bram_stay=bram_stay,
    )


@pytest.mark.django_db
def test_a_casemanager_sees_her_own_clients_requests_only(client, anna_casemanager, seen):
    client.force_login(anna_casemanager)
    listing = text_of(client.get(url("request_list")))
    assert seen.anna_client.code in listing
    for other in (seen.bram_client, seen.monitored, seen.escalated):
        assert other.code not in listing
    assert "Te beoordelen" not in listing
    assert client.get(url("request_detail", seen.anna.pk)).status_code == 200
    assert client.get(url("request_detail", seen.bram.pk)).status_code == 404
    form = text_of(client.get(url("request_create")))
    assert seen.anna_client.call_name in form
    assert seen.bram_client.call_name not in form
    assert 'name="new_call_name"' not in form


@pytest.mark.django_db
def test_cirkel_staff_see_their_own_requests_status_and_no_more(client, mila_cirkel_staff, seen):
    client.force_login(mila_cirkel_staff)
    listing = text_of(client.get(url("request_list")))
    assert seen.bram_client.code in listing  # she asked for her herself
    assert "Aangevraagd" in listing
    assert seen.anna_client.code not in listing
    assert client.get(url("request_detail", seen.mila.pk)).status_code == 200
    assert client.get(url("request_detail", seen.bram.pk)).status_code == 404
    detail = text_of(client.get(url("request_detail", seen.mila.pk)))
    assert "Dossier openen" not in detail
    assert "Aanvraag intrekken" in detail

    # She picks a woman by code and roepnaam; nothing else of the file shows.
    form = text_of(client.get(url("request_create")))
    assert f"{seen.anna_client.code} · Zonnebloem" in form
    assert "Zonnebloem Geheim" not in form
    assert seen.anna_client.phone not in form
    file = client.get(reverse("stapteam:client_detail", args=[seen.anna_client.pk]))
    assert file.status_code in (403, 404)


@pytest.mark.django_db
def test_cirkel_staff_register_a_new_woman_by_her_roepnaam(client, mila_cirkel_staff, seen):
    client.force_login(mila_cirkel_staff)
    response = client.post(
        url("request_create"),
        {
            "new_call_name": "Sneeuwklokje",
            "reason": "Wil rust.",
            "wished_start": "2030-05-01",
            "expected_days": "5",
        },
    )
    assert response.status_code == 302
    her = Client.objects.get(call_name="Sneeuwklokje")
    assert her.known_at_cirkel
    assert her.residence == "Aangemeld via de Cirkel"
    request = TimeoutRequest.objects.get(client=her)
    assert request.submitted_by == mila_cirkel_staff
    assert "Sneeuwklokje" in text_of(client.get(url("request_list")))


@pytest.mark.django_db
def test_the_calendar_names_only_clients_the_viewer_may_see(
    client, anna_casemanager, carla_coordinator, mila_cirkel_staff, seen
):
    march = url("calendar") + f"?month={YEAR}-03"
    client.force_login(anna_casemanager)
    page = text_of(client.get(march))
    assert "Zonnebloem" in page
    assert "Klaproos" not in page
    assert "bezet" in page
    client.force_login(mila_cirkel_staff)
    page = text_of(client.get(march))
    assert "Zonnebloem" not in page
    assert "Klaproos" not in page
    assert seen.anna_client.code not in page
    assert page.count('data-state="planned"') == 7 + 12  # nights 2-8 and 20-31 March
    client.force_login(carla_coordinator)
    page = text_of(client.get(march))
    assert "Zonnebloem" in page
    assert "Klaproos" in page


@pytest.mark.django_db
def test_the_calendar_shows_started_stays_as_occupied(
    client, anna_casemanager, carla_coordinator, beds
):
    today = timezone.localdate()
    her = ClientFactory.create(casemanager=anna_casemanager)
    stay_on(beds[0], today, today + datetime.timedelta(days=1), client=her, by=carla_coordinator)
    client.force_login(anna_casemanager)
    page = text_of(client.get(url("calendar")))
    assert f'data-date="{today:%Y-%m-%d}" data-state="occupied"' in page


@pytest.mark.django_db
def test_procesregie_sees_requests_of_escalated_and_monitored_clients_only(
    client, pim_process_director, seen
):
    client.force_login(pim_process_director)
    listing = text_of(client.get(url("request_list")))
    assert seen.monitored.code in listing
    assert seen.escalated.code in listing
    assert seen.anna_client.code not in listing
    assert seen.bram_client.code not in listing
    assert client.get(url("request_detail", seen.anna.pk)).status_code == 404
    assert client.get(url("request_detail", seen.monitor.pk)).status_code == 200
    for name in ("calendar", "overview", "request_create"):
        assert client.get(url(name)).status_code == 403


@pytest.mark.django_db
def test_the_policy_officer_sees_counts_and_costs_without_client_codes(
    client, bob_policy_officer, carla_coordinator, seen
):
    overview = url("overview") + f"?year={YEAR}"
    client.force_login(bob_policy_officer)
    page = text_of(client.get(overview))
    assert "2 van 6" in page
    assert "Per cliënt" not in page
    for code in (seen.anna_client.code, seen.bram_client.code):
        assert code not in page
    # 7 nights + 14 nights = 21 * 139.27
    assert "€\xa02.924,67" in page
    for name in ("request_list", "calendar", "request_create"):
        assert client.get(url(name)).status_code == 403
    assert client.get(url("request_detail", seen.anna.pk)).status_code == 403

    client.force_login(carla_coordinator)
    page = text_of(client.get(overview))
    assert "Per cliënt" in page
    assert seen.anna_client.code in page
    assert seen.bram_client.code in page


@pytest.mark.django_db
def test_the_overview_splits_days_and_costs_per_month(client, carla_coordinator, seen):
    client.force_login(carla_coordinator)
    response = client.get(url("overview") + f"?year={YEAR}")
    months = {row.first.month: row for row in response.context["months"]}
    # Bram's client: 20 March to 3 April is 12 nights in March and 2 in April.
    assert (months[3].started, months[3].days) == (2, 7 + 12)
    assert (months[4].started, months[4].days, months[4].cost) == (0, 2, Decimal("278.54"))
    assert sum(row.cost for row in months.values()) == response.context["cost"]


@pytest.mark.django_db
def test_the_secretariat_gets_no_time_out_page(client, sanne_secretariat, seen):
    client.force_login(sanne_secretariat)
    for name in ("request_list", "request_create", "calendar", "overview"):
        assert client.get(url(name)).status_code == 403
    assert client.get(url("request_detail", seen.anna.pk)).status_code == 403
    assert client.post(url("request_withdraw", seen.anna.pk)).status_code == 403
    assert client.post(url("request_assess", seen.anna.pk), {}).status_code == 403
    assert client.post(url("stay_end", seen.anna_stay.pk), {}).status_code == 403


@pytest.mark.django_db
def test_only_the_coordinator_assesses_places_and_ends(client, anna_casemanager, seen, beds):
    client.force_login(anna_casemanager)
    detail = text_of(client.get(url("request_detail", seen.anna.pk)))
    assert "Beoordeling vastleggen" not in detail
    response = client.post(url("request_assess", seen.anna.pk), {"decision": "approve"})
    assert response.status_code == 403
    plan = {"bed": beds[0].pk, "start": "2030-05-01", "planned_end": "2030-05-03"}
    assert client.post(url("request_place", seen.anna.pk), plan).status_code == 403
    assert client.post(url("stay_end", seen.anna_stay.pk), {}).status_code == 403


# --- Bad input ------------------------------------------------------------------------------------


@pytest.fixture
def approved(anna_casemanager, carla_coordinator, settings_year, beds) -> TimeoutRequest:
    return approved_request(
        client=ClientFactory.create(casemanager=anna_casemanager),
        by=anna_casemanager,
        coordinator=carla_coordinator,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ({"start": "2030-02-30"}, "Vul de datum in als dd-mm-jjjj."),
        ({"start": "morgen"}, "Vul de datum in als dd-mm-jjjj."),
        ({"planned_end": ""}, "Vul een datum in."),
        ({"bed": "99999"}, "Kies een bed uit de lijst."),
        ({"bed": "abc"}, "Kies een bed uit de lijst."),
        ({"planned_end": "2030-02-20"}, "De einddatum moet na de begindatum liggen."),
        (
            {"start": "2031-03-01", "planned_end": "2031-03-05"},
            "Voor 2031 zijn geen tarief en maxima ingesteld; "
            "vraag de functioneel beheerder ze in te stellen.",
        ),
        ({"override_reason": "x" * 301}, "Houd de reden korter dan 300 tekens."),
    ],
)
def test_bad_placement_input_gives_a_message(
    client, carla_coordinator, approved, beds, plan, message
):
    client.force_login(carla_coordinator)
    data = {"bed": beds[0].pk, "start": "2030-03-01", "planned_end": "2030-03-08", **plan}
    response = client.post(url("request_place", approved.pk), data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not Stay.objects.exists()


CLOSED_YEAR = "Het jaar 2030 is afgesloten: in een afgesloten jaar komt geen verblijf meer bij."


@pytest.mark.django_db
def test_no_stay_is_placed_in_a_closed_year(client, carla_coordinator, approved, beds):
    YearSettings.objects.filter(year=2030).update(is_closed=True)
    client.force_login(carla_coordinator)
    data = {"bed": beds[0].pk, "start": "2030-03-01", "planned_end": "2030-03-08"}
    response = client.post(url("request_place", approved.pk), data)
    assert response.status_code == 200
    assert CLOSED_YEAR in text_of(response)
    assert 'value="2030-03-08"' in text_of(response)  # what she typed stays
    assert not Stay.objects.exists()
    approved.refresh_from_db()
    assert approved.status == TimeoutRequest.Status.APPROVED


@pytest.mark.django_db
def test_a_stay_running_into_a_closed_year_is_refused_too(carla_coordinator, approved, beds):
    """December 2029 is open, 2030 is closed: the nights in 2030 would change its accounts."""
    year_settings(2029)
    YearSettings.objects.filter(year=2030).update(is_closed=True)
    with pytest.raises(ValidationError, match="Het jaar 2030 is afgesloten"):
        services.place(
            request=approved,
            bed=beds[0],
            start=datetime.date(2029, 12, 28),
            planned_end=datetime.date(2030, 1, 3),
            by=carla_coordinator,
        )
    assert not Stay.objects.exists()


@pytest.mark.django_db
def test_bad_steps_give_messages_never_an_error_page(
    client, anna_casemanager, carla_coordinator, approved, beds
):
    client.force_login(carla_coordinator)
    response = client.post(url("request_assess", approved.pk), {"decision": "misschien"})
    assert "Kies goedkeuren of afwijzen." in text_of(response)
    response = client.post(url("request_assess", approved.pk), {"decision": "approve"})
    assert response.status_code == 200
    assert "Deze aanvraag is al beoordeeld." in text_of(response)

    stay = services.place(
        request=approved, bed=beds[0], start=day(3, 1), planned_end=day(3, 8), by=carla_coordinator
    ).stay
    response = client.post(
        url("request_place", approved.pk),
        {"bed": beds[1].pk, "start": "2030-04-01", "planned_end": "2030-04-03"},
    )
    assert "Alleen een goedgekeurde aanvraag kan worden geplaatst." in text_of(response)
    end = url("stay_end", stay.pk)
    for data, message in [
        (
            {"actual_end": "2030-02-01", "end_kind": "regular"},
            "De einddatum moet op of na de begindatum",
        ),
        ({"actual_end": "2030-03-04", "end_kind": "early"}, "Geef de reden van het voortijdige"),
        ({"actual_end": "2030-03-04", "end_kind": "never"}, "Kies regulier of voortijdig."),
        ({"actual_end": "abc", "end_kind": "regular"}, "Vul de datum in als dd-mm-jjjj."),
    ]:
        response = client.post(end, data)
        assert response.status_code == 200
        assert message in text_of(response)
    client.post(end, {"actual_end": "2030-03-08", "end_kind": "regular"})
    response = client.post(end, {"actual_end": "2030-03-08", "end_kind": "regular"})
    assert "Dit verblijf is al beëindigd." in text_of(response)

    assert client.get(url("request_detail", 999999)).status_code == 404
    assert client.post(url("stay_end", 999999), {}).status_code == 404
    assert client.get(url("request_assess", approved.pk)).status_code == 405
    assert client.get("/time-out/aanvragen/abc/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"wished_start": "2020-01-01"},
            "De gewenste start mag hoogstens een week in het verleden liggen.",
        ),
        ({"wished_start": "31-31-2030"}, "Vul de datum in als dd-mm-jjjj."),
        ({"expected_days": "0"}, "Vul minstens 1 dag in."),
        ({"expected_days": "61"}, "Vul hoogstens 60 dagen in."),
        ({"expected_days": "abc"}, "Vul een heel aantal dagen in."),
        ({"reason": ""}, "Geef de reden voor de time-out."),
        ({"client": "999999"}, "Kies een cliënt uit de lijst."),
        ({"client": ""}, "Kies een cliënt."),
    ],
)
def test_bad_request_input_gives_a_message(client, anna_casemanager, data, message):
    her = ClientFactory.create(casemanager=anna_casemanager)
    client.force_login(anna_casemanager)
    post = {
        "client": her.pk,
        "reason": "Rust.",
        "wished_start": "2030-03-01",
        "expected_days": "5",
        **data,
    }
    response = client.post(url("request_create"), post)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not TimeoutRequest.objects.exists()


@pytest.mark.django_db
def test_a_casemanager_cannot_ask_for_another_teams_client(
    client, anna_casemanager, bram_casemanager_ldh
):
    theirs = ClientFactory.create(casemanager=bram_casemanager_ldh)
    client.force_login(anna_casemanager)
    response = client.post(
        url("request_create"),
        {"client": theirs.pk, "reason": "Rust.", "wished_start": "2030-03-01", "expected_days": 5},
    )
    assert "Kies een cliënt uit de lijst." in text_of(response)
    assert not TimeoutRequest.objects.exists()


@pytest.mark.django_db
def test_cirkel_staff_choose_a_client_or_a_roepnaam_not_both(client, mila_cirkel_staff):
    her = ClientFactory.create()
    closed = ClientFactory.create(closed=True)
    client.force_login(mila_cirkel_staff)
    base = {"reason": "Rust.", "wished_start": "2030-03-01", "expected_days": "5"}
    response = client.post(url("request_create"), {**base, "client": her.pk, "new_call_name": "X"})
    assert "Kies een bestaande cliënt óf vul een roepnaam in." in text_of(response)
    response = client.post(url("request_create"), base)
    assert "Kies een cliënt of vul een roepnaam in." in text_of(response)
    response = client.post(url("request_create"), {**base, "client": closed.pk})
    assert "Kies een cliënt uit de lijst." in text_of(response)
    assert not TimeoutRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["abc", "2030-13", "2030", "99999-01", "2030-00", "-"])
def test_a_bad_month_falls_back_to_this_month_with_a_message(client, anna_casemanager, month):
    client.force_login(anna_casemanager)
    response = client.get(url("calendar"), {"month": month})
    assert response.status_code == 200
    assert "Onbekende maand; deze maand wordt getoond." in text_of(response)
    assert response.context["first"] == timezone.localdate().replace(day=1)


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["abc", "-1", "99999", "20x0", "1999"])
def test_a_bad_year_falls_back_to_this_year_with_a_message(client, bob_policy_officer, year):
    client.force_login(bob_policy_officer)
    response = client.get(url("overview"), {"year": year})
    assert response.status_code == 200
    assert "Onbekend jaar; dit jaar wordt getoond." in text_of(response)
    assert response.context["year"] == timezone.localdate().year


@pytest.mark.django_db
def test_a_year_without_settings_says_so(client, bob_policy_officer):
    client.force_login(bob_policy_officer)
    response = client.get(url("overview"), {"year": "2040"})
    assert "Voor 2040 zijn geen tarief, maxima en budget ingesteld." in text_of(response)


# --- Query counts ---------------------------------------------------------------------------------


_new_beds = itertools.count(1)


def more_requests(anna: Any, bram: Any, carla: Any, mila: Any, n: int) -> None:
    """n requests in every state for two teams and Cirkel, and n stays, each on a bed of its own."""
    location = Location.objects.get_or_create(name="Extra locatie")[0]
    for i in range(n):
        who = ClientFactory.create(casemanager=anna if i % 2 else bram)
        asked = services.submit_request(
            by=mila if i % 3 == 0 else anna if i % 2 else bram,
            client=who,
            reason="Rust.",
            wished_start=day(3, 1),
            expected_days=3,
        )
        if i % 4 == 1:
            services.assess(request=asked, approved=False, note="Niet nu.", by=carla)
        elif i % 4 == 2:
            services.assess(request=asked, approved=True, note="", by=carla)
        bed = Bed.objects.create(location=location, name=f"Extra {next(_new_beds)}")
        stay_on(bed, day(3, 1 + i % 20), day(3, 5 + i % 20), client=who, by=carla)


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["carla_coordinator", "anna_casemanager", "mila_cirkel_staff"])
def test_the_request_list_costs_fixed_queries(
    request,
    viewer,
    assert_fixed_queries,
    anna_casemanager,
    bram_casemanager_ldh,
    carla_coordinator,
    mila_cirkel_staff,
    settings_year,
    beds,
):
    people = (anna_casemanager, bram_casemanager_ldh, carla_coordinator, mila_cirkel_staff)
    more_requests(*people, 3)
    assert_fixed_queries(
        request.getfixturevalue(viewer),
        url("request_list"),
        add_more=lambda: more_requests(*people, 12),
        max_queries=14,  # the page of running requests counts its rows
    )


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["carla_coordinator", "anna_casemanager", "mila_cirkel_staff"])
def test_the_calendar_costs_fixed_queries(
    request,
    viewer,
    assert_fixed_queries,
    anna_casemanager,
    bram_casemanager_ldh,
    carla_coordinator,
    mila_cirkel_staff,
    settings_year,
    beds,
):
    people = (anna_casemanager, bram_casemanager_ldh, carla_coordinator, mila_cirkel_staff)
    more_requests(*people, 2)
    assert_fixed_queries(
        request.getfixturevalue(viewer),
        url("calendar") + f"?month={YEAR}-03",
        add_more=lambda: more_requests(*people, 24),
        max_queries=12,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["carla_coordinator", "bob_policy_officer"])
def test_the_overview_costs_fixed_queries(
    request,
    viewer,
    assert_fixed_queries,
    anna_casemanager,
    bram_casemanager_ldh,
    carla_coordinator,
    mila_cirkel_staff,
    settings_year,
    beds,
):
    people = (anna_casemanager, bram_casemanager_ldh, carla_coordinator, mila_cirkel_staff)
    more_requests(*people, 2)
    assert_fixed_queries(
        request.getfixturevalue(viewer),
        url("overview") + f"?year={YEAR}",
        add_more=lambda: more_requests(*people, 24),
        max_queries=12,
    )


@pytest.mark.django_db
def test_the_request_page_costs_fixed_queries(
    assert_fixed_queries, anna_casemanager, carla_coordinator, approved, beds
):
    her = approved.client

    def more() -> None:
        for month in range(1, 7):
            stay_on(beds[0], day(month, 10), day(month, 14), client=her, by=carla_coordinator)

    assert_fixed_queries(
        carla_coordinator, url("request_detail", approved.pk), add_more=more, max_queries=21
    )


@pytest.mark.django_db
def test_changing_a_date_shows_the_new_plan_in_place_without_placing(
    client, anna_casemanager, carla_coordinator, settings_year, beds
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    request = approved_request(client=her, by=anna_casemanager, coordinator=carla_coordinator)
    client.force_login(carla_coordinator)
    page = text_of(client.get(url("request_detail", request.pk)))
    assert 'id="placement-plan"' in client.get(url("request_detail", request.pk)).content.decode()
    assert "Plan" in page

    fragment = client.post(
        url("request_place", request.pk),
        {"bed": beds[0].pk, "start": "2030-03-01", "planned_end": "2030-03-04", "preview": "1"},
        headers={"HX-Request": "true"},
    ).content.decode()

    assert "<html" not in fragment and 'id="placement-plan"' in fragment
    assert "3 dagen, €\xa0417,81" in fragment
    assert not Stay.objects.exists()
    wrong = client.post(
        url("request_place", request.pk),
        {"bed": beds[0].pk, "start": "2030-03-04", "planned_end": "2030-03-01", "preview": "1"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "De einddatum moet na de begindatum liggen." in wrong and not Stay.objects.exists()
    # Above the 14-day cap the plan asks for a reason, and brings the field for it.
    long = client.post(
        url("request_place", request.pk),
        {"bed": beds[0].pk, "start": "2030-03-01", "planned_end": "2030-03-21", "preview": "1"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Plaatsen kan alleen met een reden." in long and 'name="override_reason"' in long
