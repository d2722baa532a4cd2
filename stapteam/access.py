"""Fetch-and-authorise helpers: the one place a view gets a record it may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django_htmx.middleware import HtmxDetails

from stapteam.caseload.stagnation import with_signals
from stapteam.models import (
    Client,
    Contact,
    Escalation,
    Goal,
    ReportSnapshot,
    SubjectAccessRequest,
    Trajectory,
    User,
    ZrmAssessment,
)
from stapteam.platform.access_log import log_fetch, logged_denials
from stapteam.platform.roles import file_scope


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind login: request.user is a real User."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails


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


def get_log_user_for(user: User, pk: int, *, action: str) -> User:
    """Any account, for one who may read the access log: she must see whose access it was."""
    if action != "access_log" or not user.has_perm("stapteam.view_access_log"):
        raise PermissionDenied
    return get_object_or_404(User.objects.select_related("organisation"), pk=pk)


# --- Client files --------------------------------------------------------------------------------


# Which permission each action on a client needs; visibility is always Client.visible_to.
_CLIENT_ACTIONS = {
    "view": "stapteam.view_client",
    "file": "stapteam.view_client",
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
    "monitoring": "stapteam.manage_monitoring",
}


class ReasonRequired(PermissionDenied):
    """Not her client, but she may open any file after giving a reason (the client_access page)."""


def get_client_for(user: User, pk: int, *, action: str) -> Client:
    """The client pk if `user` may perform `action` on her file; 404 if unseen, 403 if not.
    Every call is written to the access log, a refusal too (see stapteam/platform/access_log.py).

    "file" is the file page itself: the client comes with her signals, and a casemanager who may
    open a colleague's client with a reason gets ReasonRequired instead of a 404."""
    with logged_denials(
        Client.objects.filter(pk=pk), object_type="client", object_id=pk, client_field="pk"
    ):
        if not user.has_perm(_CLIENT_ACTIONS[action]):
            raise PermissionDenied
        clients = Client.objects.visible_to(user)
        client = (with_signals(clients) if action == "file" else clients).filter(pk=pk).first()
        if client is None:
            if action == "file" and _may_open_with_reason(user, pk):
                raise ReasonRequired
            raise Http404
    log_fetch(user, object_type="client", object_id=pk, client=client)
    return client


def _may_open_with_reason(user: User, pk: int) -> bool:
    return user.has_perm("stapteam.open_with_reason") and Client.objects.filter(pk=pk).exists()


class AlreadyOpen(Exception):
    """Her file is open to this user already: no reason needed."""


def get_listed_client_for(user: User, pk: int, *, action: str) -> Client:
    """A client of the team list, for the page where a casemanager gives her reason to open the
    file ("reason"); only code and roepnaam are shown, so the fetch itself is not logged. A client
    whose file she sees already raises AlreadyOpen."""
    if action != "reason" or not user.has_perm("stapteam.open_with_reason"):
        raise PermissionDenied
    client = get_object_or_404(Client.objects.listed_for(user), pk=pk)
    if Client.objects.visible_to(user).filter(pk=pk).exists():
        raise AlreadyOpen
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


def get_trajectory_for(user: User, pk: int, *, action: str) -> Trajectory:
    """A trajectory of a client's file, to record its end and result; logged like the file."""
    with logged_denials(
        Trajectory.objects.filter(pk=pk),
        object_type="trajectory",
        object_id=pk,
        client_field="client_id",
    ):
        if action not in ("change", "history") or not user.has_perm("stapteam.change_trajectory"):
            raise PermissionDenied
        trajectory = get_object_or_404(
            Trajectory.objects.filter(client__in=Client.objects.visible_to(user)).select_related(
                "client"
            ),
            pk=pk,
        )
    log_fetch(user, object_type="trajectory", object_id=pk, client=trajectory.client_id)
    return trajectory


def get_zrm_assessment_for(user: User, pk: int, *, action: str) -> ZrmAssessment:
    """One ZRM measurement ("view", "history"), for whom the client's ZRM page is open; logged
    like the file."""
    with logged_denials(
        ZrmAssessment.objects.filter(pk=pk),
        object_type="zrm_assessment",
        object_id=pk,
        client_field="client_id",
    ):
        if action not in ("view", "history") or not user.has_perm("stapteam.view_client"):
            raise PermissionDenied
        assessment = get_object_or_404(
            ZrmAssessment.objects.filter(client__in=Client.objects.visible_to(user)).select_related(
                "client", "assessor"
            ),
            pk=pk,
        )
        if not file_scope(user, assessment.client).zrm:
            raise PermissionDenied
    log_fetch(user, object_type="zrm_assessment", object_id=pk, client=assessment.client_id)
    return assessment


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


def get_signalled_client_for(user: User, pk: int, *, action: str) -> Client:
    """The basics and signals of a client for the escalation page ("escalation"), which logged
    the escalation with her already; procesregie gets no contact notes this way."""
    if action != "escalation" or not user.has_perm("stapteam.handle_escalation"):
        raise PermissionDenied
    return get_object_or_404(with_signals(Client.objects.visible_to(user)), pk=pk)


def only_client_of(contact: Contact) -> QuerySet[Client]:
    """The one client a contact correction may name: her own (a correction never moves it)."""
    return Client.objects.filter(pk=contact.client_id)


def logged_client_code(pk: int) -> str | None:
    """The code of the client whose access log is read; None once retention destroyed her."""
    return Client.objects.filter(pk=pk).values_list("code", flat=True).first()


SUBJECT_ACCESS_ACTIONS = ("review", "redact", "export")


def get_access_request_for(user: User, pk: int, *, action: str) -> SubjectAccessRequest:
    """A care subject-access request, for the coordinator who handles them: to review it,
    black out other people's data in it ("redact") and release it ("export")."""
    if action not in SUBJECT_ACCESS_ACTIONS or not user.has_perm("stapteam.handle_subject_access"):
        raise PermissionDenied
    return get_object_or_404(
        SubjectAccessRequest.objects.filter(
            client__in=Client.objects.visible_to(user)
        ).select_related("client"),
        pk=pk,
    )


# --- Rapportage ----------------------------------------------------------------------------------


def get_report_snapshot_for(user: User, pk: int, *, action: str) -> ReportSnapshot:
    """A frozen report (`action` "view": its figures, its files); 403 without the right."""
    if action != "view" or not user.has_perm("stapteam.view_reportsnapshot"):
        raise PermissionDenied
    return get_object_or_404(
        ReportSnapshot.objects.visible_to(user).select_related("made_by"), pk=pk
    )
