"""The trajectory plan: goals per life domain, ZRM assessments with their chart, trajectories."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stapteam.access import AuthenticatedRequest, get_client_for, get_goal_for, get_trajectory_for
from stapteam.caseload import services
from stapteam.forms.caseload.plans import GoalForm, TrajectoryForm, ZrmForm
from stapteam.forms.fields import kept_input
from stapteam.models import DomainSet, Goal, LifeDomain, ZrmAssessment, ZrmScore
from stapteam.platform.roles import file_scope

GOAL_FIELDS = ["domain", "wish", "actions", "who", "target_date", "status"]


@login_required
@permission_required("stapteam.add_goal", raise_exception=True)
def goal_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="goal")
    form = GoalForm(request.POST or None, initial={"status": Goal.Status.OPEN})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_goal(
                client=client,
                by=request.user,
                **{name: form.cleaned_data[name] for name in GOAL_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Doel toegevoegd."))
            return redirect("stapteam:client_detail", pk=client.pk)
    return render(request, "stapteam/goal_form.html", {"form": form, "client": client})


@login_required
@permission_required("stapteam.change_goal", raise_exception=True)
def goal_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    goal = get_goal_for(request.user, pk, action="change")
    form = GoalForm(request.POST or None, instance=goal, initial={"version": goal.version})
    stale, kept = None, None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
        try:
            services.update_goal(
                goal=goal,
                expected_version=form.cleaned_data["version"] or 0,
                changes=changes,
            )
        except services.StaleEdit as error:
            stale = error.changes
            goal.refresh_from_db()
            kept = kept_input(form, goal, changes)
            form = GoalForm(instance=goal, initial={"version": goal.version})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Doel opgeslagen."))
            return redirect("stapteam:client_detail", pk=goal.client_id)
    context = {"form": form, "client": goal.client, "goal": goal, "stale": stale, "kept": kept}
    return render(request, "stapteam/goal_form.html", context)


def _zrm_chart(
    assessments: list[ZrmAssessment],
    domains: list[LifeDomain],
    by_assessment: dict[int, dict[int, ZrmScore]],
) -> dict[str, Any]:
    """The scores per life domain over time, as the chart on the ZRM page reads them."""
    return {
        "labels": [a.assessed_on.strftime("%d-%m-%Y") for a in assessments],
        "datasets": [
            {
                "label": d.name,
                "data": [
                    getattr(by_assessment.get(a.pk, {}).get(d.pk), "score", None)
                    for a in assessments
                ],
            }
            for d in domains
        ],
    }


@login_required
@permission_required("stapteam.view_client", raise_exception=True)
def zrm_overview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="view")
    if not file_scope(request.user, client).zrm:
        raise PermissionDenied
    assessments = list(
        ZrmAssessment.objects.filter(client=client)
        .select_related("assessor")
        .order_by("assessed_on", "id")
    )
    scores = list(
        ZrmScore.objects.filter(assessment__client=client).select_related("domain", "assessment")
    )
    latest = assessments[-1] if assessments else None
    # The list the latest assessment used: switching the default list keeps old charts intact.
    domain_set = latest.domain_set if latest else DomainSet.default()
    domains = list(domain_set.domains.all())
    by_assessment: dict[int, dict[int, ZrmScore]] = {}
    for s in scores:
        by_assessment.setdefault(s.assessment_id, {})[s.domain_id] = s
    chart = _zrm_chart(assessments, domains, by_assessment)
    latest_rows = [
        (d, by_assessment.get(latest.pk, {}).get(d.pk) if latest else None) for d in domains
    ]
    context = {
        "client": client,
        "assessments": list(reversed(assessments)),
        "latest": latest,
        "latest_rows": latest_rows,
        "chart": chart,
        "can_add": file_scope(request.user, client).edit
        and request.user.has_perm("stapteam.add_zrmassessment"),
    }
    return render(request, "stapteam/zrm_overview.html", context)


@login_required
@permission_required("stapteam.add_zrmassessment", raise_exception=True)
def zrm_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="zrm")
    domains = list(DomainSet.default().domains.all())
    initial: dict[str, Any] = {"assessed_on": timezone.localdate()}
    previous = ZrmAssessment.objects.filter(client=client).first()
    if previous is not None:  # targets carry over from the last assessment
        for s in previous.scores.all():
            initial[f"target_{s.domain_id}"] = s.target_score
    form = ZrmForm(request.POST or None, domains=domains, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_zrm(
                client=client,
                assessed_on=form.cleaned_data["assessed_on"],
                moment=form.cleaned_data["moment"],
                assessor=request.user,
                scores=form.scores(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("ZRM-meting vastgelegd."))
            return redirect("stapteam:zrm_overview", pk=client.pk)
    return render(request, "stapteam/zrm_form.html", {"form": form, "client": client})


@login_required
@permission_required("stapteam.add_trajectory", raise_exception=True)
def trajectory_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="trajectory")
    form = TrajectoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_trajectory(client=client, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Traject toegevoegd."))
            return redirect("stapteam:client_detail", pk=client.pk)
    return render(request, "stapteam/trajectory_form.html", {"form": form, "client": client})


@login_required
@permission_required("stapteam.change_trajectory", raise_exception=True)
def trajectory_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record the end and the result of a trajectory later."""
    trajectory = get_trajectory_for(request.user, pk, action="change")
    form = TrajectoryForm(request.POST or None, instance=trajectory)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_trajectory(
                trajectory=trajectory,
                changes={name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Traject opgeslagen."))
            return redirect("stapteam:client_detail", pk=trajectory.client_id)
    context = {"form": form, "client": trajectory.client, "trajectory": trajectory}
    return render(request, "stapteam/trajectory_form.html", context)
