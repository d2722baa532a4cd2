"""What time-out holds about a client, for her subject-access export (AVG art. 15)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from stapteam.models import Client
from stapteam.platform.subject_access import (
    Section,
    history_section,
    register_care_export_provider,
    section,
)
from timeout.models import Stay, TimeoutRequest


def timeout_sections(client: Client) -> list[Section]:
    return [
        section(_("Time-outaanvragen"), TimeoutRequest.objects.filter(client=client)),
        section(_("Time-outverblijven"), Stay.objects.filter(client=client)),
        history_section(_("Geschiedenis: time-outaanvragen"), TimeoutRequest, client_id=client.pk),
        history_section(_("Geschiedenis: time-outverblijven"), Stay, client_id=client.pk),
    ]


def register() -> None:
    register_care_export_provider(timeout_sections)
