"""The Rapportage's frozen snapshots: "Vastleggen", the list, their files, and then beside now."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stapteam.access import AuthenticatedRequest, get_report_snapshot_for
from stapteam.forms.platform.reports import ReportPeriodForm, ReportSnapshotForm
from stapteam.models import ReportSnapshot
from stapteam.platform.exports import XLSX, attachment
from stapteam.platform.pagination import paginate
from stapteam.reports.figures import report_figures
from stapteam.reports.snapshots import all_sections, compare, make_snapshot, thaw
from stapteam.views.platform.reports import DOCX, report_context


@login_required
@require_POST
@permission_required("stapteam.add_reportsnapshot", raise_exception=True)
def report_snapshot_create(request: AuthenticatedRequest) -> HttpResponse:
    form = ReportSnapshotForm(request.POST)
    if not form.is_valid():
        # Back to the report of the period she sent (if that period is a valid one).
        period_form = ReportPeriodForm(request.POST)
        period = (
            (
                period_form.cleaned_data["van"],
                period_form.cleaned_data["tot"],
                period_form.cleaned_data["peildatum"],
            )
            if period_form.is_valid()
            else None
        )
        context = report_context(request, period_form, period, snapshot_form=form)
        return render(request, "stapteam/report.html", context)
    data = form.cleaned_data
    snapshot = make_snapshot(
        start=data["van"],
        end=data["tot"],
        on=data["peildatum"],
        label=data["omschrijving"],
        by=request.user,
    )
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _("De rapportage is vastgelegd."),
            reverse("stapteam:report_snapshot_detail", args=[snapshot.pk]),
            _("Bekijk “%(name)s”") % {"name": snapshot},
        ),
    )
    return redirect("stapteam:report_snapshot_list")


@login_required
@permission_required("stapteam.view_reportsnapshot", raise_exception=True)
def report_snapshot_list(request: AuthenticatedRequest) -> HttpResponse:
    snapshots = (
        ReportSnapshot.objects.visible_to(request.user)
        .select_related("made_by")
        .defer("figures", "xlsx", "docx")
        .order_by("-made_at", "-id")
    )
    page = paginate(request, snapshots)
    template = "stapteam/report_snapshot_list.html" + ("#rows" if request.htmx else "")
    return render(request, template, {"page": page})


@login_required
def report_snapshot_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The snapshot's figures beside the live report of the same period and reference date."""
    snapshot = get_report_snapshot_for(request.user, pk, action="view")
    period = (snapshot.period_start, snapshot.period_end, snapshot.reference_date)
    now = all_sections(report_figures(request.user, *period))
    sections = compare(thaw(snapshot.figures), now)
    return render(
        request,
        "stapteam/report_snapshot_detail.html",
        {
            "snapshot": snapshot,
            "sections": sections,
            "changes": sum(s.changes for s in sections),
        },
    )


@login_required
def report_snapshot_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The Excel or Word file exactly as it was made when the report was fixed."""
    snapshot = get_report_snapshot_for(request.user, pk, action="view")
    name = f"rapportage-vastgelegd-{snapshot.pk}-{snapshot.made_at:%Y%m%d}"
    if request.GET.get("formaat") == "docx":
        return attachment(HttpResponse(bytes(snapshot.docx), content_type=DOCX), f"{name}.docx")
    return attachment(HttpResponse(bytes(snapshot.xlsx), content_type=XLSX), f"{name}.xlsx")
