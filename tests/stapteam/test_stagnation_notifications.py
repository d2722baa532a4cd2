"""A stagnation signal on her own client tells the casemanager, once per (signal, client, day it
began), from the scheduled command; it is resolved when the signal ends or the client moves on."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stapteam.caseload import services
from stapteam.models import (
    Client,
    Contact,
    DomainSet,
    Notification,
    NotificationSettings,
    ZrmAssessment,
)
from stapteam.platform import notifications
from stapteam.platform.actor import acting_as
from stapteam.platform.formats import day_date
from tests.factories import ClientFactory, ContactFactory, GoalFactory

DAY = datetime.timedelta(days=1)
TODAY = timezone.localdate()


def run() -> None:
    call_command("send_notifications", stdout=io.StringIO())


def received(user: Any) -> list[tuple[str, datetime.date | None]]:
    rows = Notification.objects.filter(recipient=user).order_by("kind", "due")
    return list(rows.values_list("kind", "due"))


def waiting(user: Any) -> list[str]:
    return sorted(Notification.objects.for_user(user).waiting().values_list("kind", flat=True))


def contact_on(client: Client, author: Any, day: datetime.date) -> Contact:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return ContactFactory.create(client=client, author=author, occurred_at=moment)


def her_client(casemanager: Any, *, zrm_days_ago: int = 30) -> Client:
    """Her client, registered long ago, with a ZRM `zrm_days_ago` and last seen 30 days ago:
    no contact for longer than the 14 days of the team's norm, from 16 days ago."""
    client = ClientFactory.create(casemanager=casemanager, call_name="Roos")
    Client.objects.filter(pk=client.pk).update(created_at=timezone.now() - 400 * DAY)
    client.refresh_from_db()
    ZrmAssessment.objects.create(
        client=client,
        assessed_on=TODAY - zrm_days_ago * DAY,
        moment=ZrmAssessment.Moment.PROGRESS,
        assessor=casemanager,
        domain_set=DomainSet.default(),
    )
    contact_on(client, casemanager, TODAY - 30 * DAY)
    return client


@pytest.fixture
def roos(anna_casemanager: Any) -> Client:
    return her_client(anna_casemanager)


def test_her_casemanager_hears_of_the_signal_once_however_often_it_runs(
    anna_casemanager, bram_casemanager_ldh, carla_coordinator, pim_process_director, roos
):
    run()
    run()

    assert received(anna_casemanager) == [("stagnation_no_contact", TODAY - 16 * DAY)]
    for other in (bram_casemanager_ldh, carla_coordinator, pim_process_director):
        assert received(other) == []  # not her client, or not a casemanager's work
    made = Notification.objects.get(recipient=anna_casemanager)
    assert made.object_id == roos.pk
    assert notifications.shown(made).text == (
        f"Stagnatiesignaal bij een cliënt van je: geen contact, sinds {day_date(TODAY - 16 * DAY)}."
    )


def test_a_contact_resolves_it_and_a_new_gap_is_a_new_notification(anna_casemanager, roos):
    run()
    contact = contact_on(roos, anna_casemanager, TODAY)
    run()
    assert waiting(anna_casemanager) == []

    # That contact turns out to be of 20 days ago: the signal is back, from a new day.
    Contact.objects.filter(pk=contact.pk).update(occurred_at=timezone.now() - 20 * DAY)
    run()
    assert received(anna_casemanager) == [
        ("stagnation_no_contact", TODAY - 16 * DAY),
        ("stagnation_no_contact", TODAY - 6 * DAY),
    ]
    assert waiting(anna_casemanager) == ["stagnation_no_contact"]


def test_goals_past_their_date_and_an_old_zrm_are_signals_too(anna_casemanager):
    roos = her_client(anna_casemanager, zrm_days_ago=300)
    with acting_as(anna_casemanager):
        GoalFactory.create(client=roos, created_by=anna_casemanager, target_date=TODAY - 3 * DAY)
    NotificationSettings.objects.create(
        user=anna_casemanager, muted_kinds=["stagnation_no_contact"]
    )
    run()

    assert received(anna_casemanager) == [
        ("stagnation_goals_overdue", TODAY - 2 * DAY),
        ("stagnation_no_zrm", TODAY - 300 * DAY + datetime.timedelta(days=round(6 * 30.44))),
    ]  # and no "no contact": she switched that kind off


def test_a_handover_moves_it_to_the_new_casemanager_and_her_page_decides(
    client, anna_casemanager, bram_casemanager_ldh, carla_coordinator, roos
):
    run()
    services.reassign(
        client=roos,
        to_casemanager=bram_casemanager_ldh,
        overlap_until=TODAY + 7 * DAY,
        note="Warm overgedragen.",
        by=carla_coordinator,
    )
    run()

    assert waiting(anna_casemanager) == ["handover_assigned"]  # hers resolved: not her client
    assert waiting(bram_casemanager_ldh) == ["handover_assigned", "stagnation_no_contact"]

    made = Notification.objects.get(recipient=bram_casemanager_ldh, kind="stagnation_no_contact")
    link = notifications.shown(made).url
    assert link == reverse("stapteam:client_detail", args=[roos.pk])
    client.force_login(bram_casemanager_ldh)
    listing = client.get(reverse("stapteam:notification_list")).content.decode()
    assert link in listing and roos.code not in listing and "Roos" not in listing
    assert client.get(link).status_code == 200

    # Another casemanager's client: the file asks her reason first, whatever links to it.
    colleague = ClientFactory.create(casemanager=anna_casemanager)
    response = client.get(reverse("stapteam:client_detail", args=[colleague.pk]))
    assert response.url == reverse("stapteam:client_access", args=[colleague.pk])


def test_a_closed_file_raises_no_signal_and_closing_resolves_it(anna_casemanager, roos):
    run()
    Client.objects.filter(pk=roos.pk).update(
        status=Client.Status.CLOSED, closed_on=TODAY, outcome=Client.Outcome.CLOSED
    )
    run()
    assert waiting(anna_casemanager) == []
    assert len(received(anna_casemanager)) == 1


def test_the_list_of_signals_costs_a_fixed_number_of_queries(
    client, assert_fixed_queries, anna_casemanager, roos
):
    run()
    client.force_login(anna_casemanager)
    client.get(reverse("stapteam:notification_list"))  # what a process caches on its first page

    def more() -> None:
        for _ in range(6):
            her_client(anna_casemanager, zrm_days_ago=300)
        run()
        assert len(waiting(anna_casemanager)) == 13

    assert_fixed_queries(
        anna_casemanager, reverse("stapteam:notification_list"), add_more=more, max_queries=12
    )
