"""Time-out requests and stays on stapteam's generic history page (/historie/<kind>/<pk>/)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stapteam.platform.history import HistoryKind, register_history_kind
from timeout import access
from timeout.models import Stay, TimeoutRequest


def register() -> None:
    register_history_kind(
        "timeout-aanvraag",
        HistoryKind(
            model=TimeoutRequest,
            labels={"assessed_by": _("beoordeeld door")},
            fetch=lambda user, pk: access.get_request_for(user, pk, action="history"),
            back_url=lambda obj: reverse("timeout:request_detail", args=[obj.pk]),
        ),
    )
    register_history_kind(
        "verblijf",
        HistoryKind(
            model=Stay,
            labels={
                "request": _("aanvraag"),
                "client": _("cliënt"),
                "bed": _("bed"),
                "placed_by": _("geplaatst door"),
            },
            fetch=lambda user, pk: access.get_stay_for(user, pk, action="history"),
            back_url=lambda obj: reverse("timeout:request_detail", args=[obj.request_id]),
        ),
    )
