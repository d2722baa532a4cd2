"""Monitoring by procesregie: she puts a woman without care on monitoring and stops it again,
each after a confirmation, and follows agreements from the monitoring list."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from stapteam.models import Client, Closure, Escalation, EscalationAction
from tests.factories import ClientFactory, EscalationFactory
from tests.stapteam.test_escalations import messages_of

START_REASON = "Afgesproken in het casusoverleg van dinsdag."


@pytest.fixture
def escalated(anna_casemanager: Any) -> Client:
    client = ClientFactory.create(casemanager=anna_casemanager)
    EscalationFactory.create(client=client, raised_by=anna_casemanager)
    return client


def start(client: Any, who: Client, **data: Any) -> Any:
    url = reverse("stapteam:monitoring_start", args=[who.pk])
    return client.post(url, {"started_on": timezone.localdate().isoformat(), **data})


@pytest.mark.django_db
def test_procesregie_starts_monitoring_after_a_confirmation(
    client, pim_process_director, escalated
):
    client.force_login(pim_process_director)
    confirm = start(client, escalated, reason=START_REASON)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Bevestigen" in page and "De zorg door het STAP-team stopt" in page
    assert "De lopende opschaling loopt door" in page
    escalated.refresh_from_db()
    assert escalated.status == Client.Status.ACTIVE  # nothing changed before she confirms

    done = start(client, escalated, reason=START_REASON, confirm="1")
    assert done.status_code == 302 and done.url == reverse("stapteam:monitoring_list")
    assert f"{escalated.code} staat nu op monitoring." in messages_of(done)
    escalated.refresh_from_db()
    assert escalated.status == Client.Status.MONITORING
    closure = Closure.objects.get(client=escalated)
    assert closure.outcome == Client.Outcome.MONITORING
    assert closure.reason == START_REASON and closure.closed_by == pim_process_director
    # The escalation goes on: its agreements are how she follows the woman.
    assert Escalation.objects.get(client=escalated).closed_at is None
    listed = client.get(reverse("stapteam:monitoring_list")).content.decode()
    assert escalated.code in listed and "Monitoring stoppen" in listed


@pytest.mark.django_db
def test_starting_without_a_reason_keeps_the_date_and_says_what_to_do(
    client, pim_process_director, escalated
):
    client.force_login(pim_process_director)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("stapteam:monitoring_start", args=[escalated.pk]),
        {"started_on": yesterday.isoformat(), "reason": "  "},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Schrijf op waarom zij op monitoring gaat." in page
    assert yesterday.isoformat() in page
    assert not Closure.objects.filter(client=escalated).exists()


@pytest.mark.django_db
def test_only_a_woman_with_a_running_escalation_can_be_started(
    client, pim_process_director, anna_casemanager
):
    """Procesregie sees no other files, so she cannot put just anyone on monitoring."""
    other = ClientFactory.create(casemanager=anna_casemanager)
    client.force_login(pim_process_director)
    assert start(client, other, reason=START_REASON, confirm="1").status_code == 404
    other.refresh_from_db()
    assert other.status == Client.Status.ACTIVE


def stop(client: Any, who: Client, **data: Any) -> Any:
    url = reverse("stapteam:monitoring_end", args=[who.pk])
    return client.post(url, {"ended_on": timezone.localdate().isoformat(), **data})


@pytest.fixture
def monitored(client, pim_process_director, escalated) -> Client:
    client.force_login(pim_process_director)
    assert start(client, escalated, reason=START_REASON, confirm="1").status_code == 302
    escalated.refresh_from_db()
    return escalated


@pytest.mark.django_db
def test_stopping_back_to_the_team_makes_her_casemanager_active_again(client, monitored):
    confirm = stop(client, monitored, next_step="team", reason="Zij wil weer hulp.")
    assert "terug in zorg bij het STAP-team" in confirm.content.decode()
    monitored.refresh_from_db()
    assert monitored.status == Client.Status.MONITORING

    done = stop(client, monitored, next_step="team", reason="Zij wil weer hulp.", confirm="1")
    assert done.status_code == 302
    assert "terug in zorg bij het STAP-team" in messages_of(done)[-1]
    monitored.refresh_from_db()
    assert monitored.status == Client.Status.ACTIVE  # her casemanager is still assigned
    assert monitored.outcome == "" and monitored.closed_on is None
    period = Closure.objects.get(client=monitored)
    assert period.reopened_on == timezone.localdate()
    assert period.reopen_reason == "Zij wil weer hulp."


@pytest.mark.django_db
def test_stopping_with_an_outcome_closes_the_file_and_keeps_the_monitoring_period(
    client, monitored
):
    done = stop(client, monitored, next_step="regular_care", reason="Naar de GGZ.", confirm="1")
    assert done.status_code == 302
    monitored.refresh_from_db()
    assert monitored.status == Client.Status.CLOSED
    assert monitored.outcome == Client.Outcome.REGULAR_CARE
    periods = list(Closure.objects.filter(client=monitored).order_by("pk"))
    assert [p.outcome for p in periods] == [Client.Outcome.MONITORING, Client.Outcome.REGULAR_CARE]
    assert periods[0].reopened_on == timezone.localdate()
    assert periods[1].reason == "Naar de GGZ." and periods[1].reopened_on is None


@pytest.mark.django_db
def test_stopping_to_another_region_asks_which_region_and_keeps_the_reason(client, monitored):
    response = stop(client, monitored, next_step="other_region", reason="Verhuist.", confirm="1")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vul in naar welke regio zij gaat." in page
    assert "Verhuist." in page
    monitored.refresh_from_db()
    assert monitored.status == Client.Status.MONITORING


@pytest.mark.django_db
def test_a_date_before_the_monitoring_began_is_refused(client, monitored):
    before = monitored.closed_on - datetime.timedelta(days=3)
    response = client.post(
        reverse("stapteam:monitoring_end", args=[monitored.pk]),
        {"ended_on": before.isoformat(), "next_step": "closed", "reason": "Klaar.", "confirm": "1"},
    )
    assert response.status_code == 200
    assert "mag niet voor de start van de monitoring" in response.content.decode()
    monitored.refresh_from_db()
    assert monitored.status == Client.Status.MONITORING


@pytest.mark.django_db
def test_a_second_tab_stopping_again_is_told_and_changes_nothing(client, monitored):
    stop(client, monitored, next_step="closed", reason="Klaar.", confirm="1")
    again = stop(client, monitored, next_step="team", reason="Toch niet.", confirm="1")
    assert again.status_code == 302
    assert f"{monitored.code} staat niet meer op monitoring." in messages_of(again)
    monitored.refresh_from_db()
    assert monitored.status == Client.Status.CLOSED


@pytest.mark.django_db
def test_the_list_shows_the_next_follow_up_and_links_to_record_an_agreement(
    client, pim_process_director, monitored
):
    escalation = Escalation.objects.get(client=monitored)
    follow_up = timezone.localdate() - datetime.timedelta(days=2)
    EscalationAction.objects.create(
        escalation=escalation,
        description="Bellen met de huisarts.",
        owner="Pim",
        follow_up_on=follow_up,
        created_by=pim_process_director,
    )
    page = client.get(reverse("stapteam:monitoring_list")).content.decode()
    assert reverse("stapteam:escalation_detail", args=[escalation.pk]) + "#nieuwe-afspraak" in page
    assert "(verstreken)" in page
    assert escape(monitored.call_name) in page


@pytest.mark.django_db
def test_the_monitoring_list_keeps_its_query_count(
    assert_fixed_queries, pim_process_director, anna_casemanager
):
    def more() -> None:
        for watched in ClientFactory.create_batch(6, monitoring=True):
            EscalationFactory.create(client=watched, raised_by=anna_casemanager)
        for candidate in ClientFactory.create_batch(4, casemanager=anna_casemanager):
            EscalationFactory.create(client=candidate, raised_by=anna_casemanager)

    more()
    assert_fixed_queries(
        pim_process_director, reverse("stapteam:monitoring_list"), add_more=more, max_queries=13
    )
