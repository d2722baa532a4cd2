"""History names who acted: requests, commands (the system account or --by) and services."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse

from stapteam.caseload import services
from stapteam.models import Organisation, User
from stapteam.models.accounts import SYSTEM_USERNAME
from stapteam.platform.actor import acting_as, current_actor
from tests import history_check
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_the_check_sees_a_write_without_author() -> None:
    # Organisation.save() runs in Django's code; the nearest project frame is this test, so a
    # plain create is scaffolding. A service writing it is not.
    with history_check.unnamed_history_writes() as unnamed:
        Organisation.objects.create(name="Steigerwerk")
        client = ClientFactory.create()
        services.set_client_legal_hold(client=client, reason="Klacht loopt")
    assert unnamed and all(u.startswith("stapteam.HistoricalClient (") for u in unnamed)
    assert "stapteam/caseload/services.py:" in unnamed[0]


def test_acting_as_names_the_author_and_ends_with_the_block(anna_casemanager) -> None:
    client = ClientFactory.create()
    with acting_as(anna_casemanager):
        services.set_client_legal_hold(client=client, reason="Klacht loopt")
        assert current_actor() == anna_casemanager
    assert current_actor() is None
    assert client.history.latest().history_user == anna_casemanager


def test_the_system_account_is_login_less_and_authors_its_own_creation() -> None:
    system = User.objects.system_account()
    assert system.username == SYSTEM_USERNAME
    assert not system.is_active and not system.has_usable_password()
    assert system.organisation is None and not system.is_superuser and not system.groups.exists()
    assert system.history.earliest().history_user == system


def test_no_command_acts_through_a_system_account_that_became_a_login() -> None:
    system = User.objects.system_account()
    # The database refuses to make it active (user_has_organisation); a password it can refuse not.
    User.objects.filter(pk=system.pk).update(password=make_password("raadmaar-2026"))
    with pytest.raises(ImproperlyConfigured):
        User.objects.system_account()


def test_a_persons_decision_needs_by_and_changes_nothing_without_it() -> None:
    client = ClientFactory.create(closed=True)
    with pytest.raises(CommandError, match="--by"):
        call_command("legal_hold", client.code, "--reason=Klacht loopt", stdout=StringIO())
    client.refresh_from_db()
    assert not client.legal_hold


def test_a_command_acts_as_the_account_given_with_by(fenna_functional_admin) -> None:
    client = ClientFactory.create(closed=True)
    call_command("legal_hold", client.code, "--reason=Klacht", "--by", "fenna", stdout=StringIO())
    assert client.history.latest().history_user == fenna_functional_admin

    with pytest.raises(CommandError, match="Onbekend account"):
        call_command("legal_hold", client.code, "--lift", "--by", "niemand", stdout=StringIO())


def test_the_system_account_is_made_once_and_is_not_listed(fenna_functional_admin) -> None:
    User.objects.system_account()
    assert User.objects.system_account() == User.objects.get(username=SYSTEM_USERNAME)
    assert (
        not User.objects.visible_to(fenna_functional_admin)
        .filter(username=SYSTEM_USERNAME)
        .exists()
    )


def test_a_request_names_its_user_even_inside_another_actor(
    client, as_system, carla_coordinator
) -> None:
    closed = ClientFactory.create(closed=True)
    client.force_login(carla_coordinator)
    client.post(reverse("stapteam:client_reopen", args=[closed.pk]), {"reason": "Terug"})
    assert closed.history.latest().history_user == carla_coordinator
