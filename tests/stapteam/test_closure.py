"""Closing a file deliberately: closure periods, an explicit outcome, open work, reopening."""

from __future__ import annotations

import datetime
import importlib
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps
from django.urls import reverse
from django.utils import timezone

from stapteam.caseload import services
from stapteam.caseload.timeline import timeline_for
from stapteam.models import Client, Closure, Goal, Handover, RetentionCategory
from stapteam.platform import retention
from tests.budgets.conftest import expense, make_budget
from tests.factories import ClientFactory, ContactFactory, EscalationFactory, GoalFactory
from tests.timeout.conftest import approved_request, year_settings

DAY = datetime.timedelta(days=1)
ROOT = Path(__file__).resolve().parents[2]
# Found by its name, so that renumbering the migrations at a merge keeps the test working.
MIGRATION = next(
    p.stem for p in (ROOT / "stapteam" / "migrations").glob("*_closure_periods_from_clients.py")
)
copy_closures = importlib.import_module(f"stapteam.migrations.{MIGRATION}").copy_closures


def migration_apps() -> StateApps:
    """The models as the data migration sees them (no history of their own, as in migrate)."""
    state = MigrationExecutor(connection).loader.project_state(("stapteam", MIGRATION))
    return state.apps


def close(client: Client, by: object, **fields: object) -> Client:
    values = {
        "closed_on": timezone.localdate(),
        "outcome": Client.Outcome.REGULAR_CARE,
        "outcome_region": "",
        "by": by,
        **fields,
    }
    return services.close_client(client=client, **values)  # type: ignore[arg-type]


def step_one(outcome: str = Client.Outcome.REGULAR_CARE, **fields: str) -> dict[str, str]:
    return {
        "closed_on": timezone.localdate().isoformat(),
        "outcome": outcome,
        "outcome_region": "",
        "reason": "Zorg loopt via het wijkteam",
        **fields,
    }


# --- The service ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_closing_stores_a_closure_period_and_reopening_keeps_its_outcome(
    anna_casemanager, carla_coordinator
):
    c = ClientFactory.create(casemanager=anna_casemanager)
    close(c, anna_casemanager, outcome=Client.Outcome.OTHER_REGION, outcome_region="Arnhem")

    closure = Closure.objects.get(client=c)
    assert (closure.outcome, closure.outcome_region, closure.closed_by) == (
        Client.Outcome.OTHER_REGION,
        "Arnhem",
        anna_casemanager,
    )
    assert closure.is_open

    services.reopen_client(client=c, reason="Terug uit Arnhem", by=carla_coordinator)

    closure.refresh_from_db()
    c.refresh_from_db()
    assert c.outcome == ""  # the client row says what is now
    assert closure.outcome == Client.Outcome.OTHER_REGION  # the period keeps what was
    assert (closure.reopened_on, closure.reopened_by, closure.reopen_reason) == (
        timezone.localdate(),
        carla_coordinator,
        "Terug uit Arnhem",
    )
    assert closure.history.count() == 2  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_the_database_allows_one_open_closure_per_client(anna_casemanager):
    c = ClientFactory.create(closed=True)
    assert c.closures.count() == 1

    with pytest.raises(IntegrityError, match="closure_one_open_per_client"), transaction.atomic():
        Closure.objects.create(client=c, closed_on=timezone.localdate(), outcome="closed")


@pytest.mark.django_db
def test_a_reopening_needs_a_reason_and_a_date_after_the_closure_in_the_database():
    c = ClientFactory.create(closed=True)
    closure = c.closures.get()
    closure.reopened_on = closure.closed_on
    with pytest.raises(IntegrityError, match="closure_reopening_has_reason"), transaction.atomic():
        closure.save()
    closure.reopen_reason = "Weer in beeld"
    closure.reopened_on = closure.closed_on - DAY
    with pytest.raises(IntegrityError, match="closure_reopened_after_closed"), transaction.atomic():
        closure.save()


@pytest.mark.django_db
def test_closing_lapses_the_goals_she_chose_and_keeps_the_others(anna_casemanager):
    c = ClientFactory.create(casemanager=anna_casemanager)
    lapse, keep = GoalFactory.create_batch(2, client=c, created_by=anna_casemanager)
    achieved = GoalFactory.create(client=c, status=Goal.Status.ACHIEVED)

    close(c, anna_casemanager, lapse_goals=[lapse.pk, achieved.pk])

    statuses = dict(Goal.objects.filter(client=c).values_list("pk", "status"))
    assert statuses == {
        lapse.pk: Goal.Status.LAPSED,
        keep.pk: Goal.Status.OPEN,
        achieved.pk: Goal.Status.ACHIEVED,  # only open goals lapse
    }
    latest = lapse.history.order_by("-history_id").first()  # type: ignore[attr-defined]
    assert latest.history_user == anna_casemanager
    assert latest.history_change_reason == "Vervallen bij afsluiten dossier"


