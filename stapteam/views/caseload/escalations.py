"""Pages of escalation (opschaling) and procesregie: the queue, one escalation, monitoring."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import F
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
from stapteam.caseload.services import (
    acknowledge_escalation,
    add_escalation_action,
    close_escalation,
    escalate,
)
from stapteam.caseload.stagnation import signals_of, with_signals
from stapteam.forms.caseload.escalations import (
    EscalationActionForm,
    EscalationCloseForm,
    EscalationForm,
)
from stapteam.models import CaseloadSettings, Client, Escalation, EscalationAction

RECENTLY_CLOSED = 20


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
    clients = with_signals(
        Client.objects.visible_to(request.user).filter(status=Client.Status.MONITORING)
    ).order_by(F("last_contact_at").asc(nulls_first=True), "call_name", "code")
    config = CaseloadSettings.current()
    today = timezone.localdate()
    rows = [(client, signals_of(client, config, today)) for client in clients]
    return render(request, "stapteam/monitoring_list.html", {"rows": rows})


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
