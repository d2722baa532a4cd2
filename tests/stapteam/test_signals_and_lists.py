"""Stagnation signals and the escalation proposal; the team overview's filters; and a fixed number
of queries on the caseload, list and file pages however much data there is."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from stapteam.caseload import services
from stapteam.caseload.stagnation import (
    filter_by_signal,
    proposes_escalation,
    signals_of,
    with_signals,
)
from stapteam.models import (
    CaseloadSettings,
    Client,
    Contact,
    DomainSet,
    Goal,
    Handover,
    Trajectory,
    ZrmAssessment,
)
from stapteam.platform.formats import day_date
from tests.factories import ClientFactory, ContactFactory, EscalationFactory, GoalFactory

# These tests call services directly; their writes are recorded as the system account's.
pytestmark = pytest.mark.usefixtures("as_system")

DAY = datetime.timedelta(days=1)


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - n * DAY


def registered_long_ago(client: Client, days: int = 400) -> Client:
    """Move the file's creation back, so that 'since registration' raises no signal itself."""
    Client.objects.filter(pk=client.pk).update(created_at=days_ago(days))
    client.refresh_from_db()
    return client


def annotated(client: Client) -> Any:
    return with_signals(Client.objects.filter(pk=client.pk)).get()


def signal_codes(client: Client) -> list[str]:
    config = CaseloadSettings.current()
    return [s.code for s in signals_of(annotated(client), config, timezone.localdate())]


def proposes(client: Client) -> bool:
    config = CaseloadSettings.current()
    today = timezone.localdate()
    return bool(proposes_escalation(signals_of(annotated(client), config, today), config, today))


def zrm(client: Client, assessor: Any, on: datetime.date) -> ZrmAssessment:
    return ZrmAssessment.objects.create(
        client=client,
        assessed_on=on,
        moment=ZrmAssessment.Moment.PROGRESS,
        assessor=assessor,
        domain_set=DomainSet.default(),
    )


@pytest.fixture
def annas_client(anna_casemanager: Any) -> Client:
    c = registered_long_ago(ClientFactory.create(casemanager=anna_casemanager, call_name="Roos"))
    zrm(c, anna_casemanager, timezone.localdate() - 30 * DAY)  # ZRM is recent
    return c


# --- Signals -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_contact_for_15_days_is_a_signal(anna_casemanager, annas_client):
    ContactFactory.create(client=annas_client, author=anna_casemanager, occurred_at=days_ago(15))
    assert signal_codes(annas_client) == ["no_contact"]


@pytest.mark.django_db
def test_a_contact_13_days_ago_is_no_signal(anna_casemanager, annas_client):
    ContactFactory.create(client=annas_client, author=anna_casemanager, occurred_at=days_ago(13))
    assert signal_codes(annas_client) == []


@pytest.mark.django_db
def test_a_no_show_is_not_a_contact(anna_casemanager, annas_client):
    ContactFactory.create(client=annas_client, author=anna_casemanager, occurred_at=days_ago(20))
    ContactFactory.create(
        client=annas_client, author=anna_casemanager, occurred_at=days_ago(1), no_show=True
    )
    assert "no_contact" in signal_codes(annas_client)


@pytest.mark.django_db
def test_the_no_contact_threshold_is_configurable(anna_casemanager, annas_client):
    ContactFactory.create(client=annas_client, author=anna_casemanager, occurred_at=days_ago(15))
    CaseloadSettings.objects.filter(pk=CaseloadSettings.current().pk).update(no_contact_days=30)
    assert "no_contact" not in signal_codes(annas_client)


@pytest.mark.django_db
def test_a_goal_past_its_target_date_is_a_signal(anna_casemanager, annas_client):
    ContactFactory.create(client=annas_client, author=anna_casemanager, occurred_at=days_ago(1))
    today = timezone.localdate()
    GoalFactory.create(client=annas_client, target_date=today + 10 * DAY)
    GoalFactory.create(
        client=annas_client, target_date=today - 30 * DAY, status=Goal.Status.ACHIEVED
    )
    assert signal_codes(annas_client) == []

    GoalFactory.create(client=annas_client, target_date=today - DAY)

    assert signal_codes(annas_client) == ["goals_overdue"]
    signal = next(
        s
        for s in signals_of(annotated(annas_client), CaseloadSettings.current(), today)
        if s.code == "goals_overdue"
    )
    assert signal.started == today  # the signal begins the day after the target date