@pytest.mark.django_db
def test_closing_a_file_under_monitoring_ends_the_monitoring_period(
    anna_casemanager, carla_coordinator
):
    c = ClientFactory.create(casemanager=anna_casemanager)
    close(c, anna_casemanager, outcome=Client.Outcome.MONITORING)

    with pytest.raises(ValidationError, match="al op monitoring"):
        close(c, anna_casemanager, outcome=Client.Outcome.MONITORING)  # a second tab, say
    close(c, carla_coordinator, outcome=Client.Outcome.CLOSED)

    periods = list(Closure.objects.filter(client=c).order_by("id"))
    assert [p.outcome for p in periods] == [Client.Outcome.MONITORING, Client.Outcome.CLOSED]
    assert periods[0].reopened_on == timezone.localdate()
    assert periods[1].is_open


@pytest.mark.django_db
def test_the_retention_clock_counts_from_the_last_closure(anna_casemanager, carla_coordinator):
    today = timezone.localdate()
    c = ClientFactory.create(casemanager=anna_casemanager)
    category = RetentionCategory.objects.get(code=retention.CARE_FILE)
    long_ago = category.cutoff(today) - 30 * DAY
    close(c, anna_casemanager, closed_on=long_ago)
    assert c.pk in {d.object_id for d in retention._due_care_files(category, today)}

    services.reopen_client(client=c, reason="Weer op de zone", by=carla_coordinator)
    close(c, anna_casemanager, closed_on=today - DAY)

    c.refresh_from_db()
    assert c.closed_on == today - DAY
    assert c.pk not in {d.object_id for d in retention._due_care_files(category, today)}
    assert Closure.objects.filter(client=c).count() == 2


@pytest.mark.django_db
def test_anonymising_a_file_empties_the_closure_reasons(anna_casemanager, carla_coordinator):
    c = ClientFactory.create(casemanager=anna_casemanager)
    close(c, anna_casemanager, reason="Zij verhuist naar haar zus")
    services.reopen_client(client=c, reason="Terug bij haar vriend", by=carla_coordinator)
    close(c, anna_casemanager, reason="Nu echt klaar")

    retention.anonymise_client(retention.Due(c.pk, c.code))

    texts = set(Closure.objects.filter(client=c).values_list("reason", "reopen_reason"))
    assert texts == {("", "[verwijderd]"), ("", "")}
    assert not Closure.history.filter(client_id=c.pk).exists()  # type: ignore[attr-defined]


# --- The data migration ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_data_migration_builds_periods_from_the_client_history(
    anna_casemanager, carla_coordinator
):
    c = ClientFactory.create(casemanager=anna_casemanager)
    close(c, anna_casemanager, closed_on=timezone.localdate() - 10 * DAY)
    services.reopen_client(client=c, reason="Weer in beeld", by=carla_coordinator)
    close(c, anna_casemanager, outcome=Client.Outcome.MONITORING)
    legacy = ClientFactory.create(closed=True)  # closed before the table: no history of closing
    never = ClientFactory.create()
    Closure.objects.all().delete()
    Closure.history.all().delete()  # type: ignore[attr-defined]

    copy_closures(migration_apps(), None)

    first, second = Closure.objects.filter(client=c).order_by("closed_on")
    assert (first.outcome, first.closed_by_id, first.reopen_reason) == (
        Client.Outcome.REGULAR_CARE,
        anna_casemanager.pk,
        "Weer in beeld",
    )
    assert first.reopened_by_id == carla_coordinator.pk
    assert (second.outcome, second.reopened_on) == (Client.Outcome.MONITORING, None)
    only = Closure.objects.get(client=legacy)
    assert (only.closed_on, only.outcome, only.is_open) == (legacy.closed_on, "closed", True)
    assert not Closure.objects.filter(client=never).exists()

    copy_closures(migration_apps(), None)  # running again adds nothing
    assert Closure.objects.count() == 3


