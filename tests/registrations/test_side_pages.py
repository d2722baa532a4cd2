"""The side pages of registrations: advice, the register, day passes and the counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from registrations import services as reg
from registrations.models import (
    Advice,
    DayPass,
    Decision,
    Objection,
    Person,
    Registration,
    RegistrationRequest,
    RegistrationSettings,
)
from stapteam.platform.roles import Role
from tests.concurrency import at_once
from tests.factories import ClientFactory, UserFactory

# These tests call services directly; their writes are recorded as the system account's.
pytestmark = pytest.mark.usefixtures("as_system")


def today() -> datetime.date:
    return timezone.localdate()


def set_settings(**fields: Any) -> None:
    RegistrationSettings.current()
    RegistrationSettings.objects.filter(id=1).update(**fields)


def ask_advice(sanne: Any, name: str, **person: Any) -> Advice:
    """An application waiting for the coordinator's advice (named regime, consent given)."""
    set_settings(regime="named")
    request = reg.create_request(
        kind="application",
        received_on=today(),
        channel="mail",
        owner=sanne,
        person_fields={"name": name, "consent_on": today(), **person},
        summary="Interne notitie secretariaat: werkt al jaren op de zone.",
    )
    reg.start_handling(request=request)
    return reg.ask_advice(request=request, by=sanne)


def make_registration(
    sanne: Any,
    name: str,
    pass_number: str,
    *,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    end_reason: str = "",
    end_note: str = "",
    person: Person | None = None,
) -> Registration:
    """A granted registration, built with the ORM (no regime or status flow needed)."""
    person = person or Person.objects.create(name=name)
    valid_from = valid_from or today() - datetime.timedelta(days=30)
    request = RegistrationRequest.objects.create(
        kind="application",
        received_on=valid_from,
        channel="desk",
        owner=sanne,
        person=person,
        status=RegistrationRequest.Status.NOTIFIED,
    )
    decision = Decision.objects.create(
        request=request, outcome="granted", decided_on=request.received_on, decided_by=sanne
    )
    return Registration.objects.create(
        person=person,
        decision=decision,
        pass_number=pass_number,
        valid_from=valid_from,
        valid_until=valid_until or today() + datetime.timedelta(days=300),
        ended_on=ended_on,
        end_reason=end_reason,
        end_note=end_note,
    )


