"""generate_scale_data makes the S size within every rule of the database, once, in demo mode."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from budgets.models import Budget, LedgerEntry
from registrations.models import Decision, Registration, RegistrationRequest
from stapteam.models import AccessLogEntry, Assignment, Client, Closure, Contact
from stapteam.scale_data import SIZES
from timeout.models import Stay, YearSettings

SIZE = SIZES["S"]


@pytest.fixture
def scale_data(settings, anna_casemanager, carla_coordinator) -> None:
    settings.DEMO_MODE = True
    call_command("generate_scale_data", "--size", "S", stdout=StringIO())


@pytest.mark.django_db
def test_the_sizes_are_made(scale_data) -> None:
    assert Client.objects.count() == SIZE.clients
    assert Contact.objects.count() == SIZE.contacts
    assert LedgerEntry.objects.count() == SIZE.ledger_entries
    assert RegistrationRequest.objects.count() == SIZE.registration_requests
    assert AccessLogEntry.objects.count() == SIZE.clients * SIZE.reads_per_client
    closed = Client.objects.filter(status=Client.Status.CLOSED).count()
    assert 0.55 * SIZE.clients < closed < 0.85 * SIZE.clients
    assert Closure.objects.filter(reopened_on__isnull=True).count() == closed
    assert Registration.objects.count() == Decision.objects.filter(outcome="granted").count() > 0
    assert Budget.objects.count() == 10


@pytest.mark.django_db
def test_time_out_stays_keep_to_each_years_maximum(scale_data) -> None:
    assert 0 < Stay.objects.count() <= SIZE.stays
    for year in YearSettings.objects.all():
        assert Stay.objects.filter(cap_year=year.year).count() <= year.max_stays


@pytest.mark.django_db
def test_every_inserted_record_has_its_history_row(scale_data) -> None:
    assert Client.history.filter(history_type="+").count() == SIZE.clients
    assert Assignment.history.count() == Assignment.objects.count()
    assert Contact.history.count() == SIZE.contacts
    assert LedgerEntry.history.count() == SIZE.ledger_entries
    assert not Contact.history.filter(history_user__isnull=True).exists()
    assert Decision.history.count() == Decision.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registrations_historicaldecision_grounds")
        assert cursor.fetchone()[0] == Decision.grounds.through.objects.count() > 0


@pytest.mark.django_db
def test_the_kept_budget_sums_match_the_ledger(scale_data) -> None:
    out = StringIO()
    call_command("reconcile_budgets", stdout=out)
    assert "kloppen met het grootboek" in out.getvalue()


@pytest.mark.django_db
def test_the_client_list_and_a_file_open_for_casemanager_and_coordinator(
    scale_data, client, anna_casemanager, carla_coordinator
) -> None:
    hers = Client.objects.filter(
        assignments__casemanager=anna_casemanager, assignments__ended_on__isnull=True
    ).first()
    assert hers is not None, "the existing casemanager got files too"
    for user in (anna_casemanager, carla_coordinator):
        client.force_login(user)
        assert client.get(reverse("stapteam:client_list")).status_code == 200
        assert client.get(reverse("stapteam:client_detail", args=[hers.pk])).status_code == 200


@pytest.mark.django_db
def test_a_second_run_is_refused(scale_data) -> None:
    with pytest.raises(CommandError, match="already here"):
        call_command("generate_scale_data", "--size", "S", stdout=StringIO())
    assert Client.objects.count() == SIZE.clients


@pytest.mark.django_db
def test_it_refuses_outside_demo_mode(settings) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("generate_scale_data", "--size", "XS", stdout=StringIO())
    assert not Client.objects.exists()