# --- The pages ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_close_page_preselects_no_outcome_and_asks_for_one(client, anna_casemanager):
    c = ClientFactory.create(casemanager=anna_casemanager)
    client.force_login(anna_casemanager)
    url = reverse("stapteam:client_close", args=[c.pk])

    page = client.get(url).content.decode()
    assert 'name="outcome"' in page
    assert "checked" not in page

    response = client.post(url, step_one(outcome=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kies een uitkomst." in page
    assert "Zorg loopt via het wijkteam" in page  # what she typed comes back
    c.refresh_from_db()
    assert c.status == Client.Status.ACTIVE


@pytest.mark.django_db
def test_the_confirmation_lists_open_work_and_only_confirming_closes(
    client, anna_casemanager, bram_casemanager_ldh, carla_coordinator
):
    c = ClientFactory.create(casemanager=anna_casemanager)
    goal = GoalFactory.create(client=c, created_by=anna_casemanager, wish="Een eigen kamer")
    EscalationFactory.create(client=c, raised_by=anna_casemanager)
    Handover.objects.create(
        client=c,
        from_casemanager=bram_casemanager_ldh,
        to_casemanager=anna_casemanager,
        starts_on=timezone.localdate() - DAY,
        ends_on=timezone.localdate() + 5 * DAY,
        note="Samen langs bij de Cirkel",
        created_by=carla_coordinator,
    )
    year_settings(year=2030)
    approved_request(client=c, by=anna_casemanager, coordinator=carla_coordinator)
    budget = make_budget(by=carla_coordinator)
    expense(budget, "150.00", by=anna_casemanager, client=c)
    client.force_login(anna_casemanager)
    url = reverse("stapteam:client_close", args=[c.pk])

    response = client.post(url, step_one())

    page = response.content.decode()
    assert "Afsluiten bevestigen" in page
    for text in ("Een eigen kamer", "Opschaling loopt", "Warme overdracht van", "Time-out"):
        assert text in page, text
    assert "wacht op goedkeuring" in page
    c.refresh_from_db()
    assert c.status == Client.Status.ACTIVE  # nothing closed yet

    # Confirming without settling the goal: refused, the choices typed so far come back.
    response = client.post(url, {**step_one(), "confirm": "1"})
    page = response.content.decode()
    assert "Kies per doel: laten vervallen of open laten." in page
    assert "Zorg loopt via het wijkteam" in page
    c.refresh_from_db()
    assert c.status == Client.Status.ACTIVE

    response = client.post(url, {**step_one(), "confirm": "1", f"goal_{goal.pk}": "lapse"})

    assert response.status_code == 302
    c.refresh_from_db()
    goal.refresh_from_db()
    assert (c.status, c.outcome, goal.status) == (
        Client.Status.CLOSED,
        Client.Outcome.REGULAR_CARE,
        Goal.Status.LAPSED,
    )
    assert c.closures.get().reason == "Zorg loopt via het wijkteam"


@pytest.mark.django_db
def test_going_back_from_the_confirmation_keeps_what_she_chose(client, anna_casemanager):
    c = ClientFactory.create(casemanager=anna_casemanager)
    client.force_login(anna_casemanager)
    url = reverse("stapteam:client_close", args=[c.pk])

    response = client.post(url, {**step_one(), "confirm": "1", "back": "1"})

    page = response.content.decode()
    assert "Dossier afsluiten" in page and "Afsluiten bevestigen" not in page
    assert re.search(r'value="regular_care"[^>]*checked', page)
    c.refresh_from_db()
    assert c.status == Client.Status.ACTIVE


@pytest.mark.django_db
def test_a_closed_file_cannot_be_closed_again(client, anna_casemanager):
    c = ClientFactory.create(closed=True, casemanager=anna_casemanager)
    client.force_login(anna_casemanager)
    response = client.post(
        reverse("stapteam:client_close", args=[c.pk]), {**step_one(), "confirm": "1"}
    )
    assert response.status_code in (302, 403, 404)
    assert c.closures.count() == 1


@pytest.mark.django_db
def test_the_timeline_and_the_file_page_show_closure_and_reopening(
    client, anna_casemanager, carla_coordinator
):
    c = ClientFactory.create(casemanager=anna_casemanager)
    close(c, anna_casemanager, outcome=Client.Outcome.OTHER_REGION, outcome_region="Arnhem")
    services.reopen_client(client=c, reason="Terug uit Arnhem", by=carla_coordinator)

    entries = [e for e in timeline_for(c, carla_coordinator) if e.kind == "Dossier"]
    assert [e.title for e in entries] == [
        f"Dossier heropend door {carla_coordinator}",
        f"Dossier afgesloten: Overdracht naar andere regio (Arnhem), door {anna_casemanager}",
    ]
    assert entries[0].detail == "Terug uit Arnhem"

    client.force_login(carla_coordinator)
    page = client.get(reverse("stapteam:client_detail", args=[c.pk])).content.decode()
    assert "Afsluitingen en heropeningen" in page
    assert "Heropend op" in page and "Terug uit Arnhem" in page


@pytest.mark.django_db
def test_the_file_page_costs_the_same_queries_with_more_closures(
    assert_fixed_queries, anna_casemanager, carla_coordinator
):
    c = ClientFactory.create(casemanager=anna_casemanager)
    ContactFactory.create(client=c, author=anna_casemanager)
    close(c, anna_casemanager)
    services.reopen_client(client=c, reason="Weer in beeld", by=carla_coordinator)

    def more() -> None:
        for _i in range(4):
            close(c, anna_casemanager, outcome=Client.Outcome.CLOSED)
            services.reopen_client(client=c, reason="Weer in beeld", by=carla_coordinator)

    assert_fixed_queries(
        carla_coordinator,
        reverse("stapteam:client_detail", args=[c.pk]),
        add_more=more,
        max_queries=30,
    )
