"""Client files: registering with a duplicate check, optimistic locking, one casemanager at a
time (also under real concurrency), warm handover, closure and reopening."""

from __future__ import annotations

import datetime
import re
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from stapteam.caseload import services
from stapteam.models import Assignment, Client, Handover
from stapteam.platform.actor import acting_as
from tests.factories import ClientFactory

# These tests call services directly; their writes are recorded as the system account's.
pytestmark = pytest.mark.usefixtures("as_system")


def form_data(client: Client, **overrides: Any) -> dict[str, Any]:
    """What the client form posts for `client` as it is now, with `overrides`."""
    data: dict[str, Any] = {
        "call_name": client.call_name,
        "full_name": client.full_name,
        "date_of_birth": client.date_of_birth.isoformat() if client.date_of_birth else "",
        "phone": client.phone,
        "residence": client.residence,
        "origin": client.origin,
        "origin_region": client.origin_region,
        "addiction": client.addiction,
        "consent_on": "",
        "consent_scope": client.consent_scope,
        "consent_withdrawn_on": "",
        "version": client.version,
    }
    for flag in ("in_protected_housing", "has_zone_pass", "known_at_cirkel"):
        if getattr(client, flag):
            data[flag] = "on"
    data.update(overrides)
    return data


NEW_CLIENT = {
    "call_name": "Chantall",
    "full_name": "",
    "date_of_birth": "",
    "phone": "",
    "residence": "Dakloos",
    "origin": Client.Origin.NIJMEGEN,
    "origin_region": "",
    "addiction": Client.Addiction.UNKNOWN,
    "consent_on": "",
    "consent_scope": "",
    "consent_withdrawn_on": "",
    "version": "",
}


# --- Registering ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_register_client_gives_consecutive_stap_codes(anna_casemanager):
    first = services.register_client(call_name="Mirjam", origin=Client.Origin.NIJMEGEN)
    second = services.register_client(call_name="Noor", origin=Client.Origin.MO_REGION)

    assert re.fullmatch(r"STAP-\d{4,}", first.code)
    assert re.fullmatch(r"STAP-\d{4,}", second.code)
    assert int(second.code.removeprefix("STAP-")) == int(first.code.removeprefix("STAP-")) + 1
    # Without a casemanager she is only registered; with one she is active and assigned.
    assert first.status == Client.Status.REGISTERED
    assert not Assignment.objects.filter(client=first).exists()


@pytest.mark.django_db
def test_register_client_with_a_casemanager_makes_her_active_and_assigned(
    anna_casemanager, carla_coordinator
):
    registered = services.register_client(
        casemanager=anna_casemanager,
        call_name="Mirjam",
        origin=Client.Origin.NIJMEGEN,
    )
    assert registered.status == Client.Status.ACTIVE
    assignment = Assignment.objects.get(client=registered)
    assert assignment.casemanager == anna_casemanager
    assert assignment.ended_on is None


@pytest.mark.django_db
def test_register_client_refuses_an_empty_roepnaam(anna_casemanager):
    with pytest.raises(ValidationError):
        services.register_client(call_name="", origin=Client.Origin.NIJMEGEN)
    assert not Client.objects.exists()


@pytest.mark.django_db
def test_likely_duplicates_finds_a_similar_roepnaam():
    chantal = ClientFactory.create(call_name="Chantal", full_name="")
    ClientFactory.create(call_name="Petra", full_name="Petra Jansen")

    found = services.likely_duplicates(call_name="Chantall")

    assert found == [chantal]


@pytest.mark.django_db
def test_likely_duplicates_finds_the_same_birth_year():
    same_year = ClientFactory.create(
        call_name="Bo", full_name="", date_of_birth=datetime.date(1991, 3, 14)
    )
    ClientFactory.create(call_name="Fleur", full_name="", date_of_birth=datetime.date(1990, 3, 14))

    found = services.likely_duplicates(call_name="Xandra", date_of_birth=datetime.date(1991, 11, 2))

    assert found == [same_year]


@pytest.mark.django_db
def test_likely_duplicates_finds_the_same_phone_written_differently():
    same_phone = ClientFactory.create(call_name="Bo", full_name="", phone="06-12345678")
    ClientFactory.create(call_name="Fleur", full_name="", phone="06-87654321")

    assert services.likely_duplicates(call_name="Xandra", phone="+31 6 1234 5678") == [same_phone]
    assert services.likely_duplicates(call_name="Xandra", phone="0612345678") == [same_phone]
    assert services.likely_duplicates(call_name="Xandra", phone="(06) 12 34 56 78") == [same_phone]


