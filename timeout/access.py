"""Fetch-and-authorise for time-out: the one place a view gets a request or stay it may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from stapteam.models import Client, User
from stapteam.platform.access_log import log_fetch, logged_denials
from timeout.models import Stay, TimeoutRequest

_REQUEST_ACTIONS = {
    "view": "timeout.view_timeoutrequest",
    "withdraw": "timeout.view_timeoutrequest",  # and she submitted it, or she assesses
    "assess": "timeout.assess_timeout",
    "place": "timeout.assess_timeout",
    "history": "timeout.view_timeoutrequest",
}
_STAY_ACTIONS = {
    "end": "timeout.assess_timeout",
    "extend": "timeout.assess_timeout",
    "history": "timeout.view_timeoutrequest",
}


def may_withdraw(user: User, obj: TimeoutRequest) -> bool:
    return obj.submitted_by_id == user.pk or user.has_perm("timeout.assess_timeout")


def may_open_file(user: User, obj: TimeoutRequest) -> bool:
    """Whether the request's page links to the client's file: she opens files and sees hers."""
    return (
        user.has_perm("stapteam.view_client")
        and Client.objects.visible_to(user).filter(pk=obj.client_id).exists()
    )


def get_request_for(user: User, pk: int, *, action: str) -> TimeoutRequest:
    """The request pk if `user` may perform `action` on it; 404 if unseen, 403 if not allowed."""
    with logged_denials(
        TimeoutRequest.objects.filter(pk=pk),
        object_type="timeout_request",
        object_id=pk,
        client_field="client_id",
    ):
        if not user.has_perm(_REQUEST_ACTIONS[action]):
            raise PermissionDenied
        obj = get_object_or_404(
            TimeoutRequest.objects.visible_to(user).select_related(
                "client", "submitted_by", "assessed_by", "stay__bed__location", "stay__placed_by"
            ),
            pk=pk,
        )
        if action == "withdraw" and not may_withdraw(user, obj):
            raise PermissionDenied
    log_fetch(user, object_type="timeout_request", object_id=pk, client=obj.client_id)
    return obj


def get_stay_for(user: User, pk: int, *, action: str) -> Stay:
    with logged_denials(
        Stay.objects.filter(pk=pk), object_type="stay", object_id=pk, client_field="client_id"
    ):
        if not user.has_perm(_STAY_ACTIONS[action]):
            raise PermissionDenied
        stay = get_object_or_404(
            Stay.objects.filter(request__in=TimeoutRequest.objects.visible_to(user)), pk=pk
        )
    log_fetch(user, object_type="stay", object_id=pk, client=stay.client_id)
    return stay
