"""The facts the coordinator assesses a time-out request with, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from timeout import services
from timeout.costs import (
    ZERO,
    all_year_settings,
    counted_dates,
    over_budget_after,
    stay_cost,
    year_costs,
)
from timeout.models import Bed, Stay, TimeoutRequest, YearSettings


def ends_after(day: datetime.date) -> Q:
    """Stays whose end (actual, else planned) lies after `day`."""
    return Q(actual_end__gt=day) | Q(actual_end__isnull=True, planned_end__gt=day)


@dataclass
class PlanPreview:
    """What a placement would mean, for the coordinator to see before she places.

    A preview only: timeout.services.place decides, under locks.
    """

    start: datetime.date
    end: datetime.date
    problems: list[str] = field(default_factory=list)  # the plan cannot be costed
    cost: Decimal | None = None
    days: int = 0
    cap_notes: list[str] = field(default_factory=list)  # above a cap: needs an override reason
    over_budget: list[tuple[int, Decimal, Decimal]] = field(default_factory=list)
    free_beds: list[Bed] = field(default_factory=list)


def plan_preview(start: datetime.date, end: datetime.date) -> PlanPreview:
    preview = PlanPreview(start=start, end=end)
    if end <= start:
        preview.problems.append(_("De einddatum moet na de begindatum liggen."))
        return preview
    years = all_year_settings()
    missing = sorted({start.year, end.year} - years.keys())
    if missing:
        preview.problems.extend(
            _("Voor %(year)s zijn geen tarief en maxima ingesteld.") % {"year": year}
            for year in missing
        )
        return preview
    settings = years[start.year]
    preview.cost = stay_cost(start, end, years)
    preview.days = len(counted_dates(start, end, settings.day_counting))
    preview.cap_notes = services.cap_problems(settings, start, end)
    preview.over_budget = over_budget_after(start, end, years)
    busy = Stay.objects.filter(start__lt=end).filter(ends_after(start)).values("bed_id")
    preview.free_beds = list(
        Bed.objects.filter(is_active=True).exclude(pk__in=busy).select_related("location")
    )
    return preview


def wished_period(request: TimeoutRequest) -> tuple[datetime.date, datetime.date]:
    start = request.wished_start
    return start, start + datetime.timedelta(days=request.expected_days)


@dataclass(frozen=True)
class AssessmentFacts:
    """Her stays in the year of the wished start, what the team has left of that year's
    maximum (which is for the whole team), and what the wished period would mean."""

    year: int
    settings: YearSettings | None
    her_stays: list[Stay]
    her_days: int
    her_cost: Decimal
    team_stays: int
    team_days: int
    team_cost: Decimal
    wished: PlanPreview

    @property
    def this_year(self) -> bool:
        return self.year == timezone.localdate().year

    @property
    def stays_left(self) -> int | None:
        if self.settings is None:
            return None
        return max(self.settings.max_stays - self.team_stays, 0)

    @property
    def too_long(self) -> str | None:
        start, end = self.wished.start, self.wished.end
        return services.length_problem(self.settings, start, end) if self.settings else None


def assessment_facts(request: TimeoutRequest, plan: PlanPreview | None = None) -> AssessmentFacts:
    """The facts for `request`: every figure from timeout.costs, none computed here. `plan`,
    the placement's preview, serves for the wished period when it is that period."""
    year = request.wished_start.year
    wished = wished_period(request)
    costs = year_costs(year)
    hers = next((row for row in costs.clients if row.code == request.client.code), None)
    her_stays = list(
        Stay.objects.filter(client_id=request.client_id, cap_year=year)
        .select_related("bed__location")
        .order_by("start")
    )
    return AssessmentFacts(
        year=year,
        settings=costs.settings,
        her_stays=her_stays,
        her_days=hers.days if hers else 0,
        her_cost=hers.cost if hers else ZERO,
        team_stays=costs.stays,
        team_days=costs.days,
        team_cost=costs.cost,
        wished=plan if plan and (plan.start, plan.end) == wished else plan_preview(*wished),
    )
