"""Time-out notifications: a request for the coordinator, her decision for the requester."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from stapteam.models.notifications import Notification
from stapteam.platform.formats import day_date
from stapteam.platform.notifications import (
    NotificationKind,
    Shown,
    notify,
    register_kind,
    resolve,
    users_with_role,
)
from stapteam.platform.roles import Role
from timeout.models import TimeoutRequest

REQUESTED = "timeout_requested"
DECIDED = "timeout_decided"


def _link(r: TimeoutRequest) -> str:
    return reverse("timeout:request_detail", args=[r.pk])


def _requested(r: TimeoutRequest, n: Notification) -> Shown:
    return Shown(
        _("Nieuwe time-out-aanvraag, gewenste start %(day)s.") % {"day": day_date(r.wished_start)},
        _link(r),
    )


def _decided(r: TimeoutRequest, n: Notification) -> Shown:
    if r.status == TimeoutRequest.Status.REFUSED:
        text = _("Je time-out-aanvraag is afgewezen.")
    else:
        text = _("Je time-out-aanvraag is goedgekeurd.")
    return Shown(text, _link(r))


def submitted(request: TimeoutRequest) -> None:
    notify(REQUESTED, request, users_with_role(Role.COORDINATOR))


def decided(request: TimeoutRequest) -> None:
    resolve(REQUESTED, request)
    notify(DECIDED, request, [request.submitted_by])


def withdrawn(request: TimeoutRequest) -> None:
    resolve(REQUESTED, request)


def register() -> None:
    register_kind(
        NotificationKind(
            REQUESTED,
            _lazy("Nieuwe time-out-aanvraag"),
            frozenset({Role.COORDINATOR}),
            _requested,
        )
    )
    register_kind(
        NotificationKind(
            DECIDED,
            _lazy("Besluit over je time-out-aanvraag"),
            frozenset({Role.CASEMANAGER, Role.COORDINATOR, Role.CIRKEL_STAFF}),
            _decided,
        )
    )
