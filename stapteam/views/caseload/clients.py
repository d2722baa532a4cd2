"""Pages of a client file: register (with duplicate check), read, change, close and reopen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stapteam.access import (
    AlreadyOpen,
    AuthenticatedRequest,
    ReasonRequired,
    get_client_for,
    get_listed_client_for,
)
from stapteam.caseload import services
from stapteam.caseload.closure import open_goals, open_work_for
from stapteam.caseload.stagnation import proposes_escalation, signals_of
from stapteam.caseload.timeline import timeline_for
from stapteam.forms.caseload.clients import (
    AccessReasonForm,
    ClientForm,
    CloseForm,
    ReopenForm,
    SettleGoalsForm,
)
from stapteam.forms.fields import kept_input
from stapteam.models import AccessLogEntry, CaseloadSettings, Client, Goal, ZrmAssessment
from stapteam.platform.access_log import log_access
from stapteam.platform.history import render_history
from stapteam.platform.roles import file_scope, owns_clients

READ = AccessLogEntry.Action.READ
DENIED = AccessLogEntry.Result.DENIED


@login_required
@permission_required("stapteam.add_client", raise_exception=True)
def client_create(request: AuthenticatedRequest) -> HttpResponse:
    form = ClientForm(request.POST or None)
    duplicates: list[Client] = []
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if not request.POST.get("confirmed"):
            duplicates = services.likely_duplicates(
                call_name=data["call_name"],
                full_name=data["full_name"],
                date_of_birth=data["date_of_birth"],
                phone=data["phone"],
            )
        if not duplicates:
            own = request.user if owns_clients(request.user) else None
            client = services.register_client(casemanager=own, **data)
            messages.success(request, _("Dossier %(code)s aangemaakt.") % {"code": client.code})
            return redirect("stapteam:client_detail", pk=client.pk)
    return render(
        request, "stapteam/client_form.html", {"form": form, "duplicates": duplicates, "new": True}
    )


@login_required
@permission_required("stapteam.view_client", raise_exception=True)
def client_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    try:
        client = get_client_for(user, pk, action="file")
    except ReasonRequired:
        return redirect("stapteam:client_access", pk=pk)
    scope = file_scope(user, client)
    config = CaseloadSettings.current()
    today = timezone.localdate()
    signals = signals_of(client, config, today)
    assignment = (
        client.assignments.filter(ended_on__isnull=True)
        .select_related("casemanager__organisation")
        .first()
    )
    latest = _latest_zrm(client) if scope.zrm else None
    context = {
        "client": client,
        "scope": scope,
        "signals": signals,
        "propose_escalation": scope.edit and proposes_escalation(signals, config, today),
        "assignment": assignment,
        "assignments": client.assignments.select_related("casemanager") if scope.personal else [],
        "handovers": client.handovers.filter(ends_on__gte=today).select_related(
            "from_casemanager", "to_casemanager"
        ),
        "goals": client.goals.select_related("domain") if scope.plan else Goal.objects.none(),
        "trajectories": client.trajectories.all() if scope.trajectories else [],
        "latest_zrm": latest,
        "latest_scores": latest.scores.select_related("domain") if latest else [],
        "open_escalation": client.escalations.filter(closed_at__isnull=True).first()
        if scope.escalations
        else None,
        "closures": client.closures.select_related("closed_by", "reopened_by"),
        "timeline": timeline_for(client, user),
    }
    return render(request, "stapteam/client_detail.html", context)


def _latest_zrm(client: Client) -> ZrmAssessment | None:
    return ZrmAssessment.objects.filter(client=client).select_related("assessor").first()


@login_required
@permission_required("stapteam.change_client", raise_exception=True)
def client_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="change")
    if client.is_closed:
        messages.error(request, _("Dit dossier is afgesloten en alleen nog te lezen."))
        return redirect("stapteam:client_detail", pk=client.pk)
    form = ClientForm(request.POST or None, instance=client, initial={"version": client.version})
    stale, kept = None, None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
        try:
            services.update_client(
                client=client,
                expected_version=form.cleaned_data["version"] or 0,
                changes=changes,
            )
        except services.StaleEdit as error:
            stale = error.changes
            client.refresh_from_db()
            kept = kept_input(form, client, changes)
            form = ClientForm(instance=client, initial={"version": client.version})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dossier opgeslagen."))
            return redirect("stapteam:client_detail", pk=client.pk)
    return render(
        request,
        "stapteam/client_form.html",
        {"form": form, "client": client, "stale": stale, "kept": kept},
    )


@login_required
@permission_required("stapteam.open_with_reason", raise_exception=True)
def client_access(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A colleague's client: her file opens after the casemanager gives a reason."""
    try:
        client = get_listed_client_for(request.user, pk, action="reason")
    except AlreadyOpen:
        return redirect("stapteam:client_detail", pk=pk)
    form = AccessReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        services.grant_access(client=client, user=request.user, reason=reason)
        # Break-the-glass: the one log row with a reason, for the coordinator's review.
        log_access(
            request, action=READ, object_type="client", object_id=pk, client=client, reason=reason
        )
        return redirect("stapteam:client_detail", pk=pk)
    return render(request, "stapteam/client_access.html", {"client": client, "form": form})


@login_required
@permission_required("stapteam.change_client", raise_exception=True)
def client_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="history")
    return render_history(
        request,
        client,
        title=_("Historie van dossier %(code)s") % {"code": client.code},
        back_url=reverse("stapteam:client_detail", args=[client.pk]),
    )


@login_required
@permission_required("stapteam.close_client", raise_exception=True)
def client_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Two steps: the outcome, then a confirmation that lists open work and settles each goal."""
    client = get_client_for(request.user, pk, action="close")
    if client.is_closed:
        messages.error(request, _("Dit dossier is al afgesloten."))
        return redirect("stapteam:client_detail", pk=client.pk)
    form = CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method != "POST" or "back" in request.POST or not form.is_valid():
        return render(request, "stapteam/client_close.html", {"client": client, "form": form})
    goals = open_goals(client)
    settle = SettleGoalsForm(request.POST if "confirm" in request.POST else None, goals=goals)
    if settle.is_bound and settle.is_valid():
        try:
            services.close_client(
                client=client, by=request.user, lapse_goals=settle.lapsed(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "stapteam/client_close.html", {"client": client, "form": form})
        messages.success(request, _("Dossier afgesloten."))
        return redirect("stapteam:client_detail", pk=client.pk)
    context = {
        "client": client,
        "form": form,
        "settle": settle,
        "open_work": open_work_for(client, request.user),
    }
    return render(request, "stapteam/client_close_confirm.html", context)


@login_required
@permission_required("stapteam.reopen_client", raise_exception=True)
def client_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="reopen")
    if not client.is_closed:
        raise PermissionDenied
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_client(
                client=client, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dossier heropend."))
            return redirect("stapteam:client_detail", pk=client.pk)
    return render(request, "stapteam/client_reopen.html", {"client": client, "form": form})
