"""The past and the finished: a stay registered afterwards, under the same rules as a placement;
a stay whose end has passed unended says so, and is ended or extended."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from stapteam.platform.actor import acting_as
from stapteam.platform.formats import day_date, euro
from tests.factories import ClientFactory
from tests.timeout.conftest import TARIFF, stay_on, year_settings
from timeout import services
from timeout.models import Stay, TimeoutRequest, YearSettings

Status = TimeoutRequest.Status
ENDED_LATE = "Einde verstreken: beëindigen of verlengen"


def url(name: str, *args: Any) -> str:
    return reverse(f"timeout:{name}", args=args)


def text_of(response: Any) -> str:
    return response.content.decode()


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def years(db: None) -> None:
    """Settings for every year the tests' dates (up to 60 days back or ahead) touch."""
    for year in {ago(60).year, ago(0).year, ago(-60).year}:
        year_settings(year)


def past_stay_form(client_pk: int, bed_pk: int, **changes: Any) -> dict[str, Any]:
    return {
        "client": client_pk,
        "bed": bed_pk,
        "start": f"{ago(10):%Y-%m-%d}",
        "end": f"{ago(5):%Y-%m-%d}",
        "reason": "Na een aanranding opgevangen.",
        "afterwards_reason": "Avonddienst plaatste haar, vooraf aanvragen kon niet.",
        **changes,
    }


# --- A stay registered afterwards -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_coordinator_registers_a_past_stay_with_its_reason_and_cost(
    client, anna_casemanager, carla_coordinator, years, beds
):
    her = ClientFactory.create(casemanager=anna_casemanager)
    client.force_login(carla_coordinator)
    assert client.get(url("stay_register_past")).status_code == 200
    response = client.post(url("stay_register_past"), past_stay_form(her.pk, beds[0].pk))
    stay = Stay.objects.get()
    assert response.status_code == 302
    assert response.url == url("request_detail", stay.request_id)
    assert (stay.client, stay.bed, stay.start, stay.planned_end, stay.actual_end) == (
        her,
        beds[0],
        ago(10),
        ago(5),
        ago(5),
    )
    assert stay.end_kind == Stay.EndKind.REGULAR
    assert stay.afterwards_reason == "Avonddienst plaatste haar, vooraf aanvragen kon niet."
    assert stay.cap_year == ago(10).year
    assert stay.request.status == Status.ENDED
    assert stay.request.reason == "Na een aanranding opgevangen."

    # History names the coordinator and the reason.
    record = stay.history.get()
    assert record.history_user == carla_coordinator
    assert record.history_change_reason == "Avonddienst plaatste haar, vooraf aanvragen kon niet."

    # Costed as usual: five nights.
    page = text_of(client.get(response.url))
    assert "Verblijf achteraf geregistreerd" in page
    assert euro(5 * TARIFF) in page
    assert "Achteraf geregistreerd, omdat" in page
    history = text_of(client.get(reverse("stapteam:history", args=["verblijf", stay.pk])))
    assert "Avonddienst plaatste haar, vooraf aanvragen kon niet." in history


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"afterwards_reason": ""}, "Geef de reden waarom je dit verblijf achteraf registreert."),
        ({"reason": ""}, "Geef de reden voor de time-out."),
        ({"end": "later"}, "Vul de datum in als dd-mm-jjjj."),
        (
            {"start": "2030-01-01"},
            "Dit is al gebeurd: kies een datum tussen 1 januari 2000 en vandaag.",
        ),
        ({"start": "", "end": ""}, "Vul een datum in."),
        ({"bed": "999999"}, "Kies een bed uit de lijst."),
        ({"client": "abc"}, "Kies een cliënt uit de lijst."),
        ({"afterwards_reason": "x" * 301}, "Houd de reden korter dan 300 tekens."),
    ],
)
def test_bad_past_stay_input_gives_a_message(
    client, carla_coordinator, years, beds, changes, message
):
    her = ClientFactory.create()
    client.force_login(carla_coordinator)
    response = client.post(url("stay_register_past"), past_stay_form(her.pk, beds[0].pk, **changes))
    assert response.status_code == 200
    assert message in text_of(response)
    assert not Stay.objects.exists()
    assert not TimeoutRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (2, -3, "Dit is al gebeurd: kies een datum tussen 1 januari 2000 en vandaag."),
        (5, 10, "De einddatum moet na de begindatum liggen."),
    ],
)
def test_a_past_stay_lies_in_the_past(client, carla_coordinator, years, beds, start, end, message):
    client.force_login(carla_coordinator)
    data = past_stay_form(
        ClientFactory.create().pk,
        beds[0].pk,
        start=f"{ago(start):%Y-%m-%d}",
        end=f"{ago(end):%Y-%m-%d}",
    )
    response = client.post(url("stay_register_past"), data)
    assert message in text_of(response)
    assert not Stay.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_a_stay_that_has_not_yet_ended(carla_coordinator, years, beds):
    with pytest.raises(ValidationError) as refused:
        services.register_past_stay(
            client=ClientFactory.create(),
            bed=beds[0],
            start=ago(2),
            end=ago(-2),
            reason="Rust.",
            afterwards_reason="Achteraf.",
            by=carla_coordinator,
        )
    assert "moet vóór vandaag beginnen en uiterlijk vandaag eindigen" in refused.value.messages[0]
    assert not Stay.objects.exists()