# --- Advice ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_answers_advice_and_only_she_sees_the_client_link(
    client, carla_coordinator, sanne_secretariat
):
    set_settings(regime="named")
    care_file = ClientFactory.create(call_name="Zwaluwtje")
    advice = ask_advice(
        sanne_secretariat,
        "Roos Verhoeven",
        date_of_birth=datetime.date(1994, 3, 12),
        phone="0612345678",
        address="Geheimstraat 7",
    )
    client.force_login(carla_coordinator)

    listing = client.get(reverse("registrations:advice_list")).content.decode()
    assert "Roos Verhoeven" in listing
    assert "12-3-1994" in listing
    # Only identity: nothing else from the request reaches the coordinator.
    for hidden in ("0612345678", "Geheimstraat", "Interne notitie"):
        assert hidden not in listing
    form_page = client.get(reverse("registrations:advice_answer", args=[advice.pk]))
    assert form_page.status_code == 200
    for hidden in ("0612345678", "Geheimstraat", "Interne notitie"):
        assert hidden not in form_page.content.decode()

    response = client.post(
        reverse("registrations:advice_answer", args=[advice.pk]),
        {
            "answer": "yes",
            "known_since": "2021-05-01",
            "motivation": "Bekend bij het STAP-team.",
            "client": care_file.pk,
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("registrations:advice_list")
    advice.refresh_from_db()
    assert advice.answer == "yes"
    assert advice.known_since == datetime.date(2021, 5, 1)
    assert advice.answered_by == carla_coordinator
    assert Person.objects.get(requests=advice.request).client == care_file
    assert advice.request.status == RegistrationRequest.Status.ADVICE_RECEIVED
    # The coordinator sees her link on the answered advice.
    again = client.get(reverse("registrations:advice_answer", args=[advice.pk])).content.decode()
    assert "Zwaluwtje" in again

    # The secretariat sees the answer, never the linked care file.
    reg.decide(
        request=advice.request,
        outcome="granted",
        decided_on=today(),
        by=sanne_secretariat,
        pass_number="TZ-LINK-1",
        valid_from=today(),
        valid_until=today() + datetime.timedelta(days=364),
    )
    client.force_login(sanne_secretariat)
    detail = client.get(reverse("registrations:request_detail", args=[advice.request.pk]))
    register = client.get(reverse("registrations:register"))
    assert "Ja, bekend in de Nijmeegse zorg" in detail.content.decode()
    assert "TZ-LINK-1" in register.content.decode()
    for page in (detail, register):
        text = page.content.decode()
        assert care_file.code not in text
        assert "Zwaluwtje" not in text


@pytest.mark.django_db
def test_yes_without_a_date_gives_the_dutch_error_and_saves_nothing(
    client, carla_coordinator, sanne_secretariat
):
    care_file = ClientFactory.create()
    advice = ask_advice(sanne_secretariat, "Iris de Wit")
    client.force_login(carla_coordinator)
    response = client.post(
        reverse("registrations:advice_answer", args=[advice.pk]),
        {"answer": "yes", "known_since": "", "motivation": "Ken haar", "client": care_file.pk},
    )
    assert response.status_code == 200
    assert "Vul in sinds wanneer zij bekend is in de zorg." in response.content.decode()
    advice.refresh_from_db()
    assert advice.answered_at is None
    assert advice.answer == ""
    assert Person.objects.get(requests=advice.request).client is None


@pytest.mark.django_db
def test_answering_twice_is_refused_with_the_services_message(
    client, carla_coordinator, sanne_secretariat
):
    advice = ask_advice(sanne_secretariat, "Lotte Smit")
    reg.give_advice(
        advice=advice,
        answer="no",
        known_since=None,
        motivation="Niet bekend.",
        client=None,
        by=carla_coordinator,
    )
    client.force_login(carla_coordinator)
    response = client.post(
        reverse("registrations:advice_answer", args=[advice.pk]),
        {"answer": "yes", "known_since": "2020-01-01", "motivation": "Toch wel"},
    )
    assert response.status_code == 200
    assert "Dit advies is al gegeven." in response.content.decode()
    advice.refresh_from_db()
    assert advice.answer == "no"
    assert advice.motivation == "Niet bekend."


@pytest.mark.django_db
def test_advice_list_puts_open_questions_first_and_unknown_advice_is_404(
    client, carla_coordinator, sanne_secretariat
):
    answered = ask_advice(sanne_secretariat, "Beantwoord Persoon")
    reg.give_advice(
        advice=answered,
        answer="unknown",
        known_since=None,
        motivation="",
        client=None,
        by=carla_coordinator,
    )
    waiting = ask_advice(sanne_secretariat, "Wachtend Persoon")
    client.force_login(carla_coordinator)
    response = client.get(reverse("registrations:advice_list"))
    assert list(response.context["open_advice"]) == [waiting]
    assert list(response.context["answered"]) == [answered]
    text = response.content.decode()
    assert text.index("Wachtend Persoon") < text.index("Beantwoord Persoon")
    missing = reverse("registrations:advice_answer", args=[answered.pk + waiting.pk + 100])
    assert client.get(missing).status_code == 404


@pytest.mark.django_db
def test_secretariat_cannot_open_the_advice_pages(client, carla_coordinator, sanne_secretariat):
    advice = ask_advice(sanne_secretariat, "Anne Jansen")
    client.force_login(sanne_secretariat)
    assert client.get(reverse("registrations:advice_list")).status_code == 403
    url = reverse("registrations:advice_answer", args=[advice.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"answer": "no"}).status_code == 403


# --- Register -------------------------------------------------------------------------------------


@pytest.fixture
def register_world(sanne_secretariat: Any) -> dict[str, Registration]:
    set_settings(expiry_warning_weeks=6)
    return {
        "active": make_registration(sanne_secretariat, "Actief Persoon", "TZ-A-1"),
        "expiring": make_registration(
            sanne_secretariat,
            "Verlopend Persoon",
            "TZ-E-1",
            valid_until=today() + datetime.timedelta(days=10),
        ),
        "ended": make_registration(
            sanne_secretariat,
            "Gestopt Persoon",
            "TZ-X-1",
            ended_on=today() - datetime.timedelta(days=3),
            end_reason=Registration.EndReason.WITHDRAWAL,
            end_note="Voorwaarden herhaald overtreden",
        ),
    }


@pytest.mark.django_db
def test_register_shows_current_passes_and_the_ended_ones_a_filter_away(
    client, sanne_secretariat, register_world
):
    client.force_login(sanne_secretariat)
    response = client.get(reverse("registrations:register"))
    assert response.status_code == 200
    w = register_world
    assert response.context["active"] == [w["expiring"], w["active"]]
    assert response.context["expiring"] == [w["expiring"]]
    text = response.content.decode()
    for expected in ("TZ-A-1", "Actief Persoon", "TZ-E-1", "Verlopend Persoon", "Beëindigen"):
        assert expected in text
    assert "TZ-X-1" not in text
    assert reverse("registrations:registration_end", args=[w["active"].pk]) in text
    assert 'href="?toon=beeindigd"' in text

    ended = client.get(reverse("registrations:register"), {"toon": "beeindigd"})
    assert ended.context["ended"] == [w["ended"]]
    text = ended.content.decode()
    for expected in ("TZ-X-1", "Gestopt Persoon", "Ingetrokken", "Voorwaarden herhaald overtreden"):
        assert expected in text
    assert "TZ-A-1" not in text


@pytest.mark.django_db
def test_register_is_searched_by_pass_number_or_name(client, sanne_secretariat, register_world):
    client.force_login(sanne_secretariat)
    w = register_world
    url = reverse("registrations:register")
    assert client.get(url, {"q": "tz-e"}).context["active"] == [w["expiring"]]
    assert client.get(url, {"q": "actief pers"}).context["active"] == [w["active"]]
    assert client.get(url, {"q": "Gestopt"}).context["active"] == []
    assert client.get(url, {"q": "Gestopt", "toon": "beeindigd"}).context["ended"] == [w["ended"]]
    nothing = client.get(url, {"q": "TZ-Z"})
    assert "Geen actieve passen gevonden." in nothing.content.decode()


@pytest.mark.django_db
def test_register_pages_the_active_passes(client, sanne_secretariat):
    for i in range(53):
        make_registration(sanne_secretariat, f"Persoon {i:02d}", f"TZ-P-{i:02d}")
    client.force_login(sanne_secretariat)
    url = reverse("registrations:register")
    first = client.get(url)
    assert len(first.context["active"]) == 50
    assert "1–50 van 53" in first.content.decode()
    second = client.get(url, {"pagina": "2"}, headers={"HX-Request": "true"})
    assert [r.pass_number for r in second.context["active"]] == ["TZ-P-50", "TZ-P-51", "TZ-P-52"]
    assert "<h1" not in second.content.decode()  # htmx gets the list, not the page


@pytest.mark.django_db
def test_process_director_reads_the_register_without_end_buttons(
    client, pim_process_director, register_world
):
    client.force_login(pim_process_director)
    response = client.get(reverse("registrations:register"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "TZ-A-1" in text
    assert "Beëindigen</a>" not in text
    assert "/beeindigen/" not in text
    url = reverse("registrations:registration_end", args=[register_world["active"].pk])
    assert client.get(url).status_code == 403
    data = {"ended_on": today().isoformat(), "reason": "withdrawal", "note": ""}
    assert client.post(url, data).status_code == 403
    register_world["active"].refresh_from_db()
    assert register_world["active"].ended_on is None


@pytest.mark.django_db
def test_secretariat_ends_a_registration(client, sanne_secretariat, register_world):
    registration = register_world["active"]
    client.force_login(sanne_secretariat)
    url = reverse("registrations:registration_end", args=[registration.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"ended_on": today().isoformat(), "reason": "own_request", "note": "Telefonisch gemeld"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("registrations:register")
    assert "Registratie met pas TZ-A-1 beëindigd." in response.content.decode()
    registration.refresh_from_db()
    assert registration.ended_on == today()
    assert registration.end_reason == "own_request"
    assert registration.end_note == "Telefonisch gemeld"
    assert registration not in response.context["active"]
    ended = client.get(reverse("registrations:register"), {"toon": "beeindigd"})
    assert registration in ended.context["ended"]

    # A second time: refused, nothing changes.
    again = client.post(url, {"ended_on": "2020-01-01", "reason": "expiry", "note": ""})
    assert again.status_code == 200
    assert "al beëindigd" in again.content.decode()
    registration.refresh_from_db()
    assert registration.ended_on == today()


@pytest.mark.django_db
def test_ending_with_bad_input_shows_errors(client, sanne_secretariat, register_world):
    client.force_login(sanne_secretariat)
    url = reverse("registrations:registration_end", args=[register_world["active"].pk])
    response = client.post(url, {"ended_on": "31-02-2026", "reason": "whatever"})
    assert response.status_code == 200
    assert "Vul de datum in als dd-mm-jjjj." in response.content.decode()
    register_world["active"].refresh_from_db()
    assert register_world["active"].ended_on is None


# --- Day passes -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_day_pass_issue_duplicate_and_cap(client, sanne_secretariat):
    set_settings(regime="day_pass", day_pass_cap=2)
    url = reverse("registrations:day_passes")
    client.force_login(sanne_secretariat)
    page = client.get(url).content.decode()
    assert "0 van 2 uitgegeven" in page
    assert "Dagpas uitgeven" in page

    response = client.post(url, {"pass_number": "17"}, follow=True)
    assert response.redirect_chain[-1][0] == url
    text = response.content.decode()
    assert "Dagpas 17 uitgegeven." in text
    assert "1 van 2 uitgegeven" in text
    assert DayPass.objects.get().day == today()

    duplicate = client.post(url, {"pass_number": "17"})
    assert duplicate.status_code == 200
    assert "Dit pasnummer is vandaag al uitgegeven." in duplicate.content.decode()
    assert DayPass.objects.count() == 1

    empty = client.post(url, {"pass_number": ""})
    assert "Vul het pasnummer in." in empty.content.decode()

    assert client.post(url, {"pass_number": "18"}).status_code == 302
    full = client.post(url, {"pass_number": "19"})
    assert full.status_code == 200
    assert sorted(DayPass.objects.values_list("pass_number", flat=True)) == ["17", "18"]
    text = full.content.decode()
    # Said once (not also as the field's error), with the number that was not issued.
    assert text.count("Het maximum aantal dagpassen voor vandaag is bereikt.") == 1
    assert "Pas 19 is niet uitgegeven." in text
    assert 'name="pass_number"' not in text
    assert client.get(url).content.decode().count("maximum aantal dagpassen") == 1


@pytest.mark.django_db
def test_day_pass_list_shows_numbers_and_times_never_names(client, sanne_secretariat):
    set_settings(regime="day_pass")
    colleague = UserFactory.create(
        username="truus", first_name="Truus", last_name="Poortwachter", roles=[Role.SECRETARIAT]
    )
    reg.issue_day_pass(day=today(), pass_number="42", by=colleague)
    reg.issue_day_pass(day=today() - datetime.timedelta(days=1), pass_number="41", by=colleague)
    client.force_login(sanne_secretariat)
    response = client.get(reverse("registrations:day_passes"))
    text = response.content.decode()
    assert [p.pass_number for p in response.context["issued_today"]] == ["42"]
    assert "42" in text
    assert "Truus" not in text
    assert "Poortwachter" not in text
    assert "1 van 20 uitgegeven" in text


@pytest.mark.django_db
def test_named_regime_shows_a_notice_instead_of_the_form(client, sanne_secretariat):
    set_settings(regime="named")
    url = reverse("registrations:day_passes")
    client.force_login(sanne_secretariat)
    response = client.get(url)
    text = response.content.decode()
    assert "Dagpassen staan uit." in text
    assert "Dagpas uitgeven" not in text
    assert 'name="pass_number"' not in text
    assert client.post(url, {"pass_number": "5"}).status_code == 200
    assert not DayPass.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_day_pass_cap_holds_under_concurrent_issuing(sanne_secretariat):
    set_settings(regime="day_pass", day_pass_cap=3)
    outcomes = at_once(
        *(
            (lambda n=number: reg.issue_day_pass(day=today(), pass_number=n, by=sanne_secretariat))
            for number in [f"P{i}" for i in range(6)]
        )
    )
    assert outcomes == ["Het maximum aantal dagpassen voor vandaag is bereikt."] * 3 + ["ok"] * 3
    assert DayPass.objects.filter(day=today()).count() == 3


# --- Counts ---------------------------------------------------------------------------------------


@pytest.fixture
def counts_world(sanne_secretariat: Any) -> None:
    """This year: 2 applications (1 granted, 1 refused), a stop, a question; one objection;
    one registration granted 400 days ago and ended today; 3 day passes today, 1 long ago."""
    set_settings(regime="named")
    granted = ask_advice(sanne_secretariat, "Geheime Naam Een").request
    reg.give_advice(
        advice=granted.advice,
        answer="yes",
        known_since=datetime.date(2020, 1, 1),
        motivation="",
        client=None,
        by=sanne_secretariat,
    )
    reg.decide(
        request=granted,
        outcome="granted",
        decided_on=today(),
        by=sanne_secretariat,
        pass_number="TZ-GEHEIM-1",
        valid_from=today(),
        valid_until=today() + datetime.timedelta(days=364),
    )
    refused = reg.create_request(
        kind="application",
        received_on=today(),
        channel="desk",
        owner=sanne_secretariat,
        person_fields={"name": "Geheime Naam Twee"},
    )
    reg.start_handling(request=refused)
    decision = reg.decide(
        request=refused,
        outcome="refused",
        decided_on=today(),
        by=sanne_secretariat,
        grounds_text="Niet voldaan",
    )
    decision = reg.notify(decision=decision, notified_on=today())
    reg.add_objection(
        decision=decision, by=sanne_secretariat, received_on=today(), grounds="Oneens"
    )
    reg.create_request(
        kind="stop",
        received_on=today(),
        channel="phone",
        owner=sanne_secretariat,
        person=granted.person,
    )
    reg.create_request(
        kind="question", received_on=today(), channel="mail", owner=sanne_secretariat
    )
    make_registration(
        sanne_secretariat,
        "Geheime Naam Drie",
        "TZ-GEHEIM-2",
        valid_from=today() - datetime.timedelta(days=400),
        ended_on=today(),
        end_reason=Registration.EndReason.EXPIRY,
    )
    set_settings(regime="day_pass")
    for number in ("1", "2", "3"):
        reg.issue_day_pass(day=today(), pass_number=number, by=sanne_secretariat)
    reg.issue_day_pass(
        day=today() - datetime.timedelta(days=400), pass_number="9", by=sanne_secretariat
    )


@pytest.mark.django_db
def test_counts_show_numbers_and_no_names(client, bob_policy_officer, counts_world):
    client.force_login(bob_policy_officer)
    response = client.get(reverse("registrations:counts"))
    assert response.status_code == 200
    numbers = response.context["numbers"]
    assert numbers["start"] == datetime.date(today().year, 1, 1)
    assert numbers["end"] == datetime.date(today().year, 12, 31)
    by_kind = {str(label): n for label, n in numbers["requests_by_kind"]}
    assert numbers["requests_total"] == 4
    assert by_kind["Aanvraag registratie"] == 2
    assert by_kind["Stopzetting"] == 1
    assert by_kind["Vraag of overig"] == 1
    assert numbers["granted"] == 1
    assert numbers["refused"] == 1
    assert numbers["objections_total"] == 1
    assert numbers["objections_open"] == 1
    assert numbers["active"] == 1
    assert numbers["ended_total"] == 1
    assert {str(label): n for label, n in numbers["ended_by_reason"]}["Verlopen"] == 1
    assert numbers["day_passes_total"] == 3
    assert numbers["busiest_day"] == {"day": today(), "issued": 3}
    text = response.content.decode()
    for secret in ("Geheime Naam", "TZ-GEHEIM"):
        assert secret not in text


@pytest.mark.django_db
def test_counts_for_a_chosen_period(client, sanne_secretariat, counts_world):
    client.force_login(sanne_secretariat)
    last_year = today() - datetime.timedelta(days=400)
    response = client.get(
        reverse("registrations:counts"),
        {"start": last_year.isoformat(), "end": last_year.isoformat()},
    )
    numbers = response.context["numbers"]
    # That day: one day pass, and the registration that was granted then (ended today).
    assert numbers["day_passes_total"] == 1
    assert numbers["requests_total"] == 1
    assert (numbers["granted"], numbers["refused"]) == (1, 0)
    assert numbers["active"] == 1
    assert numbers["ended_total"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2024-13-45", "end": "2024-12-31"}, "Vul de datum in als dd-mm-jjjj."),
        ({"start": "gisteren"}, "Vul de datum in als dd-mm-jjjj."),
        (
            {"start": "2024-06-01", "end": "2024-01-01"},
            "De einddatum moet op of na de begindatum liggen.",
        ),
    ],
)
def test_bad_period_gives_an_error_not_a_500(client, bob_policy_officer, query, message):
    client.force_login(bob_policy_officer)
    response = client.get(reverse("registrations:counts"), query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["numbers"] is None


# --- Access and navigation ------------------------------------------------------------------------

SIDE_PAGES = [
    ("registrations:advice_list", None),
    ("registrations:advice_answer", [1]),
    ("registrations:register", None),
    ("registrations:registration_end", [1]),
    ("registrations:day_passes", None),
    ("registrations:counts", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize("member", ["anna_casemanager", "esther_peer_worker", "mila_cirkel_staff"])
@pytest.mark.parametrize(("url_name", "args"), SIDE_PAGES, ids=[p[0] for p in SIDE_PAGES])
def test_care_staff_get_403_on_every_side_page(request, client, member, url_name, args):
    client.force_login(request.getfixturevalue(member))
    url = reverse(url_name, args=args)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


@pytest.mark.django_db
def test_menu_and_home_cards_lead_to_the_side_pages(
    client, carla_coordinator, bob_policy_officer, sanne_secretariat, pim_process_director
):
    expected = {
        carla_coordinator: {"registrations:advice_list"},
        bob_policy_officer: {"registrations:counts"},
        sanne_secretariat: {
            "registrations:register",
            "registrations:day_passes",
            "registrations:counts",
        },
        pim_process_director: {"registrations:register"},
    }
    all_side = {name for name, _args in SIDE_PAGES if _args is None}
    for user, names in expected.items():
        client.force_login(user)
        text = client.get(reverse("stapteam:home")).content.decode()
        for name in all_side:
            assert (f'href="{reverse(name)}"' in text) == (name in names), (user, name)


# --- Query counts ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_register_costs_fixed_queries(assert_fixed_queries, sanne_secretariat):
    make_registration(sanne_secretariat, "Eerste", "TZ-Q-0")

    def add_more() -> None:
        for i in range(1, 8):
            make_registration(sanne_secretariat, f"Actief {i}", f"TZ-Q-{i}")
            make_registration(
                sanne_secretariat,
                f"Bijna {i}",
                f"TZ-B-{i}",
                valid_until=today() + datetime.timedelta(days=i),
            )
            make_registration(
                sanne_secretariat,
                f"Oud {i}",
                f"TZ-O-{i}",
                valid_until=today() - datetime.timedelta(days=i),
            )
            make_registration(
                sanne_secretariat,
                f"Klaar {i}",
                f"TZ-K-{i}",
                ended_on=today(),
                end_reason="own_request",
            )

    assert_fixed_queries(
        sanne_secretariat, reverse("registrations:register"), add_more=add_more, max_queries=13
    )


@pytest.mark.django_db
def test_advice_list_costs_fixed_queries(
    assert_fixed_queries, carla_coordinator, sanne_secretariat
):
    ask_advice(sanne_secretariat, "Eerste Vraag")

    def add_more() -> None:
        for i in range(8):
            advice = ask_advice(
                sanne_secretariat, f"Vraag {i}", date_of_birth=datetime.date(1990, 1, 1)
            )
            if i % 2:
                reg.give_advice(
                    advice=advice,
                    answer="no",
                    known_since=None,
                    motivation="",
                    client=None,
                    by=carla_coordinator,
                )

    assert_fixed_queries(
        carla_coordinator, reverse("registrations:advice_list"), add_more=add_more, max_queries=12
    )


@pytest.mark.django_db
def test_counts_cost_fixed_queries(assert_fixed_queries, bob_policy_officer, sanne_secretariat):
    def add_more() -> None:
        for i in range(5):
            make_registration(sanne_secretariat, f"Persoon {i}", f"TZ-C-{i}")
        for i in range(4):
            reg.issue_day_pass(day=today(), pass_number=str(i), by=sanne_secretariat)
        decision = Decision.objects.first()
        assert decision is not None
        Decision.objects.filter(pk=decision.pk).update(notified_on=today())
        Objection.objects.create(
            decision=decision, received_on=today(), grounds="Oneens", entered_by=sanne_secretariat
        )

    set_settings(regime="day_pass")
    assert_fixed_queries(
        bob_policy_officer, reverse("registrations:counts"), add_more=add_more, max_queries=15
    )


def test_the_rapportage_composes_the_registration_counts(
    client, carla_coordinator, bob_policy_officer, counts_world
):
    """This year to today: what the counts page says, as a section of the Rapportage; policy
    staff see "< 5" for a reason or outcome counted 1 to 4."""
    client.force_login(carla_coordinator)
    sections = {s.slug: s for s in client.get(reverse("stapteam:report")).context["sections"]}
    figures = {str(f.label): f.value for f in sections["registraties"].figures}
    assert (figures["Verleend"], figures["Geweigerd"]) == (1, 1)
    assert (figures["Beëindigd"], figures["Bezwaren ontvangen"]) == (1, 1)
    assert figures["Vrouwen met een geldige registratie op de peildatum"] == 1
    assert sum(v for k, v in figures.items() if k.startswith("Beëindigd:")) == 1
    client.force_login(bob_policy_officer)
    sections = {s.slug: s for s in client.get(reverse("stapteam:report")).context["sections"]}
    hidden = {str(f.label): f.value for f in sections["registraties"].figures}
    assert hidden["Verleend"] == 1  # a total
    assert None in {v for k, v in hidden.items() if k.startswith("Beëindigd:")}
