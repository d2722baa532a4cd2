"""Fetch-and-authorise helpers of registrations: the one place a view gets a record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from registrations.models import (
    InboundMail,
    MailAttachment,
    RegistrationRequest,
    SubjectAccessRequest,
)
from stapteam.models import User
from stapteam.platform.access_log import log_fetch, logged_denials

# Every action on the secretariat's records needs the same permission; the action names what the
# view does, so that the access log and a later finer rule can tell them apart.
_HANDLING = {"view": "registrations.handle_requests", "handle": "registrations.handle_requests"}
_ACCESS_REQUESTS = {"export": "registrations.handle_subject_access"}


def _require(user: User, actions: dict[str, str], action: str) -> None:
    if not user.has_perm(actions[action]):
        raise PermissionDenied


def get_mail_for(user: User, pk: int, *, action: str) -> InboundMail:
    with logged_denials(
        InboundMail.objects.filter(pk=pk), object_type="inbound_mail", object_id=pk
    ):
        _require(user, _HANDLING, action)
        mail = get_object_or_404(InboundMail, pk=pk)
    log_fetch(user, object_type="inbound_mail", object_id=pk)
    return mail


def get_attachment_for(user: User, pk: int, *, action: str) -> MailAttachment:
    with logged_denials(
        MailAttachment.objects.filter(pk=pk), object_type="mail_attachment", object_id=pk
    ):
        _require(user, _HANDLING, action)
        attachment = get_object_or_404(MailAttachment.objects.select_related("mail"), pk=pk)
    log_fetch(user, object_type="mail_attachment", object_id=pk)
    return attachment


def get_request_for(user: User, pk: int, *, action: str) -> RegistrationRequest:
    """A request for the secretariat's own handling (the coordinator works through advice)."""
    with logged_denials(
        RegistrationRequest.objects.filter(pk=pk), object_type="registration_request", object_id=pk
    ):
        _require(user, _HANDLING, action)
        obj = get_object_or_404(
            RegistrationRequest.objects.visible_to(user).select_related("person", "owner"), pk=pk
        )
    # Registration data is kept apart from the care file: no client in this log row.
    log_fetch(user, object_type="registration_request", object_id=pk)
    return obj


def get_access_request_for(user: User, pk: int, *, action: str) -> SubjectAccessRequest:
    """A registration subject-access request, for the secretariat who handles them."""
    _require(user, _ACCESS_REQUESTS, action)
    return get_object_or_404(SubjectAccessRequest.objects.select_related("person"), pk=pk)
