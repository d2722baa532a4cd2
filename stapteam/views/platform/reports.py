"""The Rapportage pages: the stand van zaken of a period with the team's figures, and exports."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from stapteam.access import AuthenticatedRequest
from stapteam.caseload.hours import monthly_hours
from stapteam.forms.platform.reports import ReportPeriodForm, default_period
from stapteam.platform.exports import attachment, csv_response, workbook_response
from stapteam.platform.roles import sees_report_details
from stapteam.reports.document import report_document
from stapteam.reports.export import report_sheets, sheet_rows
from stapteam.reports.outcomes import stand_van_zaken
from stapteam.reports.palette import OUTCOME_COLOURS
from stapteam.reports.sections import report_sections

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _period(request: AuthenticatedRequest) -> tuple[ReportPeriodForm, Any]:
    data = request.GET if "van" in request.GET else default_period()
    form = ReportPeriodForm(data)
    if not form.is_valid():
        return form, None
    return form, (
        form.cleaned_data["van"],
        form.cleaned_data["tot"],
        form.cleaned_data["peildatum"],
    )


def report_figures(
    user: Any, start: datetime.date, end: datetime.date, on: datetime.date
) -> dict[str, Any]:
    """Every figure of the report for `user`: policy staff get aggregates only."""
    aggregates_only = not sees_report_details(user)
    stand = stand_van_zaken(start, end, on, aggregates_only=aggregates_only)
    return {
        "stand": stand,
        "hours": monthly_hours(start, end, per_casemanager=not aggregates_only),
        "sections": report_sections(start, end, on, aggregates_only=aggregates_only),
        "details": not aggregates_only,
    }


def _chart(stand: Any) -> dict[str, Any]:
    return {
        "labels": [str(row.label) for row in stand.outcomes],
        "counts": [row.count for row in stand.outcomes],
        "colours": [OUTCOME_COLOURS[row.outcome] for row in stand.outcomes],
    }


@login_required
@permission_required("stapteam.view_reports", raise_exception=True)
def report(request: AuthenticatedRequest) -> HttpResponse:
    form, period = _period(request)
    context: dict[str, Any] = {"form": form, "query": request.GET.urlencode()}
    if period is not None:
        context |= report_figures(request.user, *period)
        context["chart"] = _chart(context["stand"])
        context["query"] = form.data.urlencode() if hasattr(form.data, "urlencode") else ""
    return render(request, "stapteam/report.html", context)


@login_required
@permission_required("stapteam.view_reports", raise_exception=True)
def report_export(request: AuthenticatedRequest) -> HttpResponse:
    form, period = _period(request)
    if period is None:
        return render(request, "stapteam/report.html", {"form": form}, status=400)
    figures = report_figures(request.user, *period)
    name = f"rapportage-{period[0]:%Y%m%d}-{period[1]:%Y%m%d}"
    sheets = report_sheets(figures)
    if request.GET.get("formaat") == "docx":
        return attachment(HttpResponse(report_document(figures), content_type=DOCX), f"{name}.docx")
    if request.GET.get("formaat") == "csv":
        rows = [row for sheet in sheets for row in ([sheet.title], *sheet_rows(sheet), [])]
        return csv_response(f"{name}.csv", None, rows)
    return workbook_response(f"{name}.xlsx", sheets)
