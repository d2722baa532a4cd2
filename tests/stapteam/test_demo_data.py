"""`manage.py demo_data`: invented accounts for every role and a caseload; it may run again."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from stapteam.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from stapteam.models import (
    Assignment,
    Client,
    Contact,
    Escalation,
    Goal,
    Handover,
    PeerLink,
    Trajectory,
    User,
    ZrmAssessment,
    ZrmScore,
)
from stapteam.models.accounts import SYSTEM_USERNAME
from stapteam.platform.roles import Role
from tests.reference_data import restore_reference_data
from tests.test_date_bounds import stored_out_of_bounds

COUNTED = [
    User,
    Client,
    Assignment,
    Handover,
    PeerLink,
    Contact,
    Goal,
    ZrmAssessment,
    ZrmScore,
    Trajectory,
    Escalation,
]


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


@pytest.fixture(scope="module")
def demo_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The demo data, built once for this module's tests inside a transaction that is rolled
    back after them (each test runs in a savepoint within it); the command's output."""
    with django_db_blocker.unblock(), override_settings(DEMO_MODE=True), transaction.atomic():
        restore_reference_data()
        out = StringIO()
        call_command("demo_data", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_once: str, db: None, settings: Any) -> str:
    settings.DEMO_MODE = True
    return demo_once


def test_demo_data_is_idempotent_with_accounts_for_every_role(demo):
    before = counts()
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert counts() == before
    assert User.objects.exclude(username=SYSTEM_USERNAME).count() == len(DEMO_ACCOUNTS)
    assert {role for _username, role, _organisation in DEMO_ACCOUNTS} == set(Role)
    for username, role, organisation in DEMO_ACCOUNTS:
        account = User.objects.get(username=username)
        assert account.roles == [role]
        assert account.organisation.name == organisation
        assert account.check_password(DEMO_PASSWORD)
        assert not account.is_staff  # the Django admin is the superuser's only
        assert username in demo
        assert username in out.getvalue()
    assert DEMO_PASSWORD in demo
    assert "Demo-caseload: 20 cliënten" in demo


def test_demo_data_keeps_every_date_within_its_bound(demo):
    assert stored_out_of_bounds() == []


def test_demo_caseload_covers_every_outcome_and_category(demo):
    assert Client.objects.count() >= 18
    # Every outcome once; "monitoring door procesregie" leaves her in status monitoring.
    ended = Client.objects.filter(closed_on__isnull=False)
    assert set(ended.values_list("outcome", flat=True)) == set(Client.Outcome.values)
    assert ended.get(outcome=Client.Outcome.OTHER_REGION).outcome_region == "Arnhem"
    assert ended.get(outcome=Client.Outcome.MONITORING).status == Client.Status.MONITORING
    assert Client.objects.filter(status=Client.Status.MONITORING).count() == 3
    for field, value in [
        ("origin", Client.Origin.NIJMEGEN),
        ("origin", Client.Origin.MO_REGION),
        ("origin", Client.Origin.ELSEWHERE),
        ("addiction", Client.Addiction.YES),
        ("addiction", Client.Addiction.NO),
        ("addiction", Client.Addiction.UNKNOWN),
        ("in_protected_housing", True),
        ("has_zone_pass", True),
        ("known_at_cirkel", True),
    ]:
        assert Client.objects.filter(**{field: value}).exists(), (field, value)
    assert not Client.objects.filter(origin=Client.Origin.ELSEWHERE, origin_region="").exists()
    with_consent = Client.objects.filter(consent_on__isnull=False).count()
    assert with_consent > Client.objects.count() / 2


def test_demo_casemanager_has_a_rich_caseload_with_a_running_handover(demo):
    today = timezone.localdate()
    casemanager = User.objects.get(username="casemanager")
    mine = Assignment.objects.filter(casemanager=casemanager, ended_on__isnull=True)
    assert mine.count() >= 5
    handover = Handover.objects.get(ends_on__gte=today)
    assert handover.from_casemanager.username == "casemanager2"
    assert handover.to_casemanager == casemanager
    assert (handover.ends_on - today).days == 10
    for username in ("casemanager2", "casemanager_ldh"):
        assert Assignment.objects.filter(
            casemanager__username=username, ended_on__isnull=True
        ).exists()


def test_demo_peer_worker_is_linked_to_four_clients_and_writes_contacts(demo):
    peer_worker = User.objects.get(username="ervaringsdeskundige")
    assert PeerLink.objects.filter(peer_worker=peer_worker, ended_on__isnull=True).count() == 4
    assert Contact.objects.filter(author=peer_worker).exists()
    assert (
        not Contact.objects.filter(author=peer_worker)
        .exclude(client__peer_links__peer_worker=peer_worker)
        .exists()
    )


def test_demo_contacts_plans_and_signals(demo):
    now = timezone.now()
    today = timezone.localdate()
    assert not Contact.objects.filter(occurred_at__gt=now).exists()
    assert Contact.objects.filter(no_show=True).exists()
    assert Contact.objects.filter(partner__isnull=False).exists()
    assert Contact.objects.filter(occurred_at__lt=now - datetime.timedelta(days=100)).exists()
    assert not ZrmAssessment.objects.filter(assessed_on__gt=today).exists()
    assert ZrmScore.objects.filter(score__isnull=True).exclude(not_scored_reason="").exists()
    assert ZrmScore.objects.filter(target_score__isnull=False).exists()
    assert Goal.objects.filter(status=Goal.Status.OPEN, target_date__lt=today).exists()
    assert set(Goal.objects.values_list("status", flat=True)) == set(Goal.Status.values)
    for active in Client.objects.filter(status=Client.Status.ACTIVE).exclude(assignments=None):
        assert 1 <= active.zrm_assessments.count() <= 3, active
        assert active.goals.exists(), active
    assert {
        t.provider for t in Trajectory.objects.filter(kind=Trajectory.Kind.AMBULANT_SUPPORT)
    } >= {
        "Terecht",
        "Levenskracht",
    }
    # One active client without contact for 30 days: a signal on her casemanager's caseload.
    quiet = [
        client
        for client in Client.objects.filter(status=Client.Status.ACTIVE)
        if (last := client.contacts.filter(no_show=False).first()) is not None
        and (today - timezone.localdate(last.occurred_at)).days == 30
    ]
    assert len(quiet) == 1


def test_demo_has_two_open_escalations_one_acknowledged_one_overdue(demo):
    open_escalations = Escalation.objects.filter(closed_at__isnull=True)
    assert open_escalations.count() == 2
    acknowledged = open_escalations.get(acknowledged_at__isnull=False)
    assert acknowledged.actions.exists()
    assert not acknowledged.is_overdue()
    waiting = open_escalations.get(acknowledged_at__isnull=True)
    assert waiting.is_overdue()


def test_demo_history_names_the_system_account_that_loaded_it(demo):
    authors = set(Client.history.values_list("history_user__username", flat=True))
    assert authors == {SYSTEM_USERNAME}
