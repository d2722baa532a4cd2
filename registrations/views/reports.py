"""Counts of registrations per period for policy staff: numbers only, no names, no pass numbers."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from registrations.forms import PeriodForm
from registrations.models import (
    DayPass,
    Decision,
    Objection,
    Registration,
    RegistrationRequest,
)
from stapteam.access import AuthenticatedRequest


def _count_by(field: str, choices: list[tuple[str, Any]]) -> dict[str, Count]:
    """One COUNT per choice, so a whole breakdown is one aggregate query."""
    return {value: Count("id", filter=Q(**{field: value})) for value, _label in choices}


def _rows(totals: dict[str, int], choices: list[tuple[str, Any]]) -> list[tuple[Any, int]]:
    return [(label, totals[value]) for value, label in choices]


def _request_counts(start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Requests received in the period, per kind, and the questions answered in it."""
    kinds = RegistrationRequest.Kind.choices
    received = Q(received_on__range=(start, end))
    answered = Q(answered_on__range=(start, end))
    requests = RegistrationRequest.objects.filter(received | answered).aggregate(
        total=Count("id", filter=received),
        answered=Count("id", filter=answered),
        **{value: Count("id", filter=received & Q(kind=value)) for value, _label in kinds},
    )
    return {
        "requests_total": requests["total"],
        "requests_by_kind": _rows(requests, kinds),
        "questions_answered": requests["answered"],
    }


def _decision_counts(start: datetime.date, end: datetime.date) -> dict[str, Any]:
    return Decision.objects.filter(decided_on__range=(start, end)).aggregate(
        granted=Count("id", filter=Q(outcome=Decision.Outcome.GRANTED)),
        refused=Count("id", filter=Q(outcome=Decision.Outcome.REFUSED)),
    )


def _objection_counts(start: datetime.date, end: datetime.date) -> dict[str, Any]:
    outcomes = Objection.Outcome.choices
    objections = Objection.objects.filter(received_on__range=(start, end)).aggregate(
        total=Count("id"), open=Count("id", filter=Q(outcome="")), **_count_by("outcome", outcomes)
    )
    return {
        "objections_total": objections["total"],
        "objections_open": objections["open"],
        "objections_by_outcome": _rows(objections, outcomes),
    }


def _registration_counts(
    start: datetime.date, end: datetime.date, on: datetime.date
) -> dict[str, Any]:
    """Registrations active on `on`; those ended in the period, in all and per reason."""
    reasons = Registration.EndReason.choices
    registrations = Registration.objects.aggregate(
        active=Count(
            "id",
            filter=Q(valid_from__lte=on, valid_until__gte=on)
            & (Q(ended_on__isnull=True) | Q(ended_on__gt=on)),
        ),
        ended=Count("id", filter=Q(ended_on__range=(start, end))),
        **{
            reason: Count("id", filter=Q(ended_on__range=(start, end), end_reason=reason))
            for reason, _label in reasons
        },
    )
    return {
        "active_on": on,
        "active": registrations["active"],
        "ended_total": registrations["ended"],
        "ended_by_reason": _rows(registrations, reasons),
    }


def _day_pass_counts(start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Day passes issued in the period, and the busiest day (the latest of equally busy ones)."""
    day_passes = DayPass.objects.filter(day__range=(start, end))
    busiest = (
        day_passes.values("day").annotate(issued=Count("id")).order_by("-issued", "-day").first()
    )
    return {"day_passes_total": day_passes.count(), "busiest_day": busiest}


def period_counts(start: datetime.date, end: datetime.date, on: datetime.date) -> dict[str, Any]:
    """Every count of the page in six aggregate queries, whatever the amount of data."""
    return {
        **_request_counts(start, end),
        **_decision_counts(start, end),
        **_objection_counts(start, end),
        **_registration_counts(start, end, on),
        **_day_pass_counts(start, end),
    }


@login_required
@permission_required("registrations.view_registration_counts", raise_exception=True)
def counts(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    year_start, year_end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    if "start" in request.GET or "end" in request.GET:
        form = PeriodForm(request.GET)
    else:
        form = PeriodForm({"start": year_start.isoformat(), "end": year_end.isoformat()})
    numbers = None
    if form.is_valid():
        # One date given: the rest of that calendar year.
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        start = start or (datetime.date(end.year, 1, 1) if end else year_start)
        end = end or datetime.date(start.year, 12, 31)
        if start > end:
            form.add_error("end", _("De einddatum moet op of na de begindatum liggen."))
        else:
            numbers = {"start": start, "end": end, **period_counts(start, end, min(end, today))}
    return render(request, "registrations/counts.html", {"form": form, "numbers": numbers})