@pytest.mark.django_db
def test_likely_duplicates_finds_nobody_for_a_new_woman():
    ClientFactory.create(
        call_name="Bo",
        full_name="Bo de Wit",
        phone="06-12345678",
        date_of_birth=datetime.date(1980, 1, 1),
    )
    assert (
        services.likely_duplicates(
            call_name="Xandra",
            full_name="Xandra Mulder",
            phone="06-99887766",
            date_of_birth=datetime.date(1999, 5, 5),
        )
        == []
    )


@pytest.mark.django_db
def test_client_create_view_shows_duplicates_first_and_creates_only_after_confirming(
    client, anna_casemanager
):
    chantal = ClientFactory.create(call_name="Chantal", full_name="")
    client.force_login(anna_casemanager)
    url = reverse("stapteam:client_create")

    response = client.post(url, NEW_CLIENT)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="duplicates"' in html
    assert chantal.code in html
    assert 'name="confirmed" value="1"' in html
    assert response.context["duplicates"] == [chantal]
    assert Client.objects.count() == 1

    response = client.post(url, {**NEW_CLIENT, "confirmed": "1"})

    assert response.status_code == 302
    created = Client.objects.get(call_name="Chantall")
    assert response.url == reverse("stapteam:client_detail", args=[created.pk])
    assert re.fullmatch(r"STAP-\d{4,}", created.code)
    assert created.residence == "Dakloos"
    # A casemanager who registers a client takes her on.
    assert created.status == Client.Status.ACTIVE
    assert Assignment.objects.get(client=created).casemanager == anna_casemanager
    assert Client.objects.count() == 2


@pytest.mark.django_db
def test_client_create_view_without_duplicates_creates_at_once(client, anna_casemanager):
    ClientFactory.create(call_name="Petra", full_name="Petra Jansen")
    client.force_login(anna_casemanager)

    response = client.post(reverse("stapteam:client_create"), NEW_CLIENT)

    assert response.status_code == 302
    assert Client.objects.filter(call_name="Chantall").count() == 1


# --- Two people editing the same file ------------------------------------------------------------


@pytest.mark.django_db
def test_second_edit_from_the_same_version_raises_stale_edit(anna_casemanager, carla_coordinator):
    c = ClientFactory.create(casemanager=anna_casemanager, residence="Dakloos")
    opened_at = c.version

    services.update_client(
        client=c,
        expected_version=opened_at,
        changes={"residence": "Bij een vriendin"},
    )
    with pytest.raises(services.StaleEdit) as stale:
        services.update_client(
            client=c,
            expected_version=opened_at,
            changes={"residence": "Nachtopvang"},
        )

    c.refresh_from_db()
    assert c.residence == "Bij een vriendin"
    assert c.version == opened_at + 1
    labels = [change[0] for change in stale.value.changes]
    assert labels == ["verblijfplaats"]
    _label, old, new, _who = stale.value.changes[0]
    assert (old, new) == ("Dakloos", "Bij een vriendin")


@pytest.mark.django_db
def test_client_edit_view_refuses_the_second_save_and_keeps_the_first(
    client, anna_casemanager, carla_coordinator
):
    c = ClientFactory.create(casemanager=anna_casemanager, residence="Dakloos", phone="")
    url = reverse("stapteam:client_edit", args=[c.pk])
    opened = form_data(c)  # both open the form at the same version

    client.force_login(carla_coordinator)
    first = client.post(url, {**opened, "residence": "Bij een vriendin"})
    assert first.status_code == 302

    client.force_login(anna_casemanager)
    second = client.post(url, {**opened, "phone": "06-55554444"})

    assert second.status_code == 200
    html = second.content.decode()
    assert "Niet opgeslagen: iemand anders" in html
    assert "Bij een vriendin" in html  # she sees what changed
    c.refresh_from_db()
    assert c.residence == "Bij een vriendin"
    assert c.phone == ""
    assert c.version == opened["version"] + 1
    # The form now carries the new version, so her next save can go through.
    assert second.context["form"].initial["version"] == c.version


# --- One casemanager at a time -------------------------------------------------------------------


