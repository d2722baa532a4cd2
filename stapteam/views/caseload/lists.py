"""Caseload pages: my caseload, the team list or overview, assigning and warm handovers."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, OuterRef, Prefetch, Q, Subquery, When
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
from stapteam.forms.caseload.lists import OPEN, TeamFilterForm, TeamSearchForm
from stapteam.models import AccessLogEntry, Assignment, CaseloadSettings, Client
from stapteam.platform.access_log import log_access
from stapteam.platform.pagination import paginate
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


# What the lists show of a client and of her casemanager; never whole user rows.
LIST_FIELDS = ("id", "code", "call_name", "status", "created_at")
CASEMANAGER_FIELDS = (
    "client_id",
    "casemanager__first_name",
    "casemanager__last_name",
    "casemanager__username",
    "casemanager__organisation__short_name",
)


def _with_casemanager(clients: Any) -> Any:
    """Clients with their open assignment; prefetched for one page at a time (a short IN list)."""
    return clients.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(ended_on__isnull=True)
            .select_related("casemanager__organisation")
            .only(*CASEMANAGER_FIELDS),
            to_attr="open_assignments",
        )
    )


def _active_first(clients: Any) -> Any:
    """Running files first, closed ones after them; by roepnaam and code within each."""
    closed_last = Case(When(status=Client.Status.CLOSED, then=1), default=0)
    return clients.order_by(closed_last, "call_name", "code", "pk")


def _searched(clients: Any, query: str) -> Any:
    """Clients whose code starts with, or whose roepnaam contains, what she typed."""
    query = query.strip()
    if not query:
        return clients
    return clients.filter(Q(code__istartswith=query) | Q(call_name__icontains=query))


def _rows(clients: Any, config: CaseloadSettings) -> list[dict[str, Any]]:
    today = timezone.localdate()
    rows = []
    for client in clients:
        signals = signals_of(client, config, today)
        open_assignments = getattr(client, "open_assignments", None)
        rows.append(
            {
                "client": client,
                "signals": signals,
                "propose_escalation": proposes_escalation(signals, config, today),
                "casemanager": open_assignments[0].casemanager if open_assignments else None,
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
    clients = with_signals(Client.objects.active().own_caseload_of(user).only(*LIST_FIELDS))
    # Whose file it is now, by id only: another casemanager's means a handover with her.
    clients = clients.annotate(
        casemanager_now=Subquery(
            Assignment.objects.filter(client=OuterRef("pk"), ended_on__isnull=True).values(
                "casemanager_id"
            )[:1]
        )
    )
    config = CaseloadSettings.current()
    page = paginate(request, clients.order_by("call_name", "code", "pk"))
    context = {
        "rows": _rows(page.object_list, config),
        "page": page,
        "is_casemanager": owns_clients(user),
        "norm_minutes": norm_minutes(config, 1, today),
        "norm_hours_per_week": config.norm_hours_per_week,
    }
    template = "stapteam/my_caseload.html" + ("#rows" if request.htmx else "")
    return render(request, template, context)


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
    clients = _searched(clients, data["q"])
    if data["status"] == OPEN:
        clients = clients.active()
    elif data["status"]:
        clients = clients.filter(status=data["status"])
    if data["category"] in CATEGORY_FILTERS:
        clients = clients.filter(CATEGORY_FILTERS[data["category"]])
    if data["signal"]:
        clients = filter_by_signal(clients, data["signal"])
    return clients


def _openable(user: Any, clients: list[Client]) -> set[int]:
    """Which of this page's clients she may open: one query for the page, never the whole team."""
    pks = [c.pk for c in clients]
    return set(Client.objects.visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))


@login_required
@permission_required("stapteam.view_team_list", raise_exception=True)
def client_list(request: AuthenticatedRequest) -> HttpResponse:
    """The coordinator's team overview with filters; for casemanagers the plain team list."""
    overview = sees_team_overview(request.user)
    form = (TeamFilterForm if overview else TeamSearchForm)(request.GET or None)
    clients = Client.objects.listed_for(request.user).only(*LIST_FIELDS)
    searched = form.is_valid() and any(form.cleaned_data.values())
    if overview:
        clients = with_signals(clients)
        if form.is_valid():
            clients = _filtered(clients, form.cleaned_data)
    elif form.is_valid():
        clients = _searched(clients, form.cleaned_data["q"])
    if searched:
        # A filtered list is a search: logged, without what was searched for.
        log_access(
            request, action=AccessLogEntry.Action.SEARCH, object_type="client_list", object_id=""
        )
    page = paginate(request, _with_casemanager(_active_first(clients)))
    config = CaseloadSettings.current()
    on_page = list(page.object_list)
    visible_ids = set() if overview else _openable(request.user, on_page)
    context = {
        "rows": _rows(on_page, config) if overview else None,
        "clients": on_page if not overview else None,
        "page": page,
        "visible_ids": visible_ids,
        "form": form,
        "overview": overview,
        "team_load": team_load(config) if overview and not request.htmx else None,
        "norm_hours_per_week": config.norm_hours_per_week,
    }
    template = "stapteam/client_list.html"
    if request.htmx:  # a page link: only the list and its page links
        template += "#rows" if overview else "#list"
    return render(request, template, context)


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
