"""The registrations' demo data: every state, both outcomes, an objection and a stop request."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from registrations import letter_pdf
from registrations.models import (
    Decision,
    InboundMail,
    Letter,
    Objection,
    RegistrationRequest,
    TermSuspension,
)


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


@pytest.mark.django_db
def test_demo_sends_a_decision_letter_and_a_request_to_complete_with_libreoffice(
    settings, tmp_path
):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert "1 verzonden besluitbrief (PDF) en 1 lopende opschorting" in out.getvalue()
    letter = Letter.objects.get(kind="granted")
    with letter.pdf.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")
    assert Decision.objects.get(request=letter.request).notified_on == letter.sent_on
    suspension = TermSuspension.objects.get(ends_on__isnull=True)
    assert Letter.objects.filter(kind="completion", request=suspension.request).exists()
    assert suspension.restore_until > timezone.localdate()


@pytest.mark.django_db
def test_demo_without_libreoffice_sends_no_letters_and_says_so(settings, tmp_path, monkeypatch):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(letter_pdf, "available", lambda: False)
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert "geen verzonden brieven: LibreOffice ontbreekt (make libreoffice)" in out.getvalue()
    assert not Letter.objects.exists()
    assert not TermSuspension.objects.exists()
    assert Decision.objects.filter(notified_on__isnull=False).count() == 4