@pytest.mark.django_db
def test_no_past_stay_is_registered_in_a_closed_year(client, carla_coordinator, years, beds):
    YearSettings.objects.filter(year=ago(10).year).update(is_closed=True)
    her = ClientFactory.create()
    client.force_login(carla_coordinator)
    response = client.post(url("stay_register_past"), past_stay_form(her.pk, beds[0].pk))
    assert response.status_code == 200
    closed = f"Het jaar {ago(10).year} is afgesloten: in een afgesloten jaar komt geen verblijf"
    assert f"{closed} meer bij." in text_of(response)
    assert "Avonddienst plaatste haar" in text_of(response)  # what she typed stays
    assert not Stay.objects.exists()
    assert not TimeoutRequest.objects.exists()


@pytest.mark.django_db
def test_a_past_stay_cannot_double_book_a_bed(client, carla_coordinator, years, beds):
    stay_on(
        beds[0],
        ago(8),
        ago(6),
        client=ClientFactory.create(),
        by=carla_coordinator,
        actual_end=ago(6),
    )
    client.force_login(carla_coordinator)
    data = past_stay_form(ClientFactory.create().pk, beds[0].pk)
    response = client.post(url("stay_register_past"), data)
    assert "Dit bed is in die periode al bezet; kies een ander bed of andere data." in text_of(
        response
    )
    assert Stay.objects.count() == 1
    assert TimeoutRequest.objects.count() == 1  # the refused one left no request behind
    # Her typed input is kept.
    assert "Na een aanranding opgevangen." in text_of(response)


@pytest.mark.django_db
def test_a_past_stay_counts_toward_the_years_maximum_and_length(carla_coordinator, beds):
    today = timezone.localdate()
    start = (
        datetime.date(today.year, 1, 1) if today.month > 2 else datetime.date(today.year - 1, 6, 1)
    )
    year_settings(start.year, max_stays=1)
    year_settings(start.year + 1)
    other = ClientFactory.create()
    stay_on(beds[1], start, start + datetime.timedelta(days=2), client=other, by=carla_coordinator)
    plan = {
        "client": ClientFactory.create(),
        "bed": beds[0],
        "start": start + datetime.timedelta(days=10),
        "end": start + datetime.timedelta(days=30),
        "reason": "Rust.",
        "afterwards_reason": "Achteraf.",
        "by": carla_coordinator,
    }
    with pytest.raises(ValidationError) as refused:
        services.register_past_stay(**plan)
    assert refused.value.messages == [
        f"Dit wordt verblijf 2 in {start.year}; het maximum is 1.",
        "Dit verblijf duurt 20 dagen; het maximum is 14.",
    ]
    placement = services.register_past_stay(**plan, override_reason="Crisis, geen ander bed.")
    assert placement.stay.override_reason == "Crisis, geen ander bed."
    assert Stay.objects.filter(cap_year=start.year).count() == 2


@pytest.mark.django_db
def test_the_database_refuses_an_afterwards_stay_that_has_not_ended(carla_coordinator, beds):
    stay = stay_on(beds[0], ago(8), ago(6), client=ClientFactory.create(), by=carla_coordinator)
    stay.afterwards_reason = "Achteraf."
    with pytest.raises(IntegrityError), transaction.atomic(), acting_as(carla_coordinator):
        stay.save(update_fields=["afterwards_reason"])


@pytest.mark.django_db
def test_only_the_coordinator_registers_a_past_stay(client, anna_casemanager, mila_cirkel_staff):
    for user in (anna_casemanager, mila_cirkel_staff):
        client.force_login(user)
        assert client.get(url("stay_register_past")).status_code == 403
    client.force_login(anna_casemanager)
    assert "Verblijf achteraf registreren" not in text_of(client.get(url("request_list")))


