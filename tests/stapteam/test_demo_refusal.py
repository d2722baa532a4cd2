"""Demo data is only ever loaded in demo mode."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stapteam.models import Client, User
from stapteam.models.accounts import SYSTEM_USERNAME


def test_demo_data_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("demo_data", stdout=StringIO())
    assert not User.objects.exclude(username=SYSTEM_USERNAME).exists()
    assert not Client.objects.exists()
