"""`manage.py demo_data` makes one invented account per role, and may run again."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stapteam.management.commands.demo_data import DEMO_ACCOUNTS, DEMO_PASSWORD
from stapteam.models import User
from stapteam.roles import Role


@pytest.mark.django_db
def test_demo_data_is_idempotent_with_one_account_per_role(settings):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("demo_data", stdout=out)
    call_command("demo_data", stdout=StringIO())
    assert User.objects.count() == len(DEMO_ACCOUNTS) == len(Role)
    for username, role, _organisation in DEMO_ACCOUNTS:
        account = User.objects.get(username=username)
        assert account.roles == [role]
        assert account.check_password(DEMO_PASSWORD)
        assert username in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()


@pytest.mark.django_db
def test_demo_data_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("demo_data", stdout=StringIO())
    assert not User.objects.exists()
