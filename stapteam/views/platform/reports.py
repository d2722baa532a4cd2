"""The Rapportage pages: the stand van zaken of a period with the team's figures, and exports."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from stapteam.access import AuthenticatedRequest
from stapteam.forms.platform.reports import ReportPeriodForm, ReportSnapshotForm, default_period
from stapteam.platform.exports import attachment, csv_response, workbook_response
from stapteam.reports.document import report_document
from stapteam.reports.export import report_sheets, sheet_rows
from stapteam.reports.figures import report_figures
from stapteam.reports.palette import OUTCOME_COLOURS

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


def _chart(stand: Any) -> dict[str, Any]:
    return {
        "labels": [str(row.label) for row in stand.outcomes],
        "counts": [row.count for row in stand.outcomes],
        "colours": [OUTCOME_COLOURS[row.outcome] for row in stand.outcomes],
    }


def report_context(
    request: AuthenticatedRequest,
    form: ReportPeriodForm,
    period: Any,
    snapshot_form: ReportSnapshotForm | None = None,
) -> dict[str, Any]:
    """The report page's context: the period form, every figure, and "Vastleggen" for who may."""
    context: dict[str, Any] = {"form": form, "query": ""}
    if period is not None:
        context |= report_figures(request.user, *period)
        context["chart"] = _chart(context["stand"])
        context["query"] = urlencode(
            {
                "van": period[0].isoformat(),
                "tot": period[1].isoformat(),
                "peildatum": period[2].isoformat(),
            }
        )
        if request.user.has_perm("stapteam.add_reportsnapshot"):
            context["snapshot_form"] = snapshot_form or ReportSnapshotForm(
                initial={"van": period[0], "tot": period[1], "peildatum": period[2]}
            )
    return context


@login_required
@permission_required("stapteam.view_reports", raise_exception=True)
def report(request: AuthenticatedRequest) -> HttpResponse:
    form, period = _period(request)
    return render(request, "stapteam/report.html", report_context(request, form, period))


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
