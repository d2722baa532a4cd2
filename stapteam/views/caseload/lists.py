"""Caseload pages: my caseload, the team list or overview, assigning and warm handovers."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stapteam.access import AuthenticatedRequest, get_client_for
from stapteam.caseload import services
from stapteam.caseload.hours import norm_minutes, team_load
from stapteam.caseload.stagnation import (
    filter_by_signal,
    proposes_escalation,
    signals_of,
    with_signals,
)
from stapteam.forms.caseload.clients import AssignForm, PeerLinkForm, ReassignForm
from stapteam.forms.caseload.lists import TeamFilterForm
from stapteam.models import AccessLogEntry, Assignment, CaseloadSettings, Client
from stapteam.platform.access_log import log_access
from stapteam.platform.roles import keeps_own_caseload, owns_clients, sees_team_overview

CATEGORY_FILTERS = {
    "nijmegen": Q(origin=Client.Origin.NIJMEGEN),
    "mo_region": Q(origin=Client.Origin.MO_REGION),
    "elsewhere": Q(origin=Client.Origin.ELSEWHERE),
    "addiction": Q(addiction=Client.Addiction.YES),
    "protected_housing": Q(in_protected_housing=True),
    "zone_pass": Q(has_zone_pass=True),
    "cirkel": Q(known_at_cirkel=True),
}


def _with_casemanager(clients: Any) -> Any:
    return clients.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(ended_on__isnull=True).select_related(
                "casemanager__organisation"
            ),
            to_attr="open_assignments",
        )
    )


def _rows(clients: Any, config: CaseloadSettings) -> list[dict[str, Any]]:
    today = timezone.localdate()
    rows = []
    for client in clients:
        signals = signals_of(client, config, today)
        rows.append(
            {
                "client": client,
                "signals": signals,
                "propose_escalation": proposes_escalation(signals, config, today),
                "casemanager": client.open_assignments[0].casemanager
                if client.open_assignments
                else None,
            }
        )
    return rows


@login_required
@permission_required("stapteam.add_contact", raise_exception=True)
def my_caseload(request: AuthenticatedRequest) -> HttpResponse:
    """A casemanager's own clients (and those in a handover with her); a peer worker's links."""
    user = request.user
    if not keeps_own_caseload(user):
        raise PermissionDenied
    today = timezone.localdate()
    clients = with_signals(Client.objects.active().own_caseload_of(user))
    config = CaseloadSettings.current()
    rows = _rows(_with_casemanager(clients), config)
    context = {
        "rows": rows,
        "is_casemanager": owns_clients(user),
        "norm_minutes": norm_minutes(config, 1, today),
        "norm_hours_per_week": config.norm_hours_per_week,
    }
    return render(request, "stapteam/my_caseload.html", context)


def _filtered(clients: Any, data: dict[str, Any]) -> Any:
    """The team overview narrowed by its filters (all in the database)."""
    if data["organisation"]:
        clients = clients.filter(
            assignments__ended_on__isnull=True,
            assignments__casemanager__organisation=data["organisation"],
        )
    if data["casemanager"]:
        clients = clients.filter(
            assignments__ended_on__isnull=True, assignments__casemanager=data["casemanager"]
        )
    if data["status"]:
        clients = clients.filter(status=data["status"])
    if data["category"] in CATEGORY_FILTERS:
        clients = clients.filter(CATEGORY_FILTERS[data["category"]])
    if data["signal"]:
        clients = filter_by_signal(clients, data["signal"])
    return clients


@login_required
@permission_required("stapteam.view_team_list", raise_exception=True)
def client_list(request: AuthenticatedRequest) -> HttpResponse:
    """The coordinator's team overview with filters; for casemanagers the plain team list."""
    overview = sees_team_overview(request.user)
    form = TeamFilterForm(request.GET or None)
    clients = Client.objects.listed_for(request.user)
    if overview:
        clients = with_signals(clients)
        if form.is_valid():
            clients = _filtered(clients, form.cleaned_data)
            # A filtered list is a search: logged, without what was searched for.
            log_access(
                request,
                action=AccessLogEntry.Action.SEARCH,
                object_type="client_list",
                object_id="",
            )
    visible_ids = set(Client.objects.visible_to(request.user).values_list("pk", flat=True))
    config = CaseloadSettings.current()
    context = {
        "rows": _rows(_with_casemanager(clients), config) if overview else None,
        "clients": _with_casemanager(clients) if not overview else None,
        "visible_ids": visible_ids,
        "form": form,
        "overview": overview,
        "team_load": team_load(config) if overview else None,
        "norm_hours_per_week": config.norm_hours_per_week,
    }
    return render(request, "stapteam/client_list.html", context)


@login_required
@permission_required("stapteam.assign_client", raise_exception=True)
def client_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="assign")
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_casemanager(client=client, casemanager=form.cleaned_data["casemanager"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Casemanager toegewezen."))
            return redirect("stapteam:client_detail", pk=client.pk)
    return render(request, "stapteam/client_assign.html", {"client": client, "form": form})


@login_required
@permission_required("stapteam.assign_client", raise_exception=True)
def client_reassign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="assign")
    overlap = CaseloadSettings.current().handover_overlap_days
    initial = {"overlap_until": timezone.localdate() + datetime.timedelta(days=overlap)}
    form = ReassignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reassign(
                client=client,
                to_casemanager=form.cleaned_data["casemanager"],
                overlap_until=form.cleaned_data["overlap_until"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Warme overdracht vastgelegd."))
            return redirect("stapteam:client_detail", pk=client.pk)
    return render(
        request, "stapteam/client_assign.html", {"client": client, "form": form, "handover": True}
    )


@login_required
@permission_required("stapteam.assign_client", raise_exception=True)
def client_peer_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The coordinator links an ervaringsdeskundige to a client, or ends the link."""
    client = get_client_for(request.user, pk, action="assign")
    form = PeerLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_peer_link(
                client=client,
                peer_worker=form.cleaned_data["peer_worker"],
                linked=form.cleaned_data["action"] == "link",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Koppeling ervaringsdeskundige opgeslagen."))
            return redirect("stapteam:client_detail", pk=client.pk)
    links = client.peer_links.filter(ended_on__isnull=True).select_related("peer_worker")
    return render(
        request, "stapteam/client_peer_link.html", {"client": client, "form": form, "links": links}
    )