@pytest.mark.django_db
def test_database_refuses_a_second_open_assignment(anna_casemanager, bram_casemanager_ldh):
    c = ClientFactory.create(casemanager=anna_casemanager)

    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            client=c, casemanager=bram_casemanager_ldh, started_on=timezone.localdate()
        )

    assert Assignment.objects.filter(client=c, ended_on__isnull=True).count() == 1
    # An ended assignment beside the open one is history, and allowed.
    Assignment.objects.create(
        client=c,
        casemanager=bram_casemanager_ldh,
        started_on=timezone.localdate() - datetime.timedelta(days=30),
        ended_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    assert Assignment.objects.filter(client=c).count() == 2


@pytest.mark.django_db
def test_assign_casemanager_refuses_a_client_who_has_one(anna_casemanager, bram_casemanager_ldh):
    c = ClientFactory.create(casemanager=anna_casemanager)
    with pytest.raises(ValidationError, match="heeft al een casemanager"):
        services.assign_casemanager(client=c, casemanager=bram_casemanager_ldh)


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_assigning_at_the_same_moment_make_one_assignment(
    anna_casemanager, bram_casemanager_ldh, carla_coordinator
):
    unassigned = ClientFactory.create(status=Client.Status.REGISTERED)
    start = threading.Barrier(2)
    results: dict[str, Any] = {}

    def assign(casemanager: Any) -> None:
        from django.db import connection

        try:
            start.wait(timeout=10)
            with acting_as(carla_coordinator):
                results[casemanager.username] = services.assign_casemanager(
                    client=unassigned, casemanager=casemanager
                )
        except Exception as error:  # the outcome is what the test checks
            results[casemanager.username] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=assign, args=(person,))
        for person in (anna_casemanager, bram_casemanager_ldh)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)

    successes = [r for r in results.values() if isinstance(r, Assignment)]
    failures = [r for r in results.values() if not isinstance(r, Assignment)]
    assert len(successes) == 1, results
    assert len(failures) == 1, results
    # The loser waited for the winner's lock and got the friendly refusal, not a crash.
    assert isinstance(failures[0], ValidationError), repr(failures[0])
    assert "heeft al een casemanager" in str(failures[0])
    open_assignments = Assignment.objects.filter(client=unassigned, ended_on__isnull=True)
    assert list(open_assignments) == successes
    unassigned.refresh_from_db()
    assert unassigned.status == Client.Status.ACTIVE


# --- Warm handover -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reassign_ends_the_old_assignment_and_records_the_handover(
    anna_casemanager, bram_casemanager_ldh, carla_coordinator
):
    c = ClientFactory.create(casemanager=anna_casemanager)
    old = Assignment.objects.get(client=c)
    today = timezone.localdate()
    until = today + datetime.timedelta(days=14)

    handover = services.reassign(
        client=c,
        to_casemanager=bram_casemanager_ldh,
        overlap_until=until,
        note="  Ze wil liever een man als casemanager.  ",
        by=carla_coordinator,
    )

    old.refresh_from_db()
    assert old.ended_on == today
    new = Assignment.objects.get(client=c, ended_on__isnull=True)
    assert new.casemanager == bram_casemanager_ldh
    assert new.started_on == today
    assert handover == Handover.objects.get(client=c)
    assert handover.from_casemanager == anna_casemanager
    assert handover.to_casemanager == bram_casemanager_ldh
    assert (handover.starts_on, handover.ends_on) == (today, until)
    assert handover.note == "Ze wil liever een man als casemanager."
    assert handover.created_by == carla_coordinator


@pytest.mark.django_db
@pytest.mark.parametrize("note", ["", "   "])
def test_reassign_refuses_an_empty_note(
    note, anna_casemanager, bram_casemanager_ldh, carla_coordinator
):
    c = ClientFactory.create(casemanager=anna_casemanager)

    with pytest.raises(ValidationError, match="Schrijf een overdrachtsnotitie"):
        services.reassign(
            client=c,
            to_casemanager=bram_casemanager_ldh,
            overlap_until=timezone.localdate() + datetime.timedelta(days=14),
            note=note,
            by=carla_coordinator,
        )

    assert not Handover.objects.exists()
    assert Assignment.objects.get(client=c, ended_on__isnull=True).casemanager == anna_casemanager


@pytest.mark.django_db
def test_reassign_view_without_a_note_gives_a_dutch_message_and_changes_nothing(
    client, anna_casemanager, bram_casemanager_ldh, carla_coordinator
):
    c = ClientFactory.create(casemanager=anna_casemanager)
    client.force_login(carla_coordinator)

    response = client.post(
        reverse("stapteam:client_reassign", args=[c.pk]),
        {
            "casemanager": bram_casemanager_ldh.pk,
            "overlap_until": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            "note": "  ",
        },
    )

    assert response.status_code == 200
    assert "Schrijf een overdrachtsnotitie." in response.content.decode()
    assert not Handover.objects.exists()
    assert Assignment.objects.get(client=c, ended_on__isnull=True).casemanager == anna_casemanager