@pytest.mark.django_db
def test_no_zrm_for_7_months_is_a_signal(anna_casemanager):
    c = registered_long_ago(ClientFactory.create(casemanager=anna_casemanager))
    ContactFactory.create(client=c, author=anna_casemanager, occurred_at=days_ago(1))
    today = timezone.localdate()
    zrm(c, anna_casemanager, today - 213 * DAY)  # 7 months

    assert signal_codes(c) == ["no_zrm"]

    zrm(c, anna_casemanager, today - 150 * DAY)  # 5 months
    assert signal_codes(c) == []


@pytest.mark.django_db
def test_a_signal_names_the_fact_it_rests_on(anna_casemanager, annas_client):
    last = days_ago(30)
    ContactFactory.create(client=annas_client, author=anna_casemanager, occurred_at=last)
    GoalFactory.create(client=annas_client, target_date=timezone.localdate() - 20 * DAY)
    today = timezone.localdate()
    texts = [s.text for s in signals_of(annotated(annas_client), CaseloadSettings.current(), today)]
    day = timezone.localtime(last).date()
    assert texts[0] == f"Geen contact sinds {day_date(day)}"  # the last contact, not +14 days
    assert texts[1] == f"1 doel over de streefdatum ({day_date(today - 20 * DAY)})"


@pytest.mark.django_db
def test_the_escalation_banner_names_the_signal_and_how_long_it_lasts(
    client, anna_casemanager, annas_client
):
    last = days_ago(30)
    ContactFactory.create(client=annas_client, author=anna_casemanager, occurred_at=last)
    client.force_login(anna_casemanager)

    page = client.get(reverse("stapteam:client_detail", args=[annas_client.pk])).content.decode()

    since = day_date(timezone.localtime(last).date())
    assert (
        f"Geen contact sinds {since}: dit signaal duurt al 16 dagen, langer dan de 14 dagen "
        "waarna opschaling naar procesregie wordt voorgesteld." in page
    )
    assert "Dit signaal duurt al lang" not in page


@pytest.mark.django_db
def test_a_closed_file_has_no_signals(anna_casemanager):
    closed = registered_long_ago(ClientFactory.create(closed=True))
    GoalFactory.create(client=closed, target_date=timezone.localdate() - 60 * DAY)
    assert signal_codes(closed) == []


# --- Proposing an escalation ---------------------------------------------------------------------


@pytest.mark.django_db
def test_overdue_goals_propose_an_escalation_after_propose_escalation_days(
    anna_casemanager, annas_client
):
    ContactFactory.create(client=annas_client, author=anna_casemanager, occurred_at=days_ago(1))
    assert CaseloadSettings.current().propose_escalation_days == 14
    goal = GoalFactory.create(client=annas_client, target_date=timezone.localdate() - 10 * DAY)
    assert "goals_overdue" in signal_codes(annas_client)
    assert not proposes(annas_client)

    Goal.objects.filter(pk=goal.pk).update(target_date=timezone.localdate() - 15 * DAY)

    assert proposes(annas_client)


@pytest.mark.django_db
def test_the_proposal_time_is_configurable(anna_casemanager, annas_client):
    ContactFactory.create(client=annas_client, author=anna_casemanager, occurred_at=days_ago(1))
    GoalFactory.create(client=annas_client, target_date=timezone.localdate() - 10 * DAY)
    assert not proposes(annas_client)

    CaseloadSettings.objects.filter(pk=CaseloadSettings.current().pk).update(
        propose_escalation_days=7
    )

    assert proposes(annas_client)


@pytest.mark.django_db
def test_no_contact_proposes_an_escalation_only_after_the_signal_lasted_the_set_time(
    anna_casemanager, annas_client
):
    # No contact for 20 days: the signal started 6 days ago (after 14 days without contact),
    # shorter than the 14 days a signal may last before STAP proposes an escalation.
    ContactFactory.create(client=annas_client, author=anna_casemanager, occurred_at=days_ago(20))
    assert signal_codes(annas_client) == ["no_contact"]
    assert not proposes(annas_client)

    # No contact for 30 days: the signal has lasted 16 days.
    Contact.objects.filter(client=annas_client).update(occurred_at=days_ago(30))
    assert proposes(annas_client)


