"""Fetch-and-authorise helpers of registrations: the one place a view gets a record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from registrations.models import (
    Advice,
    Decision,
    InboundMail,
    Letter,
    MailAttachment,
    Objection,
    Registration,
    RegistrationRequest,
    SubjectAccessRequest,
)
from stapteam.models import User
from stapteam.platform.access_log import log_fetch, logged_denials

# Every action on the secretariat's records needs the same permission; the action names what the
# view does, so that the access log and a later finer rule can tell them apart.
_HANDLING = {action: "registrations.handle_requests" for action in ("view", "handle", "history")}
_ACCESS_REQUESTS = {
    action: "registrations.handle_subject_access" for action in ("review", "redact", "export")
}
_ADVICE = {"answer": "registrations.give_advice"}


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


def decision_of(request: RegistrationRequest) -> Decision:
    """The decision on a request the user may handle; 404 while there is none."""
    return get_object_or_404(Decision, request=request)


def get_decision_for(user: User, pk: int, *, action: str) -> Decision:
    """A decision, through the request it decides (which is logged as fetched)."""
    _require(user, _HANDLING, action)
    decision = get_object_or_404(Decision.objects.select_related("request"), pk=pk)
    get_request_for(user, decision.request_id, action=action)
    return decision


def get_objection_for(user: User, pk: int, *, action: str) -> Objection:
    """An objection, through the request it is about (which is logged as fetched)."""
    _require(user, _HANDLING, action)
    objection = get_object_or_404(Objection.objects.select_related("decision__request"), pk=pk)
    get_request_for(user, objection.decision.request_id, action=action)
    return objection


def get_letter_for(user: User, pk: int, *, action: str) -> Letter:
    """A sent letter, through the request whose file holds it (which is logged as fetched)."""
    _require(user, _HANDLING, action)
    letter = get_object_or_404(Letter, pk=pk)
    get_request_for(user, letter.request_id, action=action)
    return letter


def get_registration_for(user: User, pk: int, *, action: str) -> Registration:
    """A registration of the register, for the secretariat (to end it)."""
    _require(user, _HANDLING, action)
    return get_object_or_404(
        Registration.objects.select_related("person").only(*REGISTER_FIELDS), pk=pk
    )


# What the register shows of a registration.
REGISTER_FIELDS = (
    "id",
    "pass_number",
    "valid_from",
    "valid_until",
    "ended_on",
    "end_reason",
    "end_note",
    "person__name",
)


def advice_visible_to(user: User) -> QuerySet[Advice]:
    """The advice questions about requests the user sees (the coordinator's advice list)."""
    return Advice.objects.filter(request__in=RegistrationRequest.objects.visible_to(user))


def get_advice_for(user: User, pk: int, *, action: str) -> Advice:
    """An advice question for the coordinator to answer."""
    _require(user, _ADVICE, action)
    return get_object_or_404(
        advice_visible_to(user).select_related("request__person__client", "answered_by"), pk=pk
    )
