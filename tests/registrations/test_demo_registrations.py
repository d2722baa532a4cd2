"""The registrations' demo data: every state, both outcomes, an objection and a stop request."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from registrations.models import Decision, InboundMail, Objection, RegistrationRequest


@pytest.mark.django_db
def test_demo_registrations_cover_every_state_and_run_twice(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    call_command("demo_data", stdout=StringIO())
    counts = (RegistrationRequest.objects.count(), InboundMail.objects.count())
    call_command("demo_data", stdout=StringIO())
    assert (RegistrationRequest.objects.count(), InboundMail.objects.count()) == counts

    statuses = set(RegistrationRequest.objects.values_list("status", flat=True))
    assert statuses == set(RegistrationRequest.Status.values)
    assert set(Decision.objects.values_list("outcome", flat=True)) == {"granted", "refused"}
    assert Objection.objects.count() == 1
    assert RegistrationRequest.objects.filter(kind="stop", status="handled").count() == 1
    assert InboundMail.objects.filter(state=InboundMail.State.NEW).count() >= 4
