"""Pages of escalation (opschaling) and procesregie: the queue, one escalation, monitoring."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stapteam.access import (
    AuthenticatedRequest,
    get_client_for,
    get_escalation_for,
    get_signalled_client_for,
)
from stapteam.caseload.closure import open_work_for
from stapteam.caseload.services import (
    BACK_TO_TEAM,
    acknowledge_escalation,
    add_escalation_action,
    close_escalation,
    end_monitoring,
    escalate,
    start_monitoring,
)
from stapteam.caseload.stagnation import signals_of, with_signals
from stapteam.forms.caseload.escalations import (
    EscalationActionForm,
    EscalationCloseForm,
    EscalationForm,
    MonitoringEndForm,
    MonitoringStartForm,
)
from stapteam.models import CaseloadSettings, Client, Escalation, EscalationAction, Goal
from stapteam.platform.pagination import paginate

RECENTLY_CLOSED = 20
MONITORING_CANDIDATES = 50


@login_required
@permission_required("stapteam.add_escalation", raise_exception=True)
def escalation_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="escalate")
    form = EscalationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            escalate(client=client, question=form.cleaned_data["question"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Opgeschaald naar procesregie."))
            return redirect("stapteam:client_detail", pk=client.pk)
    already_open = Escalation.objects.filter(client=client, closed_at__isnull=True).exists()
    return render(
        request,
        "stapteam/escalation_form.html",
        {"client": client, "form": form, "already_open": already_open},
    )


@login_required
@permission_required("stapteam.handle_escalation", raise_exception=True)
def escalation_list(request: AuthenticatedRequest) -> HttpResponse:
    open_escalations = (
        Escalation.objects.filter(
            client__in=Client.objects.visible_to(request.user), closed_at__isnull=True
        )
        .select_related("client", "raised_by", "acknowledged_by")
        .order_by("respond_by", "raised_at")
    )
    # Her own archive: the escalations she closed stay listed (without a link) even when the
    # client is no longer in her view; colleagues' closed cases are not shown.
    recently_closed = (
        Escalation.objects.filter(closed_at__isnull=False, closed_by=request.user)
        .select_related("client", "closed_by")
        .order_by("-closed_at")[:RECENTLY_CLOSED]
    )
    return render(
        request,
        "stapteam/escalation_list.html",
        {"open_escalations": open_escalations, "recently_closed": recently_closed},
    )


@login_required
@permission_required("stapteam.view_monitoring", raise_exception=True)
def monitoring_list(request: AuthenticatedRequest) -> HttpResponse:
    visible = Client.objects.visible_to(request.user)
    open_escalations = Escalation.objects.filter(client=OuterRef("pk"), closed_at__isnull=True)
    next_follow_up = EscalationAction.objects.filter(
        escalation__client=OuterRef("pk"),
        escalation__closed_at__isnull=True,
        follow_up_on__isnull=False,
    ).order_by("follow_up_on")
    clients = with_signals(visible.filter(status=Client.Status.MONITORING)).annotate(
        open_escalation_id=Subquery(open_escalations.order_by("raised_at").values("pk")[:1]),
        next_follow_up_on=Subquery(next_follow_up.values("follow_up_on")[:1]),
    )
    page = paginate(
        request, clients.order_by(F("last_contact_at").asc(nulls_first=True), "call_name", "code")
    )
    config = CaseloadSettings.current()
    today = timezone.localdate()
    rows = [(client, signals_of(client, config, today)) for client in page]
    # Women with a running escalation whom procesregie could take over to monitor.
    candidates = (
        visible.filter(Exists(open_escalations))
        .exclude(status__in=[Client.Status.MONITORING, Client.Status.CLOSED])
        .order_by("code")[:MONITORING_CANDIDATES]
    )
    return render(
        request,
        "stapteam/monitoring_list.html",
        {"rows": rows, "page": page, "candidates": candidates, "today": today},
    )


def _monitoring_step(
    request: AuthenticatedRequest,
    client: Client,
    form: MonitoringStartForm | MonitoringEndForm,
    *,
    template: str,
    done: Callable[[], str],
) -> HttpResponse:
    """Two steps, as for closing a file: the form, then a confirmation of what will happen."""
    context: dict[str, Any] = {"client": client, "form": form}
    if request.method != "POST" or "back" in request.POST or not form.is_valid():
        return render(request, template, context)
    if "confirm" in request.POST:
        try:
            message = done()
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, template, context)
        messages.success(request, message)
        return redirect("stapteam:monitoring_list")
    context["open_work"] = open_work_for(client, request.user)
    context["open_goals"] = Goal.objects.filter(client=client, status=Goal.Status.OPEN).count()
    context["escalation"] = Escalation.objects.filter(client=client, closed_at__isnull=True).first()
    context["confirming"] = True
    return render(request, template, context)


@login_required
@permission_required("stapteam.manage_monitoring", raise_exception=True)
def monitoring_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="monitoring")
    if client.status in (Client.Status.MONITORING, Client.Status.CLOSED):
        messages.info(
            request, _("%(code)s staat al op monitoring of is afgesloten.") % {"code": client.code}
        )
        return redirect("stapteam:monitoring_list")
    form = MonitoringStartForm(request.POST or None, initial={"started_on": timezone.localdate()})

    def done() -> str:
        start_monitoring(client=client, by=request.user, **form.cleaned_data)
        return _("%(code)s staat nu op monitoring.") % {"code": client.code}

    return _monitoring_step(
        request, client, form, template="stapteam/monitoring_start.html", done=done
    )


@login_required
@permission_required("stapteam.manage_monitoring", raise_exception=True)
def monitoring_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="monitoring")
    if client.status != Client.Status.MONITORING:
        messages.info(request, _("%(code)s staat niet meer op monitoring.") % {"code": client.code})
        return redirect("stapteam:monitoring_list")
    form = MonitoringEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})

    def done() -> str:
        end_monitoring(client=client, by=request.user, **form.cleaned_data)
        if form.cleaned_data["next_step"] == BACK_TO_TEAM:
            return _("Monitoring van %(code)s gestopt: zij is terug in zorg bij het STAP-team.") % {
                "code": client.code
            }
        return _("Monitoring van %(code)s gestopt en het dossier is afgesloten.") % {
            "code": client.code
        }

    return _monitoring_step(
        request, client, form, template="stapteam/monitoring_end.html", done=done
    )


def _render_detail(
    request: AuthenticatedRequest,
    escalation: Escalation,
    *,
    action_form: EscalationActionForm | None = None,
    close_form: EscalationCloseForm | None = None,
) -> HttpResponse:
    """The escalation page; a POST view that refused its input passes its bound form."""
    # The client's basics and signals only: procesregie gets no contact notes here.
    client = get_signalled_client_for(request.user, escalation.client_id, action="escalation")
    signals = signals_of(client, CaseloadSettings.current(), timezone.localdate())
    actions = escalation.actions.select_related("created_by")
    return render(
        request,
        "stapteam/escalation_detail.html",
        {
            "escalation": escalation,
            "client": client,
            "signals": signals,
            "actions": actions,
            "action_form": action_form or EscalationActionForm(),
            "close_form": close_form or EscalationCloseForm(),
        },
    )


@login_required
@permission_required("stapteam.handle_escalation", raise_exception=True)
def escalation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    escalation = get_escalation_for(request.user, pk, action="view")
    return _render_detail(request, escalation)


@login_required
@require_POST
def escalation_acknowledge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    escalation = get_escalation_for(request.user, pk, action="acknowledge")
    acknowledge_escalation(escalation=escalation, by=request.user)
    messages.success(request, _("Opschaling in behandeling genomen."))
    return redirect("stapteam:escalation_detail", pk=escalation.pk)


@login_required
@require_POST
def escalation_action_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    escalation = get_escalation_for(request.user, pk, action="add_action")
    form = EscalationActionForm(request.POST)
    if form.is_valid():
        try:
            action = add_escalation_action(
                escalation=escalation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if action.kind == EscalationAction.Kind.ACTION:
                messages.success(request, _("Actie vastgelegd."))
            else:
                messages.success(request, _("Afspraak vastgelegd."))
            return redirect("stapteam:escalation_detail", pk=escalation.pk)
    return _render_detail(request, escalation, action_form=form)


@login_required
@require_POST
def escalation_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    escalation = get_escalation_for(request.user, pk, action="close")
    form = EscalationCloseForm(request.POST)
    if form.is_valid():
        try:
            close_escalation(
                escalation=escalation, note=form.cleaned_data["closing_note"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Opschaling afgesloten."))
            return redirect("stapteam:escalation_list")
    return _render_detail(request, escalation, close_form=form)
