"""What time-out holds about a client, for her subject-access export (AVG art. 15), with the
Dutch label of every exported field."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from stapteam.models import Client
from stapteam.platform.care_export import HERSELF, register_care_export_provider
from stapteam.platform.subject_access import Section, Shown, describe, history_section, section
from timeout.models import Stay, TimeoutRequest

describe(
    TimeoutRequest,
    {
        "submitted_by": _lazy("aangevraagd door"),
        "submitted_at": _lazy("aangevraagd op"),
        "reason": _lazy("reden"),
        "wished_start": _lazy("gewenste startdatum"),
        "expected_days": _lazy("verwachte duur (dagen)"),
        "status": _lazy("status"),
        "assessed_by": _lazy("beoordeeld door"),
        "assessed_at": _lazy("beoordeeld op"),
        "assessment_note": _lazy("toelichting bij de beoordeling"),
    },
    excluded={"client": HERSELF},
    notes=["assessment_note"],
)
describe(
    Stay,
    {
        "request": Shown(_lazy("aanvraag van"), lambda r: r.submitted_at),
        "bed": _lazy("bed"),
        "start": _lazy("begindatum"),
        "planned_end": _lazy("geplande einddatum"),
        "actual_end": _lazy("werkelijke einddatum"),
        "end_kind": _lazy("hoe het verblijf eindigde"),
        "end_reason": _lazy("reden van het einde"),
        "cap_year": _lazy("telt mee in het jaar"),
        "override_reason": _lazy("reden om van het maximum af te wijken"),
        "afterwards_reason": _lazy("reden waarom het verblijf achteraf is geregistreerd"),
        "placed_by": _lazy("geplaatst door"),
    },
    excluded={"client": HERSELF},
    notes=["end_reason", "override_reason", "afterwards_reason"],
    prefetch=["bed__location"],
)


def timeout_sections(client: Client) -> list[Section]:
    return [
        section(_("Time-outaanvragen"), TimeoutRequest.objects.filter(client=client)),
        section(_("Time-outverblijven"), Stay.objects.filter(client=client)),
        history_section(_("Geschiedenis: time-outaanvragen"), TimeoutRequest, client_id=client.pk),
        history_section(_("Geschiedenis: time-outverblijven"), Stay, client_id=client.pk),
    ]


def register() -> None:
    register_care_export_provider(timeout_sections)