# --- A stay whose end has passed ------------------------------------------------------------------


@pytest.fixture
def overdue(anna_casemanager, carla_coordinator, years, beds) -> Stay:
    """Anna's client's stay, planned to end two days ago and never ended."""
    her = ClientFactory.create(casemanager=anna_casemanager)
    return stay_on(beds[0], ago(6), ago(2), client=her, by=carla_coordinator)


@pytest.mark.django_db
def test_a_stay_past_its_end_says_so_on_the_list_and_its_page_and_points_the_coordinator(
    client, carla_coordinator, overdue, beds
):
    running = stay_on(beds[1], ago(1), ago(-3), client=ClientFactory.create(), by=carla_coordinator)
    client.force_login(carla_coordinator)
    listing = text_of(client.get(url("request_list")))
    assert listing.count(ENDED_LATE) == 1
    assert (
        "Bij 1 verblijf is de geplande einddatum verstreken zonder dat het is beëindigd." in listing
    )
    detail_url = url("request_detail", overdue.request_id)
    assert f'href="{detail_url}#beeindigen"' in listing
    assert f'href="{detail_url}#verlengen"' in listing
    assert "Geplaatst" in listing  # the stay still running

    page = text_of(client.get(detail_url))
    assert ENDED_LATE in page
    assert ">Geplaatst<" not in page
    assert 'id="beeindigen"' in page and 'id="verlengen"' in page
    assert ENDED_LATE not in text_of(client.get(url("request_detail", running.request_id)))


@pytest.mark.django_db
def test_the_submitter_reads_the_passed_end_without_the_coordinators_actions(
    client, anna_casemanager, overdue
):
    client.force_login(anna_casemanager)
    listing = text_of(client.get(url("request_list")))
    assert ENDED_LATE in listing
    assert "#verlengen" not in listing
    assert "verblijven is de geplande einddatum verstreken" not in listing


@pytest.mark.django_db
def test_ending_a_stay_past_its_end_clears_the_notice(client, carla_coordinator, overdue):
    client.force_login(carla_coordinator)
    client.post(
        url("stay_end", overdue.pk), {"actual_end": f"{ago(2):%Y-%m-%d}", "end_kind": "regular"}
    )
    listing = text_of(client.get(url("request_list")))
    assert ENDED_LATE not in listing
    assert 'data-testid="end-passed"' not in listing


@pytest.mark.django_db
def test_extending_a_stay_moves_its_planned_end(client, carla_coordinator, overdue):
    client.force_login(carla_coordinator)
    later = ago(-3)
    response = client.post(url("stay_extend", overdue.pk), {"planned_end": f"{later:%Y-%m-%d}"})
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.planned_end == later
    assert overdue.history.first().history_change_reason == "Verlengd"
    page = text_of(client.get(response.url))
    assert f"Verblijf verlengd tot {day_date(later)}." in page
    assert ENDED_LATE not in page


@pytest.mark.django_db
def test_an_extension_keeps_the_rules(client, carla_coordinator, overdue, beds):
    next_one = ClientFactory.create()
    stay_on(beds[0], ago(-2), ago(-5), client=next_one, by=carla_coordinator)
    client.force_login(carla_coordinator)
    extend = url("stay_extend", overdue.pk)
    for data, message in [
        ({"planned_end": f"{ago(3):%Y-%m-%d}"}, "De nieuwe einddatum moet na de huidige"),
        ({"planned_end": f"{ago(-4):%Y-%m-%d}"}, "Dit bed is in die periode al bezet"),
        ({"planned_end": "morgen"}, "Vul de datum in als dd-mm-jjjj."),
        (
            {"planned_end": f"{ago(-20):%Y-%m-%d}"},
            "Dit verblijf duurt 26 dagen; het maximum is 14.",
        ),
    ]:
        response = client.post(extend, data)
        assert response.status_code == 200
        assert message in text_of(response)
    overdue.refresh_from_db()
    assert overdue.planned_end == ago(2)


@pytest.mark.django_db
def test_a_long_extension_needs_a_reason(carla_coordinator, overdue):
    with pytest.raises(ValidationError):
        services.extend_stay(stay=overdue, planned_end=ago(-20), by=carla_coordinator)
    services.extend_stay(
        stay=overdue, planned_end=ago(-20), by=carla_coordinator, override_reason="Geen opvang."
    )
    overdue.refresh_from_db()
    assert (overdue.planned_end, overdue.override_reason) == (ago(-20), "Geen opvang.")
