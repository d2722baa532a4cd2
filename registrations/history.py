"""Registration records on stapteam's generic history page (/historie/<kind>/<pk>/)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registrations import access
from registrations.models import Decision, Objection, RegistrationRequest
from stapteam.platform.history import HistoryKind, register_history_kind


def _request_page(request_id: int) -> str:
    return reverse("registrations:request_detail", args=[request_id])


def register() -> None:
    register_history_kind(
        "aanvraag",
        HistoryKind(
            model=RegistrationRequest,
            labels={"created_at": _("aangemaakt op")},
            fetch=lambda user, pk: access.get_request_for(user, pk, action="history"),
            back_url=lambda obj: _request_page(obj.pk),
        ),
    )
    register_history_kind(
        "besluit",
        HistoryKind(
            model=Decision,
            labels={"request": _("aanvraag"), "decided_by": _("besloten door")},
            fetch=lambda user, pk: access.get_decision_for(user, pk, action="history"),
            back_url=lambda obj: _request_page(obj.request_id),
        ),
    )
    register_history_kind(
        "bezwaar",
        HistoryKind(
            model=Objection,
            labels={"decision": _("besluit"), "entered_by": _("vastgelegd door")},
            fetch=lambda user, pk: access.get_objection_for(user, pk, action="history"),
            back_url=lambda obj: _objection_page(obj),
        ),
    )


def _objection_page(objection: Any) -> str:
    return _request_page(objection.decision.request_id)