@pytest.mark.django_db
def test_a_running_escalation_is_not_proposed_again(anna_casemanager, annas_client):
    ContactFactory.create(client=annas_client, author=anna_casemanager, occurred_at=days_ago(1))
    GoalFactory.create(client=annas_client, target_date=timezone.localdate() - 60 * DAY)
    assert proposes(annas_client)

    EscalationFactory.create(client=annas_client, raised_by=anna_casemanager)

    assert "escalated" in signal_codes(annas_client)
    assert not proposes(annas_client)


@pytest.mark.django_db
def test_my_caseload_shows_the_signals_and_the_proposal(client, anna_casemanager, annas_client):
    ContactFactory.create(client=annas_client, author=anna_casemanager, occurred_at=days_ago(1))
    GoalFactory.create(client=annas_client, target_date=timezone.localdate() - 60 * DAY)
    client.force_login(anna_casemanager)

    response = client.get(reverse("stapteam:my_caseload"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Doelen over streefdatum" in html
    # The reason is on the page itself, not only in a tooltip a phone never shows.
    assert "dit signaal duurt al" in html and "Opschalen naar procesregie" in html
    assert 'title="' not in html.split("Doelen over streefdatum", 1)[1].split("</li>", 1)[0]
    assert reverse("stapteam:escalation_create", args=[annas_client.pk]) in html


# --- The coordinator's overview ------------------------------------------------------------------


@pytest.fixture
def team(anna_casemanager: Any, bram_casemanager_ldh: Any) -> dict[str, Client]:
    """A: Anna's, seen yesterday. B: Bram's, no contact for 20 days. C: monitoring, no casemanager.
    D: closed."""
    a = registered_long_ago(ClientFactory.create(casemanager=anna_casemanager, call_name="Anouk"))
    b = registered_long_ago(ClientFactory.create(casemanager=bram_casemanager_ldh, call_name="Bea"))
    c = ClientFactory.create(monitoring=True, call_name="Cindy")
    d = ClientFactory.create(closed=True, call_name="Dewi")
    ContactFactory.create(client=a, author=anna_casemanager, occurred_at=days_ago(1))
    ContactFactory.create(client=b, author=bram_casemanager_ldh, occurred_at=days_ago(20))
    ContactFactory.create(client=c, occurred_at=days_ago(2))
    return {"A": a, "B": b, "C": c, "D": d}


def listed(client: Any, team: dict[str, Client], **params: Any) -> set[str]:
    response = client.get(reverse("stapteam:client_list"), params)
    assert response.status_code == 200
    by_pk = {c.pk: name for name, c in team.items()}
    names = [by_pk[row["client"].pk] for row in response.context["rows"]]
    assert len(names) == len(set(names)), f"a client is listed twice: {names}"
    return set(names)


@pytest.mark.django_db
def test_coordinators_overview_filters_narrow_the_list(
    client, carla_coordinator, anna_casemanager, bram_casemanager_ldh, team
):
    client.force_login(carla_coordinator)
    iriszorg = anna_casemanager.organisation
    ldh = bram_casemanager_ldh.organisation

    assert listed(client, team) == {"A", "B", "C", "D"}
    assert listed(client, team, signal="no_contact") == {"B"}
    assert listed(client, team, signal="no_casemanager") == set()
    assert listed(client, team, status=Client.Status.MONITORING) == {"C"}
    assert listed(client, team, status=Client.Status.CLOSED) == {"D"}
    assert listed(client, team, status=Client.Status.ACTIVE) == {"A", "B"}
    assert listed(client, team, organisation=ldh.pk) == {"B"}
    assert listed(client, team, organisation=iriszorg.pk) == {"A"}
    assert listed(client, team, casemanager=anna_casemanager.pk) == {"A"}
    assert listed(client, team, casemanager=bram_casemanager_ldh.pk) == {"B"}
    assert listed(client, team, organisation=iriszorg.pk, signal="no_contact") == set()
    assert listed(client, team, organisation=ldh.pk, signal="no_contact") == {"B"}


@pytest.mark.django_db
def test_overview_filtered_on_a_signal_shows_that_signal_on_each_row(
    client, carla_coordinator, team
):
    client.force_login(carla_coordinator)
    response = client.get(reverse("stapteam:client_list"), {"signal": "no_contact"})
    html = response.content.decode()
    assert team["B"].code in html
    assert team["A"].code not in html
    for row in response.context["rows"]:
        assert "no_contact" in [s.code for s in row["signals"]]


@pytest.mark.django_db
def test_signal_filter_and_signal_badges_agree_on_the_fourteenth_day(monkeypatch, anna_casemanager):
    """The overview's filter and the badge on each row must give the same answer. A contact early
    in the morning 14 days ago is not yet 'no contact' by date, but more than 14x24 hours ago."""
    tz = timezone.get_current_timezone()
    now = datetime.datetime(2025, 3, 12, 15, 0, tzinfo=tz)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    today = timezone.localdate()
    assert today == datetime.date(2025, 3, 12)
    c = registered_long_ago(ClientFactory.create(casemanager=anna_casemanager))
    ContactFactory.create(
        client=c,
        author=anna_casemanager,
        occurred_at=datetime.datetime(2025, 2, 26, 0, 5, tzinfo=tz),
    )
    config = CaseloadSettings.current()

    has_signal = "no_contact" in [s.code for s in signals_of(annotated(c), config, today)]
    filtered = filter_by_signal(with_signals(Client.objects.filter(pk=c.pk)), "no_contact")

    assert filtered.exists() == has_signal


@pytest.mark.django_db
def test_casemanager_gets_the_plain_team_list(client, anna_casemanager, bram_casemanager_ldh, team):
    client.force_login(anna_casemanager)
    response = client.get(reverse("stapteam:client_list"), {"signal": "no_contact"})
    assert response.status_code == 200
    assert response.context["overview"] is False
    assert {c.pk for c in response.context["clients"]} == {c.pk for c in team.values()}
    html = response.content.decode()
    # Her own client links to the file; Bram's only to "open with a reason".
    assert f'href="{reverse("stapteam:client_detail", args=[team["A"].pk])}"' in html
    assert f'href="{reverse("stapteam:client_detail", args=[team["B"].pk])}"' not in html
    assert f'href="{reverse("stapteam:client_access", args=[team["B"].pk])}"' in html


# --- Fixed query counts --------------------------------------------------------------------------

_serial = itertools.count()


def busy_client(casemanager: Any, **kwargs: Any) -> Client:
    """A client with a working history: contacts by several people, goals and a ZRM assessment."""
    c = ClientFactory.create(casemanager=casemanager, **kwargs)
    registered_long_ago(c, days=100)
    ContactFactory.create(client=c, author=casemanager, occurred_at=days_ago(next(_serial) % 20))
    ContactFactory.create_batch(2, client=c, occurred_at=days_ago(3))
    ContactFactory.create(client=c, author=casemanager, occurred_at=days_ago(1), no_show=True)
    GoalFactory.create(client=c, target_date=timezone.localdate() - 5 * DAY)
    GoalFactory.create(client=c, status=Goal.Status.ACHIEVED)
    services.record_zrm(
        client=c,
        assessed_on=timezone.localdate() - 40 * DAY,
        moment=ZrmAssessment.Moment.PROGRESS,
        assessor=casemanager,
        scores=[(d, 3, "", 4) for d in DomainSet.default().domains.all()],
    )
    return c


@pytest.mark.django_db
def test_my_caseload_runs_a_fixed_number_of_queries(
    assert_fixed_queries, anna_casemanager, bram_casemanager_ldh, carla_coordinator
):
    busy_client(anna_casemanager)
    handed_over = busy_client(bram_casemanager_ldh)
    services.reassign(
        client=handed_over,
        to_casemanager=anna_casemanager,
        overlap_until=timezone.localdate() + 7 * DAY,
        note="Overdracht",
        by=carla_coordinator,
    )

    def more() -> None:
        for _ in range(10):
            busy_client(anna_casemanager)
        c = busy_client(anna_casemanager)
        services.reassign(
            client=c,
            to_casemanager=bram_casemanager_ldh,
            overlap_until=timezone.localdate() + 7 * DAY,
            note="Overdracht",
            by=carla_coordinator,
        )

    assert_fixed_queries(
        anna_casemanager, reverse("stapteam:my_caseload"), add_more=more, max_queries=12
    )


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["carla_coordinator", "anna_casemanager"])
def test_client_list_runs_a_fixed_number_of_queries(
    request, viewer, assert_fixed_queries, anna_casemanager, bram_casemanager_ldh
):
    busy_client(anna_casemanager)
    busy_client(bram_casemanager_ldh)
    ClientFactory.create(monitoring=True)

    def more() -> None:
        for i in range(10):
            busy_client(anna_casemanager if i % 2 else bram_casemanager_ldh)
        ClientFactory.create_batch(3, monitoring=True)
        ClientFactory.create_batch(2, closed=True)

    assert_fixed_queries(
        request.getfixturevalue(viewer),
        reverse("stapteam:client_list"),
        add_more=more,
        max_queries=16,  # the team overview adds the load per casemanager
    )


@pytest.mark.django_db
def test_client_list_with_filters_runs_a_fixed_number_of_queries(
    assert_fixed_queries, carla_coordinator, anna_casemanager, bram_casemanager_ldh
):
    busy_client(anna_casemanager)

    def more() -> None:
        for _ in range(10):
            busy_client(anna_casemanager)

    url = reverse("stapteam:client_list") + (
        f"?organisation={anna_casemanager.organisation_id}&casemanager={anna_casemanager.pk}"
        "&status=active&signal=goals_overdue"
    )
    # Two of them write the access log's row for the search (her organisation, the insert).
    assert_fixed_queries(carla_coordinator, url, add_more=more, max_queries=20)


@pytest.mark.django_db
def test_client_detail_runs_a_fixed_number_of_queries(
    assert_fixed_queries, anna_casemanager, bram_casemanager_ldh, carla_coordinator
):
    c = busy_client(anna_casemanager)
    Trajectory.objects.create(
        client=c, kind=Trajectory.Kind.ENTRY_HOUSING, started_on=timezone.localdate() - 50 * DAY
    )
    EscalationFactory.create(client=c, raised_by=anna_casemanager)

    def more() -> None:
        ContactFactory.create_batch(15, client=c, occurred_at=days_ago(2))
        ContactFactory.create_batch(5, client=c, author=anna_casemanager, note="Eigen notitie")
        for goal in GoalFactory.create_batch(8, client=c):
            services.update_goal(goal=goal, expected_version=1, changes={"who": "Anna"})
        for i in range(6):
            Trajectory.objects.create(
                client=c,
                kind=Trajectory.Kind.AMBULANT_SUPPORT,
                provider="Terecht",
                started_on=timezone.localdate() - (40 - i) * DAY,
                result="Loopt",
            )
        for i in range(3):
            services.record_zrm(
                client=c,
                assessed_on=timezone.localdate() - (30 - i) * DAY,
                moment=ZrmAssessment.Moment.PROGRESS,
                assessor=anna_casemanager,
                scores=[(d, 2, "", None) for d in DomainSet.default().domains.all()],
            )
        Handover.objects.create(
            client=c,
            from_casemanager=bram_casemanager_ldh,
            to_casemanager=anna_casemanager,
            starts_on=timezone.localdate() - 90 * DAY,
            ends_on=timezone.localdate() - 80 * DAY,
            note="Eerdere overdracht",
            created_by=carla_coordinator,
        )

    # Two of them write the access log's row for the read (her organisation, the insert); two
    # read the closure periods (the file's closure history and the timeline).
    for viewer in (anna_casemanager, carla_coordinator):
        assert_fixed_queries(
            viewer, reverse("stapteam:client_detail", args=[c.pk]), add_more=more, max_queries=30
        )


@pytest.mark.django_db
def test_zrm_overview_runs_a_fixed_number_of_queries(assert_fixed_queries, anna_casemanager):
    c = busy_client(anna_casemanager)

    def more() -> None:
        for i in range(5):
            services.record_zrm(
                client=c,
                assessed_on=timezone.localdate() - (20 - i) * DAY,
                moment=ZrmAssessment.Moment.EVALUATION,
                assessor=anna_casemanager,
                scores=[(d, i % 5 + 1, "", 5) for d in DomainSet.default().domains.all()],
            )

    # Two of them write the access log's row for the read (her organisation, the insert).
    assert_fixed_queries(
        anna_casemanager,
        reverse("stapteam:zrm_overview", args=[c.pk]),
        add_more=more,
        max_queries=15,
    )
