"""The trajectory plan: goals per life domain, ZRM assessments with their chart, trajectories."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stapteam.access import (
    AuthenticatedRequest,
    get_client_for,
    get_goal_for,
    get_trajectory_for,
    get_zrm_assessment_for,
)
from stapteam.caseload import services
from stapteam.forms.caseload.plans import GoalForm, TrajectoryForm, ZrmForm
from stapteam.forms.fields import kept_input
from stapteam.models import DomainSet, Goal, LifeDomain, ZrmAssessment, ZrmScore
from stapteam.models.plans import ZRM_LABELS
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
    """Per life domain its scores at their real dates, as the small charts on the ZRM page read
    them: ISO dates on a time axis, so that a year between two measurements looks like a year;
    with the target of the latest measurement."""
    latest = by_assessment.get(assessments[-1].pk, {}) if assessments else {}
    return {
        "labels": {str(n): str(label) for n, label in ZRM_LABELS.items()},
        "open_hint": _("Klik op een punt om die meting te openen."),
        "target_label": _("Doel"),
        "domains": [
            {
                "name": d.name,
                "target": getattr(latest.get(d.pk), "target_score", None),
                "points": [
                    {
                        "x": a.assessed_on.isoformat(),
                        "y": score.score,
                        "moment": a.get_moment_display(),
                        "url": reverse("stapteam:zrm_detail", args=[a.pk]),
                    }
                    for a in assessments
                    if (score := by_assessment.get(a.pk, {}).get(d.pk)) and score.score
                ],
            }
            for d in domains
        ],
    }


def _zrm_table(
    assessments: list[ZrmAssessment],
    domains: list[LifeDomain],
    by_assessment: dict[int, dict[int, ZrmScore]],
) -> list[tuple[LifeDomain, list[ZrmScore | None], int | None]]:
    """Per life domain its score at each measurement (oldest first) and the latest target."""
    latest = by_assessment.get(assessments[-1].pk, {}) if assessments else {}
    return [
        (
            d,
            [by_assessment.get(a.pk, {}).get(d.pk) for a in assessments],
            getattr(latest.get(d.pk), "target_score", None),
        )
        for d in domains
    ]


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
    context = {
        "client": client,
        "assessments": assessments,
        "latest": latest,
        "rows": _zrm_table(assessments, domains, by_assessment),
        "chart": _zrm_chart(assessments, domains, by_assessment),
        "can_add": file_scope(request.user, client).edit
        and request.user.has_perm("stapteam.add_zrmassessment"),
    }
    return render(request, "stapteam/zrm_overview.html", context)


@login_required
@permission_required("stapteam.view_client", raise_exception=True)
def zrm_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = get_zrm_assessment_for(request.user, pk, action="view")
    scores = assessment.scores.select_related("domain").order_by("domain__order", "id")
    siblings = ZrmAssessment.objects.filter(client=assessment.client_id)
    earlier = siblings.filter(
        Q(assessed_on__lt=assessment.assessed_on)
        | Q(assessed_on=assessment.assessed_on, id__lt=assessment.pk)
    ).first()
    later = (
        siblings.filter(
            Q(assessed_on__gt=assessment.assessed_on)
            | Q(assessed_on=assessment.assessed_on, id__gt=assessment.pk)
        )
        .order_by("assessed_on", "id")
        .first()
    )
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "scores": scores,
        "earlier": earlier,
        "later": later,
    }
    return render(request, "stapteam/zrm_detail.html", context)


@login_required
@permission_required("stapteam.add_zrmassessment", raise_exception=True)
def zrm_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, action="zrm")
    domains = list(DomainSet.default().domains.all())
    previous = ZrmAssessment.objects.filter(client=client).first()
    # Intake is the first measurement only; every later one starts as Voortgang.
    initial: dict[str, Any] = {
        "assessed_on": timezone.localdate(),
        "moment": ZrmAssessment.Moment.PROGRESS if previous else ZrmAssessment.Moment.INTAKE,
    }
    if previous is not None:  # targets carry over from the last assessment
        for s in previous.scores.all():
            initial[f"target_{s.domain_id}"] = s.target_score
    has_intake = ZrmAssessment.objects.filter(
        client=client, moment=ZrmAssessment.Moment.INTAKE
    ).exists()
    form = ZrmForm(request.POST or None, domains=domains, initial=initial, has_intake=has_intake)
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
