"""Notifications: each event tells the people whose work it is, once, in the event's transaction."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from budgets import services as budget_services
from budgets.models import LedgerEntry
from registrations import services as registration_services
from registrations.models import Objection, Person, RegistrationSettings
from stapteam.caseload import services as caseload_services
from stapteam.models import Escalation, EscalationAction, Notification, NotificationSettings
from stapteam.platform import notifications
from stapteam.platform.actor import acting_as
from stapteam.platform.formats import euro
from stapteam.platform.roles import Role
from tests.budgets.conftest import expense, make_budget
from tests.factories import ClientFactory, UserFactory
from timeout import services as timeout_services


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def waiting(user) -> list[str]:
    return list(Notification.objects.for_user(user).waiting().values_list("kind", flat=True))


@pytest.fixture
def annas_client(anna_casemanager):
    return ClientFactory.create(casemanager=anna_casemanager)


@pytest.fixture
def application(db, sanne_secretariat):
    RegistrationSettings.objects.filter(id=1).update(regime="named")
    person = Person.objects.create(
        name="Roos Verhoeven", address="Loods 1", consent_on=timezone.localdate()
    )
    with acting_as(sanne_secretariat):
        request = registration_services.create_request(
            kind="application",
            received_on=timezone.localdate(),
            channel="mail",
            owner=sanne_secretariat,
            person=person,
        )
        registration_services.start_handling(request=request)
    return request


def test_escalation_reaches_every_process_director_and_resolves_when_taken_up(
    anna_casemanager, pim_process_director, annas_client
):
    other_director = UserFactory.create(roles=[Role.PROCESS_DIRECTOR])
    escalation = caseload_services.escalate(
        client=annas_client, question="Vast.", by=anna_casemanager
    )

    assert waiting(pim_process_director) == ["escalation_raised"]
    assert waiting(other_director) == ["escalation_raised"]
    assert kinds_of(anna_casemanager) == []  # never the one who acted

    caseload_services.add_escalation_action(
        escalation=escalation,
        by=pim_process_director,
        kind=EscalationAction.Kind.AGREEMENT,
        description="Overleg met de huisarts.",
        owner="Pim",
    )
    assert waiting(pim_process_director) == []
    assert waiting(other_director) == []  # resolved for every recipient
    assert waiting(anna_casemanager) == ["escalation_action"]

    caseload_services.close_escalation(
        escalation=escalation, note="Klaar.", by=pim_process_director
    )
    assert sorted(waiting(anna_casemanager)) == ["escalation_action", "escalation_closed"]


def test_a_rolled_back_action_notifies_no_one(anna_casemanager, pim_process_director, annas_client):
    with pytest.raises(RuntimeError), transaction.atomic():
        caseload_services.escalate(client=annas_client, question="Vast.", by=anna_casemanager)
        raise RuntimeError("the request fails after the escalation")

    assert kinds_of(pim_process_director) == []


@pytest.mark.django_db(transaction=True)
def test_notify_outside_a_transaction_is_refused(pim_process_director, annas_client):
    with pytest.raises(notifications.NotOutsideTransaction):
        notifications.notify("escalation_raised", annas_client, [pim_process_director])
    assert kinds_of(pim_process_director) == []


def test_the_same_notification_is_made_once(pim_process_director, annas_client):
    day = timezone.localdate()
    for _ in range(2):
        with transaction.atomic():
            notifications.notify("escalation_raised", annas_client, [pim_process_director], due=day)
            notifications.notify("escalation_raised", annas_client, [pim_process_director])
    assert kinds_of(pim_process_director) == ["escalation_raised"] * 2  # one with, one without date


def test_the_database_refuses_a_second_copy(pim_process_director, annas_client):
    with transaction.atomic():
        notifications.notify("escalation_raised", annas_client, [pim_process_director])
    first = Notification.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=pim_process_director,
            kind=first.kind,
            content_type=first.content_type,
            object_id=first.object_id,
            due=None,
        )


def test_a_muted_kind_is_not_received(anna_casemanager, pim_process_director, annas_client):
    NotificationSettings.objects.create(
        user=pim_process_director, muted_kinds=["escalation_raised"]
    )
    caseload_services.escalate(client=annas_client, question="Vast.", by=anna_casemanager)
    assert kinds_of(pim_process_director) == []


def test_handover_tells_both_casemanagers_but_not_the_coordinator_who_did_it(
    anna_casemanager, bram_casemanager_ldh, carla_coordinator, annas_client
):
    caseload_services.reassign(
        client=annas_client,
        to_casemanager=bram_casemanager_ldh,
        overlap_until=timezone.localdate() + datetime.timedelta(days=7),
        note="Warm overgedragen.",
        by=carla_coordinator,
    )
    assert kinds_of(anna_casemanager) == ["handover_assigned"]
    assert kinds_of(bram_casemanager_ldh) == ["handover_assigned"]
    assert kinds_of(carla_coordinator) == []


def test_advice_asked_and_given(sanne_secretariat, carla_coordinator, application):
    other_coordinator = UserFactory.create(roles=[Role.COORDINATOR])
    advice = registration_services.ask_advice(request=application, by=sanne_secretariat)
    assert waiting(carla_coordinator) == ["advice_requested"]
    assert waiting(other_coordinator) == ["advice_requested"]
    assert kinds_of(sanne_secretariat) == []

    registration_services.give_advice(
        advice=advice,
        answer="yes",
        known_since=datetime.date(2020, 1, 1),
        motivation="",
        client=None,
        by=carla_coordinator,
    )
    assert waiting(carla_coordinator) == []
    assert waiting(other_coordinator) == []
    assert waiting(sanne_secretariat) == ["advice_given"]


def test_timeout_request_for_the_coordinator_and_decision_for_the_requester(
    anna_casemanager, carla_coordinator, annas_client
):
    request = timeout_services.submit_request(
        by=anna_casemanager,
        client=annas_client,
        reason="Rust.",
        wished_start=timezone.localdate(),
        expected_days=5,
    )
    assert waiting(carla_coordinator) == ["timeout_requested"]
    timeout_services.assess(request=request, approved=False, note="Geen bed.", by=carla_coordinator)
    assert waiting(carla_coordinator) == []
    assert waiting(anna_casemanager) == ["timeout_decided"]
    shown = notifications.shown(Notification.objects.get(recipient=anna_casemanager))
    assert shown.text == "Je time-out-aanvraag is afgewezen."


def test_expense_waits_for_the_coordinator_and_the_decision_goes_back(
    anna_casemanager, carla_coordinator, annas_client
):
    budget = make_budget(by=carla_coordinator)
    small = expense(budget, "20.00", by=anna_casemanager, client=annas_client)
    assert not small.needs_approval
    assert waiting(carla_coordinator) == []

    large = expense(budget, "250.00", by=anna_casemanager, client=annas_client)
    assert waiting(carla_coordinator) == ["expense_pending"]
    budget_services.decide_expense(entry=large, approved=True, by=carla_coordinator)
    assert waiting(carla_coordinator) == []
    assert waiting(anna_casemanager) == ["expense_decided"]
    shown = notifications.shown(Notification.objects.get(recipient=anna_casemanager))
    assert shown.text == f"Je uitgave van {euro(Decimal('250.00'))} is goedgekeurd."


# --- The pages -----------------------------------------------------------------------------------


def escalate_for(pim, anna, n: int = 1) -> None:
    for _ in range(n):
        escalation = caseload_services.escalate(
            client=ClientFactory.create(casemanager=anna), question="Vast.", by=anna
        )
        assert escalation.pk


def test_the_bell_counts_what_waits_and_the_list_links_to_the_record(
    client, anna_casemanager, pim_process_director
):
    escalate_for(pim_process_director, anna_casemanager, 2)
    client.force_login(pim_process_director)

    home = client.get(reverse("stapteam:home")).content.decode()
    assert 'data-testid="bell-count">2<' in home

    page = client.get(reverse("stapteam:notification_list")).content.decode()
    escalation = Escalation.objects.order_by("pk")[0]
    assert reverse("stapteam:escalation_detail", args=[escalation.pk]) in page
    assert "Nieuwe opschaling; reageren vóór" in page
    assert escalation.client.code not in page and escalation.client.call_name not in page


def test_mark_one_and_all_read(client, anna_casemanager, pim_process_director):
    escalate_for(pim_process_director, anna_casemanager, 3)
    client.force_login(pim_process_director)
    first = Notification.objects.filter(recipient=pim_process_director)[0]

    response = client.post(reverse("stapteam:notification_read", args=[first.pk]))
    assert response.status_code == 302
    assert len(waiting(pim_process_director)) == 2

    client.post(reverse("stapteam:notification_read_all"))
    assert waiting(pim_process_director) == []
    home = client.get(reverse("stapteam:home")).content.decode()
    assert 'data-testid="bell-count"' not in home


def test_she_cannot_mark_another_persons_notification(
    client, anna_casemanager, pim_process_director, sanne_secretariat
):
    escalate_for(pim_process_director, anna_casemanager)
    theirs = Notification.objects.get(recipient=pim_process_director)
    client.force_login(sanne_secretariat)
    client.post(reverse("stapteam:notification_read", args=[theirs.pk]))
    client.post(reverse("stapteam:notification_read_all"))
    assert waiting(pim_process_director) == ["escalation_raised"]


def test_she_switches_a_kind_off_but_not_a_passed_term(client, sanne_secretariat):
    client.force_login(sanne_secretariat)
    page = client.get(reverse("stapteam:notification_settings")).content.decode()
    assert "Awb-termijn verstreken" in page  # named as always on
    assert 'value="term_passed"' not in page  # no checkbox to switch it off

    response = client.post(
        reverse("stapteam:notification_settings"),
        {"receive": ["term_ending"], "daily_digest": "on"},
    )
    assert response.status_code == 302
    chosen = NotificationSettings.objects.get(user=sanne_secretariat)
    assert chosen.muted_kinds == ["advice_given", "new_mail"]
    assert chosen.daily_digest

    # A forged choice cannot mute what cannot be muted.
    client.post(reverse("stapteam:notification_settings"), {"receive": ["bogus"]})
    chosen.refresh_from_db()
    assert "term_passed" not in chosen.muted_kinds
    assert chosen.daily_digest  # the invalid form changed nothing


def test_the_list_costs_a_fixed_number_of_queries(
    assert_fixed_queries, anna_casemanager, carla_coordinator, annas_client
):
    budget = make_budget(by=carla_coordinator)

    def handover() -> None:
        caseload_services.reassign(
            client=annas_client,
            to_casemanager=UserFactory.create(roles=[Role.CASEMANAGER]),
            overlap_until=timezone.localdate(),
            note="Over.",
            by=carla_coordinator,
        )
        caseload_services.reassign(
            client=annas_client,
            to_casemanager=anna_casemanager,
            overlap_until=timezone.localdate(),
            note="Terug.",
            by=carla_coordinator,
        )

    def more() -> None:  # one query per kind of record, not per notification
        handover()
        for _ in range(5):
            entry = expense(budget, "150.00", by=anna_casemanager, client=annas_client)
            budget_services.decide_expense(
                entry=entry, approved=False, note="Nee.", by=carla_coordinator
            )

    entry = expense(budget, "150.00", by=anna_casemanager, client=annas_client)
    budget_services.decide_expense(entry=entry, approved=True, by=carla_coordinator)
    handover()
    for model in (Objection, EscalationAction, LedgerEntry):  # content types are cached per process
        ContentType.objects.get_for_model(model)
    assert_fixed_queries(
        anna_casemanager, reverse("stapteam:notification_list"), add_more=more, max_queries=13
    )


# --- Time-based notifications: the command ------------------------------------------------------


@pytest.fixture
def overdue_application(application, sanne_secretariat):
    """An application received ten weeks ago: its eight-week term has passed."""
    received = timezone.localdate() - datetime.timedelta(weeks=10)
    type(application).objects.filter(pk=application.pk).update(received_on=received)
    application.refresh_from_db()
    return application


def test_the_command_notifies_a_passed_term_once_however_often_it_runs(
    sanne_secretariat, overdue_application
):
    NotificationSettings.objects.create(user=sanne_secretariat, muted_kinds=["term_passed"])
    call_command("send_notifications", stdout=io.StringIO())
    call_command("send_notifications", stdout=io.StringIO())

    made = Notification.objects.get(recipient=sanne_secretariat)  # once, though muted
    assert made.kind == "term_passed"
    assert made.due == overdue_application.decision_deadline()
    assert "is verstreken" in notifications.shown(made).text


def test_a_decision_resolves_the_term(sanne_secretariat, carla_coordinator, overdue_application):
    call_command("send_notifications", stdout=io.StringIO())
    with acting_as(sanne_secretariat):
        registration_services.close_request(request=overdue_application)
    call_command("send_notifications", stdout=io.StringIO())
    assert waiting(sanne_secretariat) == []


def test_follow_up_date_and_overlap_ending_reach_the_casemanagers(
    anna_casemanager, bram_casemanager_ldh, carla_coordinator, pim_process_director, annas_client
):
    escalation = caseload_services.escalate(
        client=annas_client, question="Vast.", by=anna_casemanager
    )
    action = caseload_services.add_escalation_action(
        escalation=escalation,
        by=pim_process_director,
        kind=EscalationAction.Kind.AGREEMENT,
        description="Bellen.",
        owner="Anna",
        follow_up_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    caseload_services.reassign(
        client=annas_client,
        to_casemanager=bram_casemanager_ldh,
        overlap_until=timezone.localdate() + datetime.timedelta(days=2),
        note="Warm.",
        by=carla_coordinator,
    )
    Notification.objects.all().delete()
    call_command("send_notifications", stdout=io.StringIO())
    assert kinds_of(bram_casemanager_ldh) == ["handover_ending"]  # the follow-up is tomorrow

    EscalationAction.objects.filter(pk=action.pk).update(follow_up_on=timezone.localdate())
    call_command("send_notifications", stdout=io.StringIO())
    assert sorted(kinds_of(bram_casemanager_ldh)) == ["escalation_follow_up", "handover_ending"]
    assert kinds_of(anna_casemanager) == ["handover_ending"]  # no longer her client


# --- The daily digest, through a real SMTP server on loopback -----------------------------------


def test_the_digest_goes_once_a_day_with_counts_and_links_only(
    smtp_server, anna_casemanager, pim_process_director, annas_client
):
    pim_process_director.email = "pim@test.invalid"
    pim_process_director.save(update_fields=["email"])
    NotificationSettings.objects.create(user=pim_process_director, daily_digest=True)
    NotificationSettings.objects.create(user=anna_casemanager, daily_digest=False)
    caseload_services.escalate(client=annas_client, question="Geen contact.", by=anna_casemanager)

    call_command("send_notifications", stdout=io.StringIO())
    call_command("send_notifications", stdout=io.StringIO())  # the same day: no second mail

    assert len(smtp_server.messages) == 1
    recipients, message = smtp_server.messages[0]
    assert recipients == ["pim@test.invalid"]
    assert message["Subject"] == "STAP: 1 meldingen wachten op je"
    body = message.get_content()
    assert "- 1 × Nieuwe opschaling" in body
    assert "http://127.0.0.1:8000/meldingen/" in body
    for private in (
        annas_client.code,
        annas_client.call_name,
        annas_client.full_name,
        "Geen contact",
    ):
        assert private not in body


def test_no_digest_when_nothing_waits_and_a_failed_send_is_tried_again(
    smtp_server, settings, anna_casemanager, pim_process_director, annas_client
):
    pim_process_director.email = "pim@test.invalid"
    pim_process_director.save(update_fields=["email"])
    NotificationSettings.objects.create(user=pim_process_director, daily_digest=True)
    call_command("send_notifications", stdout=io.StringIO())
    assert smtp_server.messages == []

    NotificationSettings.objects.update(digest_sent_on=None)
    caseload_services.escalate(client=annas_client, question="Vast.", by=anna_casemanager)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there: the send fails
    with pytest.raises(CommandError, match="niet verstuurd"):
        call_command("send_notifications", stdout=io.StringIO())
    settings.EMAIL_PORT = port
    call_command("send_notifications", stdout=io.StringIO())
    assert len(smtp_server.messages) == 1
