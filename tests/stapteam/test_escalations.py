"""Opschaling: a casemanager escalates, procesregie picks it up, records agreements and closes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from stapteam.models import Client, Escalation, EscalationAction
from tests.factories import ClientFactory, ContactFactory, EscalationFactory, UserFactory

SECRET_NOTE = "Vertelde over haar zus in Arnhem, niet doorvertellen 7f3q"


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def fix_today(monkeypatch: pytest.MonkeyPatch, day: datetime.date) -> None:
    """Let timezone.localdate() answer `day` (other calls with a value behave as before)."""
    real = timezone.localdate

    def localdate(value: Any = None, timezone: Any = None) -> datetime.date:
        return day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture
def annas_client(anna_casemanager: Any) -> Client:
    return ClientFactory.create(casemanager=anna_casemanager)


@pytest.fixture
def escalation(annas_client: Client, anna_casemanager: Any) -> Escalation:
    return EscalationFactory.create(
        client=annas_client, raised_by=anna_casemanager, question="Woonplek loopt vast bij BW."
    )


def detail_url(escalation: Escalation) -> str:
    return reverse("stapteam:escalation_detail", args=[escalation.pk])


# --- Escalating ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_casemanager_escalates_her_own_client(client, monkeypatch, anna_casemanager, annas_client):
    fix_today(monkeypatch, datetime.date(2025, 1, 9))  # a Thursday
    client.force_login(anna_casemanager)
    url = reverse("stapteam:escalation_create", args=[annas_client.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"question": "  Geen woonplek na drie weken zoeken.  "})

    assert response.status_code == 302
    assert response.url == reverse("stapteam:client_detail", args=[annas_client.pk])
    assert messages_of(response) == ["Opgeschaald naar procesregie."]
    escalation = Escalation.objects.get(client=annas_client)
    assert escalation.question == "Geen woonplek na drie weken zoeken."
    assert escalation.raised_by == anna_casemanager
    # Five working days: Fri 10, Mon 13, Tue 14, Wed 15, Thu 16 January.
    assert escalation.respond_by == datetime.date(2025, 1, 16)
    assert escalation.acknowledged_at is None
    assert escalation.is_open


@pytest.mark.django_db
def test_escalation_term_skips_christmas(client, monkeypatch, anna_casemanager, annas_client):
    fix_today(monkeypatch, datetime.date(2026, 12, 22))  # a Tuesday
    client.force_login(anna_casemanager)
    url = reverse("stapteam:escalation_create", args=[annas_client.pk])

    client.post(url, {"question": "Vraag vlak voor de kerst."})

    # 23, 24, (25 and 26 December and the weekend), 28, 29, 30 December.
    assert Escalation.objects.get(client=annas_client).respond_by == datetime.date(2026, 12, 30)


@pytest.mark.django_db
def test_coordinator_escalates_any_client(client, carla_coordinator, annas_client):
    client.force_login(carla_coordinator)
    response = client.post(
        reverse("stapteam:escalation_create", args=[annas_client.pk]), {"question": "Hulp nodig."}
    )
    assert response.status_code == 302
    assert Escalation.objects.get(client=annas_client).raised_by == carla_coordinator


@pytest.mark.django_db
def test_escalating_twice_gives_a_dutch_error_and_creates_nothing(
    client, anna_casemanager, escalation
):
    client.force_login(anna_casemanager)
    url = reverse("stapteam:escalation_create", args=[escalation.client_id])

    form_page = client.get(url)
    assert form_page.status_code == 200
    assert "Voor deze cliënt loopt al een opschaling" in form_page.content.decode()

    response = client.post(url, {"question": "Nog een vraag."})
    assert response.status_code == 200
    assert "Voor deze cliënt loopt al een opschaling." in response.content.decode()
    assert Escalation.objects.filter(client=escalation.client).count() == 1


@pytest.mark.django_db
def test_escalating_without_a_question_is_refused(client, anna_casemanager, annas_client):
    client.force_login(anna_casemanager)
    response = client.post(
        reverse("stapteam:escalation_create", args=[annas_client.pk]), {"question": "   "}
    )
    assert response.status_code == 200
    assert "Schrijf de vraag aan procesregie." in response.content.decode()
    assert not Escalation.objects.exists()


@pytest.mark.django_db
def test_closed_file_cannot_be_escalated(client, carla_coordinator):
    closed = ClientFactory.create(closed=True)
    client.force_login(carla_coordinator)
    response = client.post(
        reverse("stapteam:escalation_create", args=[closed.pk]), {"question": "Toch opschalen?"}
    )
    assert response.status_code == 200
    assert "Dit dossier is afgesloten" in response.content.decode()
    assert not Escalation.objects.exists()


@pytest.mark.django_db
def test_only_own_clients_and_casework_roles_may_escalate(
    client, anna_casemanager, esther_peer_worker, pim_process_director
):
    colleagues_client = ClientFactory.create(casemanager=UserFactory.create(roles=["casemanager"]))
    url = reverse("stapteam:escalation_create", args=[colleagues_client.pk])
    client.force_login(anna_casemanager)
    assert client.post(url, {"question": "Mag dit?"}).status_code == 404
    for user in (esther_peer_worker, pim_process_director):
        client.force_login(user)
        assert client.post(url, {"question": "Mag dit?"}).status_code == 403
    assert not Escalation.objects.exists()


# --- The procesregisseur's work ------------------------------------------------------------------


@pytest.mark.django_db
def test_process_director_opens_the_file_and_zrm_of_what_she_monitors(
    client, pim_process_director, escalation, anna_casemanager
):
    watched = ClientFactory.create(monitoring=True, call_name="Lotte")
    ContactFactory.create(client=escalation.client, author=anna_casemanager, note="Geheime notitie")
    file_urls = {
        reverse(name, args=[c.pk])
        for c in (escalation.client, watched)
        for name in ("stapteam:client_detail", "stapteam:zrm_overview")
    }
    client.force_login(pim_process_director)
    queue = client.get(reverse("stapteam:escalation_list")).content.decode()
    detail = client.get(detail_url(escalation)).content.decode()
    monitoring = client.get(reverse("stapteam:monitoring_list")).content.decode()

    for url in file_urls:
        here = monitoring if str(watched.pk) in url else queue
        assert f'href="{url}"' in here, url
        assert client.get(url).status_code == 200  # the narrowed file her role may open
    assert f'href="{reverse("stapteam:client_detail", args=[escalation.client.pk])}"' in detail
    assert f'href="{detail_url(escalation)}#nieuwe-afspraak"' in queue  # record an agreement
    page = client.get(reverse("stapteam:client_detail", args=[escalation.client.pk]))
    assert "Geheime notitie" not in page.content.decode()  # no contact notes for procesregie


@pytest.mark.django_db
def test_process_director_acknowledges_adds_an_agreement_and_closes(
    client, pim_process_director, escalation
):
    client.force_login(pim_process_director)
    page = client.get(detail_url(escalation)).content.decode()
    assert "Woonplek loopt vast bij BW." in page
    assert "In behandeling nemen" in page

    response = client.post(reverse("stapteam:escalation_acknowledge", args=[escalation.pk]))
    assert response.status_code == 302
    assert response.url == detail_url(escalation)
    assert messages_of(response) == ["Opschaling in behandeling genomen."]
    escalation.refresh_from_db()
    assert escalation.acknowledged_by == pim_process_director
    assert escalation.acknowledged_at is not None
    assert "In behandeling nemen" not in client.get(detail_url(escalation)).content.decode()

    follow_up = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(
        reverse("stapteam:escalation_action_create", args=[escalation.pk]),
        {
            "kind": EscalationAction.Kind.AGREEMENT,
            "description": "BW reserveert een plek binnen twee weken.",
            "owner": "Beschermd Wonen, J. de Vries",
            "follow_up_on": follow_up.isoformat(),
        },
    )
    assert response.status_code == 302
    assert response.url == detail_url(escalation)
    assert messages_of(response) == ["Afspraak vastgelegd."]
    action = escalation.actions.get()
    assert action.owner == "Beschermd Wonen, J. de Vries"
    assert action.follow_up_on == follow_up
    assert action.created_by == pim_process_director
    page = client.get(detail_url(escalation)).content.decode()
    assert "BW reserveert een plek binnen twee weken." in page
    assert "Beschermd Wonen, J. de Vries" in page

    response = client.post(
        reverse("stapteam:escalation_close", args=[escalation.pk]),
        {"closing_note": "Plek gevonden; casemanager pakt het weer op."},
    )
    assert response.status_code == 302
    assert response.url == reverse("stapteam:escalation_list")
    assert messages_of(response) == ["Opschaling afgesloten."]
    escalation.refresh_from_db()
    assert not escalation.is_open
    assert escalation.closed_by == pim_process_director
    assert escalation.closing_note == "Plek gevonden; casemanager pakt het weer op."
    queue = client.get(reverse("stapteam:escalation_list")).content.decode()
    assert "Plek gevonden" in queue  # listed under recently closed


@pytest.mark.django_db
def test_adding_an_action_also_takes_the_escalation_in_hand(
    client, pim_process_director, escalation
):
    client.force_login(pim_process_director)
    response = client.post(
        reverse("stapteam:escalation_action_create", args=[escalation.pk]),
        {"kind": "action", "description": "Bellen met de GGD.", "owner": "Pim"},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Actie vastgelegd."]
    escalation.refresh_from_db()
    assert escalation.acknowledged_by == pim_process_director
    assert escalation.actions.get().follow_up_on is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "agreement", "description": "Iets afspreken."}, "Vul in wie eigenaar is."),
        ({"kind": "agreement", "owner": "Pim"}, "Beschrijf de afspraak of actie."),
        ({"kind": "plan", "description": "x", "owner": "Pim"}, "Kies afspraak of actie."),
        (
            {"kind": "action", "description": "x", "owner": "Pim", "follow_up_on": "morgen"},
            "Vul de datum in als dd-mm-jjjj.",
        ),
        (
            {"kind": "action", "description": "x", "owner": "Pim", "follow_up_on": "2020-01-01"},
            "De vervolgdatum mag niet in het verleden liggen.",
        ),
    ],
)
def test_bad_action_input_rerenders_with_a_dutch_message_and_changes_nothing(
    client, pim_process_director, escalation, data, message
):
    client.force_login(pim_process_director)
    response = client.post(reverse("stapteam:escalation_action_create", args=[escalation.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Woonplek loopt vast bij BW." in page  # the detail page, re-rendered
    assert not EscalationAction.objects.exists()
    escalation.refresh_from_db()
    assert escalation.acknowledged_at is None


@pytest.mark.django_db
def test_closing_needs_a_note(client, pim_process_director, escalation):
    client.force_login(pim_process_director)
    response = client.post(
        reverse("stapteam:escalation_close", args=[escalation.pk]), {"closing_note": " "}
    )
    assert response.status_code == 200
    assert "Schrijf een afsluitende notitie." in response.content.decode()
    escalation.refresh_from_db()
    assert escalation.is_open


@pytest.mark.django_db
def test_a_closed_escalation_is_read_only(client, pim_process_director, anna_casemanager):
    # A client on monitoring stays in procesregie's view after the escalation is closed.
    closed = EscalationFactory.create(
        client=ClientFactory.create(monitoring=True),
        raised_by=anna_casemanager,
        acknowledged_at=timezone.now(),
        acknowledged_by=pim_process_director,
        closed_at=timezone.now(),
        closed_by=pim_process_director,
        closing_note="Terug naar monitoring.",
    )
    client.force_login(pim_process_director)
    page = client.get(detail_url(closed)).content.decode()
    assert "Afgesloten op" in page
    assert "Terug naar monitoring." in page
    assert "In behandeling nemen" not in page
    assert reverse("stapteam:escalation_action_create", args=[closed.pk]) not in page
    assert reverse("stapteam:escalation_close", args=[closed.pk]) not in page

    response = client.post(
        reverse("stapteam:escalation_action_create", args=[closed.pk]),
        {"kind": "action", "description": "Nog iets.", "owner": "Pim"},
    )
    assert response.status_code == 200
    assert "Deze opschaling is al afgesloten." in response.content.decode()
    assert not EscalationAction.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["escalation_acknowledge", "escalation_action_create", "escalation_close"]
)
def test_post_only_views(client, pim_process_director, escalation, name):
    client.force_login(pim_process_director)
    assert client.get(reverse(f"stapteam:{name}", args=[escalation.pk])).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("escalation_acknowledge", {}),
        ("escalation_action_create", {"kind": "action", "description": "x", "owner": "y"}),
        ("escalation_close", {"closing_note": "Klaar."}),
    ],
)
def test_only_procesregie_handles_escalations(
    client, anna_casemanager, sanne_secretariat, escalation, name, data
):
    for user in (anna_casemanager, sanne_secretariat):
        client.force_login(user)
        response = client.post(reverse(f"stapteam:{name}", args=[escalation.pk]), data)
        assert response.status_code == 403
    escalation.refresh_from_db()
    assert escalation.acknowledged_at is None
    assert escalation.is_open
    assert not EscalationAction.objects.exists()


# --- The queue -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_shows_oldest_deadline_first_and_marks_overdue(
    client, pim_process_director, anna_casemanager
):
    today = timezone.localdate()
    later = EscalationFactory.create(
        question="Vraag met ruime termijn", respond_by=today + datetime.timedelta(days=5)
    )
    overdue = EscalationFactory.create(
        question="Vraag die te laat is", respond_by=today - datetime.timedelta(days=2)
    )
    late_but_in_hand = EscalationFactory.create(
        question="Vraag al in behandeling",
        respond_by=today - datetime.timedelta(days=3),
        acknowledged_at=timezone.now(),
        acknowledged_by=pim_process_director,
    )
    client.force_login(pim_process_director)
    response = client.get(reverse("stapteam:escalation_list"))
    assert response.status_code == 200
    page = response.content.decode()

    assert list(response.context["open_escalations"]) == [late_but_in_hand, overdue, later]
    assert page.count("Te laat") == 1
    assert page.count("table-danger") == 1
    row = page[page.index("table-danger") : page.index("Vraag die te laat is")]
    assert "<tr" not in row  # the danger row is the overdue escalation's row
    assert overdue.client.code in page and overdue.client.call_name in page
    assert str(overdue.raised_by) in page


@pytest.mark.django_db
def test_procesregie_pages_show_no_contact_notes(
    client, pim_process_director, anna_casemanager, escalation
):
    ContactFactory.create(client=escalation.client, author=anna_casemanager, note=SECRET_NOTE)
    watched = ClientFactory.create(monitoring=True)
    ContactFactory.create(client=watched, author=anna_casemanager, note=SECRET_NOTE)
    client.force_login(pim_process_director)
    for url in (
        detail_url(escalation),
        reverse("stapteam:escalation_list"),
        reverse("stapteam:monitoring_list"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET_NOTE not in response.content.decode(), url
    # ... while the page does show the client's basics and signals.
    page = client.get(detail_url(escalation)).content.decode()
    assert escalation.client.code in page
    assert escalation.client.call_name in page
    assert "Opgeschaald" in page  # the open escalation is one of her signals


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["stapteam:escalation_list", "stapteam:monitoring_list", "stapteam:escalation_detail"]
)
def test_secretariat_and_casemanager_get_403(
    client, sanne_secretariat, anna_casemanager, escalation, name
):
    args = [escalation.pk] if name.endswith("detail") else None
    for user in (sanne_secretariat, anna_casemanager):
        client.force_login(user)
        assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.django_db
def test_process_director_finds_the_pages_in_the_menu_and_on_the_start_page(
    client, pim_process_director, sanne_secretariat
):
    client.force_login(pim_process_director)
    page = client.get(reverse("stapteam:home")).content.decode()
    assert page.count(f'href="{reverse("stapteam:escalation_list")}"') == 2  # menu and card
    assert page.count(f'href="{reverse("stapteam:monitoring_list")}"') == 2
    client.force_login(sanne_secretariat)
    page = client.get(reverse("stapteam:home")).content.decode()
    assert reverse("stapteam:escalation_list") not in page
    assert reverse("stapteam:monitoring_list") not in page


# --- Monitoring ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_monitoring_lists_only_monitored_clients_with_last_contact_and_signals(
    client, pim_process_director, anna_casemanager, annas_client
):
    seen = ClientFactory.create(monitoring=True, call_name="Roos")
    ContactFactory.create(
        client=seen,
        author=anna_casemanager,
        occurred_at=timezone.make_aware(datetime.datetime(2024, 3, 5, 21, 0)),
    )
    unseen = ClientFactory.create(monitoring=True, call_name="Lelie")
    client.force_login(pim_process_director)
    response = client.get(reverse("stapteam:monitoring_list"))
    assert response.status_code == 200
    page = response.content.decode()

    assert [c.pk for c, _signals in response.context["rows"]] == [unseen.pk, seen.pk]
    assert seen.code in page and "Roos" in page
    assert "5 mrt 2024" in page
    assert "Geen contact" in page  # her last contact is long ago
    assert annas_client.code not in page  # active, not on monitoring


# --- Query counts --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_costs_fixed_queries(assert_fixed_queries, pim_process_director, escalation):
    def add_more() -> None:
        for i in range(8):
            raised_by = UserFactory.create(roles=["casemanager"])
            extra = EscalationFactory.create(raised_by=raised_by)
            if i % 2:
                extra.acknowledged_at = timezone.now()
                extra.acknowledged_by = pim_process_director
                extra.save()
            if i % 3 == 0:
                EscalationFactory.create(
                    raised_by=raised_by,
                    closed_at=timezone.now(),
                    closed_by=pim_process_director,
                    closing_note=f"Afgesloten {i}",
                )

    assert_fixed_queries(
        pim_process_director,
        reverse("stapteam:escalation_list"),
        add_more=add_more,
        max_queries=11,
    )


@pytest.mark.django_db
def test_monitoring_costs_fixed_queries(
    assert_fixed_queries, pim_process_director, anna_casemanager
):
    ClientFactory.create(monitoring=True)

    def add_more() -> None:
        for _ in range(8):
            watched = ClientFactory.create(monitoring=True)
            ContactFactory.create_batch(2, client=watched, author=anna_casemanager)

    assert_fixed_queries(
        pim_process_director,
        reverse("stapteam:monitoring_list"),
        add_more=add_more,
        max_queries=13,  # with the page count and the women she could start monitoring
    )


@pytest.mark.django_db
def test_escalation_page_costs_fixed_queries(
    assert_fixed_queries, pim_process_director, anna_casemanager, escalation
):
    def add_more() -> None:
        ContactFactory.create_batch(3, client=escalation.client, author=anna_casemanager)
        for i in range(6):
            EscalationAction.objects.create(
                escalation=escalation,
                description=f"Afspraak {i}",
                owner="Pim",
                created_by=UserFactory.create(roles=["process_director"]),
            )

    assert_fixed_queries(
        pim_process_director, detail_url(escalation), add_more=add_more, max_queries=14
    )
