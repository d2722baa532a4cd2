"""Fetch-and-authorise helpers: the one place a view gets a record it may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stapteam.models import Client, Contact, Escalation, Goal, SubjectAccessRequest, User
from stapteam.platform.access_log import log_fetch, logged_denials
from stapteam.platform.roles import Role, has_role


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind login: request.user is a real User."""

    user: User  # type: ignore[assignment]


_ACCOUNT_ACTIONS = {
    "view": "stapteam.view_user",
    "history": "stapteam.view_user",
    "change": "stapteam.change_user",
}


def get_account_for(user: User, pk: int, *, action: str) -> User:
    """The account pk if `user` may perform `action` on it; 404 if unseen, 403 if not allowed."""
    account = get_object_or_404(User.objects.visible_to(user), pk=pk)
    if not user.has_perm(_ACCOUNT_ACTIONS[action]):
        raise PermissionDenied
    if action == "change" and account.is_superuser and not user.is_superuser:
        raise PermissionDenied
    return account


def get_log_user_for(user: User, pk: int) -> User:
    """Any account, for one who may read the access log: she must see whose access it was."""
    if not user.has_perm("stapteam.view_access_log"):
        raise PermissionDenied
    return get_object_or_404(User.objects.select_related("organisation"), pk=pk)


# --- Client files --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileScope:
    """Which parts of a client file a user sees. Contacts are further narrowed by
    Contact.objects.visible_to and Contact.note_visible_to."""

    personal: bool  # full name, date of birth, phone, residence, consent
    contacts: bool
    plan: bool  # goals
    zrm: bool
    trajectories: bool
    escalations: bool
    edit: bool  # change the file, log contacts, plan, score, escalate


def file_scope(user: User, client: Client) -> FileScope:
    if has_role(user, Role.COORDINATOR, Role.CASEMANAGER):
        return FileScope(True, True, True, True, True, True, edit=not client.is_closed)
    if has_role(user, Role.PROCESS_DIRECTOR):
        # Personal details reach procesregie only with her recorded, unwithdrawn consent.
        return FileScope(client.has_consent, True, True, True, True, True, edit=False)
    if has_role(user, Role.PEER_WORKER):
        return FileScope(False, True, True, False, False, False, edit=False)
    return FileScope(False, False, False, False, False, False, edit=False)


# Which permission each action on a client needs; visibility is always Client.visible_to.
_CLIENT_ACTIONS = {
    "view": "stapteam.view_client",
    "history": "stapteam.change_client",
    "change": "stapteam.change_client",
    "contact": "stapteam.add_contact",
    "goal": "stapteam.add_goal",
    "zrm": "stapteam.add_zrmassessment",
    "trajectory": "stapteam.add_trajectory",
    "escalate": "stapteam.add_escalation",
    "close": "stapteam.close_client",
    "reopen": "stapteam.reopen_client",
    "assign": "stapteam.assign_client",
}


def get_client_for(user: User, pk: int, *, action: str) -> Client:
    """The client pk if `user` may perform `action` on her file; 404 if unseen, 403 if not.
    Every call is written to the access log, a refusal too (see stapteam/audit.py)."""
    with logged_denials(
        Client.objects.filter(pk=pk), object_type="client", object_id=pk, client_field="pk"
    ):
        if not user.has_perm(_CLIENT_ACTIONS[action]):
            raise PermissionDenied
        client = get_object_or_404(Client.objects.visible_to(user), pk=pk)
    log_fetch(user, object_type="client", object_id=pk, client=client)
    return client


def get_contact_for(user: User, pk: int, *, action: str) -> Contact:
    """A contact of a client file; logged like the file itself."""
    with logged_denials(
        Contact.objects.filter(pk=pk), object_type="contact", object_id=pk, client_field="client_id"
    ):
        contact = get_object_or_404(
            Contact.objects.visible_to(user).select_related("client", "author"), pk=pk
        )
        if action == "correct" and not contact.correctable_by(user):
            raise PermissionDenied
    log_fetch(user, object_type="contact", object_id=pk, client=contact.client_id)
    return contact


def get_goal_for(user: User, pk: int, *, action: str) -> Goal:
    """A goal of a client's plan; logged like the file itself."""
    with logged_denials(
        Goal.objects.filter(pk=pk), object_type="goal", object_id=pk, client_field="client_id"
    ):
        if not user.has_perm("stapteam.change_goal"):
            raise PermissionDenied
        clients = Client.objects.visible_to(user)
        goal = get_object_or_404(
            Goal.objects.filter(client__in=clients).select_related("client", "domain"), pk=pk
        )
    log_fetch(user, object_type="goal", object_id=pk, client=goal.client_id)
    return goal


def get_escalation_for(user: User, pk: int, *, action: str) -> Escalation:
    """An escalation for procesregie; logged like the client file it belongs to."""
    with logged_denials(
        Escalation.objects.filter(pk=pk),
        object_type="escalation",
        object_id=pk,
        client_field="client_id",
    ):
        if not user.has_perm("stapteam.handle_escalation"):
            raise PermissionDenied
        escalation = get_object_or_404(
            Escalation.objects.filter(client__in=Client.objects.visible_to(user)).select_related(
                "client", "raised_by"
            ),
            pk=pk,
        )
    log_fetch(user, object_type="escalation", object_id=pk, client=escalation.client_id)
    return escalation


def get_access_request_for(user: User, pk: int) -> SubjectAccessRequest:
    """A care subject-access request, for the coordinator who handles them."""
    if not user.has_perm("stapteam.handle_subject_access"):
        raise PermissionDenied
    return get_object_or_404(
        SubjectAccessRequest.objects.filter(
            client__in=Client.objects.visible_to(user)
        ).select_related("client"),
        pk=pk,
    )
