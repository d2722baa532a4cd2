"""Pass numbers follow the mask the beheerder sets, for new numbers; existing numbers stay valid."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.models import DayPass, Person, Registration, RegistrationSettings
from registrations.models.settings import (
    fill_pass_number_mask,
    refuse_off_mask,
    validate_pass_number_mask,
)

pytestmark = pytest.mark.usefixtures("as_system")

MASK_MESSAGE = "Vul het pasnummer in volgens het patroon TZ-####, bijvoorbeeld TZ-0042."


def set_settings(**fields: object) -> None:
    RegistrationSettings.current()
    RegistrationSettings.objects.filter(id=1).update(**fields)


def test_a_mask_is_digits_letters_and_literal_signs() -> None:
    assert fill_pass_number_mask("TZ-####", 42) == "TZ-0042"
    assert fill_pass_number_mask("??-##", 7) == "AA-07"
    refuse_off_mask("TZ-####", "TZ-0042")
    refuse_off_mask("?-#", "B-3")
    refuse_off_mask("", "wat dan ook")  # no mask: any plain text
    for wrong in ("TZ-042", "TZ-00421", "tz-0042", "TZ 0042", "TZ-00A2", "XTZ-0042", "TZ-0042\n"):
        with pytest.raises(ValidationError) as refused:
            refuse_off_mask("TZ-####", wrong)
        assert refused.value.messages == [MASK_MESSAGE]
    with pytest.raises(ValidationError):
        refuse_off_mask("?-#", "b-3")


def test_a_mask_without_a_slot_is_refused() -> None:
    validate_pass_number_mask("TZ-####")
    validate_pass_number_mask("")
    with pytest.raises(ValidationError) as refused:
        validate_pass_number_mask("TZ-")
    assert "minstens één # (cijfer) of ? (hoofdletter)" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        validate_pass_number_mask("TZ-\u202e###")


@pytest.mark.django_db
def test_the_database_refuses_a_mask_without_a_slot() -> None:
    RegistrationSettings.current()
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationSettings.objects.filter(id=1).update(pass_number_mask="TZ-")


@pytest.mark.django_db
def test_the_beheerder_sets_the_mask_in_the_settings(client, fenna_functional_admin) -> None:
    settings_row = RegistrationSettings.current()
    client.force_login(fenna_functional_admin)
    url = reverse("stapteam:beheer_edit_single", args=["pasnummers"])
    assert client.get(url).status_code == 200

    refused = client.post(url, {"pass_number_mask": "TZ-", "day_pass_number_mask": "##"})
    assert refused.status_code == 200
    assert "minstens één # (cijfer) of ? (hoofdletter)" in refused.content.decode()
    assert 'value="TZ-"' in refused.content.decode()

    saved = client.post(url, {"pass_number_mask": "TZ-####", "day_pass_number_mask": "##"})
    assert saved.status_code == 302
    settings_row.refresh_from_db()
    assert (settings_row.pass_number_mask, settings_row.day_pass_number_mask) == ("TZ-####", "##")


@pytest.fixture
def application(sanne_secretariat):
    set_settings(regime="named", care_period_months=0)
    person = Person.objects.create(name="Roos Verhoeven", consent_on=timezone.localdate())
    request = services.create_request(
        kind="application",
        received_on=timezone.localdate(),
        channel="mail",
        owner=sanne_secretariat,
        person=person,
    )
    services.start_handling(request=request)
    advice = services.ask_advice(request=request, by=sanne_secretariat)
    services.give_advice(
        advice=advice,
        answer="yes",
        known_since=datetime.date(2020, 1, 1),
        motivation="",
        client=None,
        by=sanne_secretariat,
    )
    return request


def grant(client, request, pass_number: str):
    today = timezone.localdate()
    return client.post(
        reverse("registrations:request_decide", args=[request.pk]),
        {
            "outcome": "granted",
            "decided_on": today.isoformat(),
            "pass_number": pass_number,
            "valid_from": today.isoformat(),
            "valid_until": (today + datetime.timedelta(days=364)).isoformat(),
        },
    )


@pytest.mark.django_db
def test_a_new_registration_pass_follows_the_mask(client, sanne_secretariat, application) -> None:
    set_settings(pass_number_mask="TZ-####")
    client.force_login(sanne_secretariat)
    page = client.get(reverse("registrations:request_decide", args=[application.pk]))
    assert page.context["form"]["pass_number"].value() == "TZ-0001"  # the suggestion follows it
    assert "Patroon: TZ-####, bijvoorbeeld TZ-0042." in page.content.decode()

    refused = grant(client, application, "TZ-2026-001")
    assert refused.status_code == 200
    assert refused.context["form"].errors["pass_number"] == [MASK_MESSAGE]
    assert refused.context["form"]["pass_number"].value() == "TZ-2026-001"  # kept to correct
    assert not Registration.objects.exists()

    assert grant(client, application, "TZ-0042").status_code == 302
    assert Registration.objects.get().pass_number == "TZ-0042"


@pytest.mark.django_db
def test_the_service_refuses_a_pass_number_off_the_mask(sanne_secretariat, application) -> None:
    set_settings(pass_number_mask="TZ-####")
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.decide(
            request=application,
            outcome="granted",
            decided_on=today,
            by=sanne_secretariat,
            pass_number="12345",
            valid_from=today,
            valid_until=today + datetime.timedelta(days=30),
        )
    assert refused.value.message_dict == {"pass_number": [MASK_MESSAGE]}
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_existing_numbers_stay_valid_after_the_mask_is_set(client, sanne_secretariat) -> None:
    from tests.registrations.test_side_pages import make_registration

    old = make_registration(sanne_secretariat, "Roos Verhoeven", "TZ-2025-001")
    set_settings(pass_number_mask="TZ-####", regime="named")
    client.force_login(sanne_secretariat)

    assert "TZ-2025-001" in client.get(reverse("registrations:register")).content.decode()
    response = client.post(
        reverse("registrations:registration_end", args=[old.pk]),
        {"ended_on": timezone.localdate().isoformat(), "reason": "own_request"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.pass_number == "TZ-2025-001" and old.ended_on is not None


@pytest.mark.django_db
def test_a_day_pass_follows_its_own_mask(client, sanne_secretariat) -> None:
    set_settings(regime="day_pass", day_pass_number_mask="D-###")
    url = reverse("registrations:day_passes")
    client.force_login(sanne_secretariat)
    page = client.get(url)
    assert "Patroon: D-###, bijvoorbeeld D-042." in page.content.decode()
    assert page.context["form"].fields["pass_number"].widget.attrs["inputmode"] == "text"

    refused = client.post(url, {"pass_number": "17"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["pass_number"] == [
        "Vul het pasnummer in volgens het patroon D-###, bijvoorbeeld D-042."
    ]
    assert refused.context["form"]["pass_number"].value() == "17"
    assert client.post(url, {"pass_number": "D-017"}).status_code == 302
    assert list(DayPass.objects.values_list("pass_number", flat=True)) == ["D-017"]
    with pytest.raises(ValidationError):
        services.issue_day_pass(day=timezone.localdate(), pass_number="18", by=sanne_secretariat)


@pytest.mark.django_db
def test_without_a_mask_any_plain_pass_number_is_taken(client, sanne_secretariat) -> None:
    set_settings(regime="day_pass")
    client.force_login(sanne_secretariat)
    assert (
        client.post(reverse("registrations:day_passes"), {"pass_number": "x 17"}).status_code == 302
    )