# --- Closure and reopening -----------------------------------------------------------------------


@pytest.mark.django_db
def test_close_client_to_another_region_needs_the_region(anna_casemanager):
    c = ClientFactory.create(casemanager=anna_casemanager)
    today = timezone.localdate()

    with pytest.raises(ValidationError, match="Vul in naar welke regio"):
        services.close_client(
            client=c,
            closed_on=today,
            outcome=Client.Outcome.OTHER_REGION,
            outcome_region="  ",
            by=anna_casemanager,
        )
    c.refresh_from_db()
    assert c.status == Client.Status.ACTIVE

    services.close_client(
        client=c,
        closed_on=today,
        outcome=Client.Outcome.OTHER_REGION,
        outcome_region="Arnhem",
        by=anna_casemanager,
    )
    c.refresh_from_db()
    assert c.status == Client.Status.CLOSED
    assert (c.closed_on, c.outcome, c.outcome_region) == (
        today,
        Client.Outcome.OTHER_REGION,
        "Arnhem",
    )
    # Her casemanager stays on the closed file: she can still read it, and takes it up on reopen.
    assert Client.objects.visible_to(anna_casemanager).filter(pk=c.pk).exists()


@pytest.mark.django_db
def test_close_view_without_region_gives_a_dutch_message(client, anna_casemanager):
    c = ClientFactory.create(casemanager=anna_casemanager)
    client.force_login(anna_casemanager)

    response = client.post(
        reverse("stapteam:client_close", args=[c.pk]),
        {
            "closed_on": timezone.localdate().isoformat(),
            "outcome": Client.Outcome.OTHER_REGION,
            "outcome_region": "",
        },
    )

    assert response.status_code == 200
    assert "Vul in naar welke regio zij gaat." in response.content.decode()
    c.refresh_from_db()
    assert c.status == Client.Status.ACTIVE


@pytest.mark.django_db
def test_coordinator_reopens_a_closed_file_and_the_reason_is_kept_in_history(
    client, carla_coordinator, anna_casemanager
):
    closed = ClientFactory.create(closed=True, casemanager=anna_casemanager)
    client.force_login(carla_coordinator)

    response = client.post(
        reverse("stapteam:client_reopen", args=[closed.pk]),
        {"reason": "Terug uit Arnhem, weer op de zone"},
    )

    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.status == Client.Status.ACTIVE
    assert (closed.closed_on, closed.outcome, closed.outcome_region) == (None, "", "")
    # The closure row keeps what the client row no longer says.
    closure = closed.closures.get()
    assert (closure.outcome, closure.reopened_by) == (Client.Outcome.CLOSED, carla_coordinator)
    latest = closed.history.order_by("-history_id").first()
    assert latest.history_change_reason == "Terug uit Arnhem, weer op de zone"
    assert latest.history_user == carla_coordinator


@pytest.mark.django_db
def test_reopen_needs_a_reason_and_the_coordinator(client, anna_casemanager, carla_coordinator):
    closed = ClientFactory.create(closed=True, casemanager=anna_casemanager)
    url = reverse("stapteam:client_reopen", args=[closed.pk])

    with pytest.raises(ValidationError):
        services.reopen_client(client=closed, reason="  ", by=carla_coordinator)

    client.force_login(anna_casemanager)
    assert client.post(url, {"reason": "Ik wil haar terug"}).status_code == 403

    client.force_login(carla_coordinator)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Geef een reden op." in response.content.decode()

    closed.refresh_from_db()
    assert closed.status == Client.Status.CLOSED


@pytest.mark.django_db
def test_reopened_file_without_a_casemanager_waits_as_registered(carla_coordinator):
    closed = ClientFactory.create(closed=True)
    services.reopen_client(client=closed, reason="Weer in beeld", by=carla_coordinator)
    closed.refresh_from_db()
    assert closed.status == Client.Status.REGISTERED


@pytest.mark.django_db
def test_closing_with_monitoring_hands_her_to_procesregie(anna_casemanager, pim_process_director):
    c = ClientFactory.create(casemanager=anna_casemanager)
    services.close_client(
        client=c,
        closed_on=timezone.localdate(),
        outcome=Client.Outcome.MONITORING,
        outcome_region="",
        by=anna_casemanager,
    )
    c.refresh_from_db()
    assert c.status == Client.Status.MONITORING
    assert Client.objects.visible_to(pim_process_director).filter(pk=c.pk).exists()
