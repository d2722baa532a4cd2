"""Pages of time-out: requests, assessment, placement and end; bed calendar; year overview."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stapteam.access import AuthenticatedRequest
from stapteam.models import AccessLogEntry, Client, User
from stapteam.platform.access_log import log_access
from stapteam.platform.roles import reads_names_on_bed_calendar
from stapteam.platform.submissions import previews_with
from timeout import services
from timeout.access import get_request_for, get_stay_for, may_open_file, may_withdraw
from timeout.costs import (
    all_year_settings,
    beds_held,
    counted_dates,
    over_budget_after,
    year_costs,
)
from timeout.forms import AssessForm, EndStayForm, PlacementForm, RequestForm
from timeout.models import Bed, Stay, TimeoutRequest

Status = TimeoutRequest.Status
OPEN = [Status.REQUESTED, Status.APPROVED, Status.PLACED]
FINISHED = [Status.REFUSED, Status.ENDED, Status.WITHDRAWN]
RECENTLY_FINISHED = 30


# --- Fetch and authorise -------------------------------------------------------------------------


def ends_after(day: datetime.date) -> Q:
    """Stays whose end (actual, else planned) lies after `day`."""
    return Q(actual_end__gt=day) | Q(actual_end__isnull=True, planned_end__gt=day)


def _stay_of(obj: TimeoutRequest) -> Stay | None:
    return getattr(obj, "stay", None)


# --- Requests ------------------------------------------------------------------------------------


@login_required
@permission_required("timeout.add_timeoutrequest", raise_exception=True)
def request_create(request: AuthenticatedRequest) -> HttpResponse:
    form = RequestForm(
        request.POST or None,
        user=request.user,
        initial={"wished_start": timezone.localdate(), "expected_days": 7},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.submit_request(
                by=request.user,
                reason=data["reason"],
                wished_start=data["wished_start"],
                expected_days=data["expected_days"],
                client=data["client"],
                new_call_name=data.get("new_call_name", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            log_access(
                request,
                action=AccessLogEntry.Action.CREATE,
                object_type="timeout_request",
                object_id=created.pk,
                client=created.client_id,
            )
            messages.success(
                request, _("Aanvraag ingediend. De uitkomst zie je hier en onder Time-out.")
            )
            return redirect("timeout:request_detail", pk=created.pk)
    return render(request, "timeout/request_form.html", {"form": form})


@login_required
@permission_required("timeout.view_timeoutrequest", raise_exception=True)
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    """The coordinator's queue first; for everyone her visible requests with their outcome."""
    visible = TimeoutRequest.objects.visible_to(request.user).select_related(
        "client", "submitted_by", "stay__bed__location"
    )
    assesses = request.user.has_perm("timeout.assess_timeout")
    to_assess = (
        visible.filter(status=Status.REQUESTED).order_by("submitted_at") if assesses else None
    )
    running = visible.filter(status__in=OPEN).order_by("wished_start", "submitted_at")
    if assesses:
        running = running.exclude(status=Status.REQUESTED)
    finished = visible.filter(status__in=FINISHED).order_by("-submitted_at")[:RECENTLY_FINISHED]
    return render(
        request,
        "timeout/request_list.html",
        {
            "to_assess": to_assess,
            "running": running,
            "finished": finished,
            "can_submit": request.user.has_perm("timeout.add_timeoutrequest"),
        },
    )


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
    preview.cost = services.planned_cost(start, end)
    preview.days = len(counted_dates(start, end, settings.day_counting))
    preview.cap_notes = services.cap_problems(settings, start, end)
    preview.over_budget = over_budget_after(start, end, years)
    busy = Stay.objects.filter(start__lt=end).filter(ends_after(start)).values("bed_id")
    preview.free_beds = list(
        Bed.objects.filter(is_active=True).exclude(pk__in=busy).select_related("location")
    )
    return preview


def _fresh(request: AuthenticatedRequest, obj: TimeoutRequest) -> TimeoutRequest:
    """The request as it is now: a refused step may have raced with a colleague's."""
    return get_request_for(request.user, obj.pk, action="view")


def _placement_form(obj: TimeoutRequest, place_form: PlacementForm | None) -> PlacementForm:
    """The placement form: the one she sent back, else one with the request's wished dates."""
    if place_form is not None:
        return place_form
    start = obj.wished_start
    return PlacementForm(
        initial={
            "bed": Bed.objects.filter(is_active=True).first(),
            "start": start,
            "planned_end": start + datetime.timedelta(days=obj.expected_days),
        }
    )


def _planned_dates(
    obj: TimeoutRequest, place_form: PlacementForm
) -> tuple[datetime.date, datetime.date]:
    """The dates she entered, also when the service refused them (say, too long); else the
    request's wished dates."""
    if place_form.is_bound and not (place_form.errors.keys() & {"start", "planned_end"}):
        return place_form.cleaned_data["start"], place_form.cleaned_data["planned_end"]
    return obj.wished_start, obj.wished_start + datetime.timedelta(days=obj.expected_days)


def _stray_errors(
    forms: dict[str, AssessForm | PlacementForm | EndStayForm | None], shown: dict[str, bool]
) -> list[str]:
    """Refusals for a step whose form is no longer on the page (say, assessed meanwhile by a
    colleague): shown at the top instead."""
    return [
        str(error)
        for step, form in forms.items()
        if form is not None and form.is_bound and not shown[step]
        for errors in form.errors.values()
        for error in errors
    ]


def _render_detail(
    request: AuthenticatedRequest,
    obj: TimeoutRequest,
    *,
    assess_form: AssessForm | None = None,
    place_form: PlacementForm | None = None,
    end_form: EndStayForm | None = None,
) -> HttpResponse:
    """The request page; a POST view that refused its input passes its bound form."""
    user = request.user
    assesses = user.has_perm("timeout.assess_timeout")
    stay = _stay_of(obj)
    preview = None
    if assesses and obj.status == Status.APPROVED:
        place_form = _placement_form(obj, place_form)
        preview = plan_preview(*_planned_dates(obj, place_form))
    shown = {
        "assess": assesses and obj.status == Status.REQUESTED,
        "place": assesses and obj.status == Status.APPROVED,
        "end": assesses and stay is not None and stay.actual_end is None,
    }
    forms = {"assess": assess_form, "place": place_form, "end": end_form}
    context = {
        "req": obj,
        "stay": stay,
        "stray_errors": _stray_errors(forms, shown),
        "assesses": assesses,
        "opens_file": may_open_file(user, obj),
        "may_withdraw": obj.status in (Status.REQUESTED, Status.APPROVED)
        and may_withdraw(user, obj),
        "assess_form": assess_form or AssessForm(),
        "place_form": place_form,
        "preview": preview,
        "end_form": end_form or EndStayForm(initial={"actual_end": timezone.localdate()}),
    }
    return render(request, "timeout/request_detail.html", context)


@login_required
@permission_required("timeout.view_timeoutrequest", raise_exception=True)
def request_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _render_detail(request, get_request_for(request.user, pk, action="view"))


@login_required
@permission_required("timeout.assess_timeout", raise_exception=True)
@require_POST
def request_assess(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    obj = get_request_for(request.user, pk, action="assess")
    form = AssessForm(request.POST)
    if form.is_valid():
        approved = form.cleaned_data["decision"] == "approve"
        try:
            services.assess(
                request=obj, approved=approved, note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Aanvraag goedgekeurd.") if approved else _("Aanvraag afgewezen.")
            )
            return redirect("timeout:request_detail", pk=obj.pk)
    return _render_detail(request, _fresh(request, obj), assess_form=form)


@login_required
@permission_required("timeout.assess_timeout", raise_exception=True)
@require_POST
@previews_with("preview")
def request_place(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Place her in a bed; the button "Kosten berekenen" only shows what the plan would mean."""
    obj = get_request_for(request.user, pk, action="place")
    form = PlacementForm(request.POST)
    if request.htmx and "preview" in request.POST:  # she changed a date: the plan only
        context = {"preview": plan_preview(*_planned_dates(obj, form)), "place_form": form}
        return render(request, "timeout/request_detail.html#plan", context)
    if form.is_valid() and "preview" not in request.POST:
        data = form.cleaned_data
        try:
            placement = services.place(
                request=obj,
                bed=data["bed"],
                start=data["start"],
                planned_end=data["planned_end"],
                by=request.user,
                override_reason=data["override_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            stay = placement.stay
            messages.success(
                request,
                _("Geplaatst in %(bed)s van %(start)s tot %(end)s.")
                % {
                    "bed": stay.bed,
                    "start": f"{stay.start:%d-%m-%Y}",
                    "end": f"{stay.planned_end:%d-%m-%Y}",
                },
            )
            if placement.over_budget:
                messages.warning(
                    request,
                    _("Let op: met deze plaatsing gaat %(year)s over het budget.")
                    % {"year": stay.cap_year},
                )
            return redirect("timeout:request_detail", pk=obj.pk)
    return _render_detail(request, _fresh(request, obj), place_form=form)


@login_required
@permission_required("timeout.view_timeoutrequest", raise_exception=True)
@require_POST
def request_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    obj = get_request_for(request.user, pk, action="withdraw")
    try:
        services.withdraw(request=obj)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Aanvraag ingetrokken."))
    return redirect("timeout:request_detail", pk=obj.pk)


@login_required
@permission_required("timeout.assess_timeout", raise_exception=True)
@require_POST
def stay_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    stay = get_stay_for(request.user, pk, action="end")
    obj = get_request_for(request.user, stay.request_id, action="view")
    form = EndStayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.end_stay(
                stay=stay,
                actual_end=data["actual_end"],
                early=data["end_kind"] == Stay.EndKind.EARLY,
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Verblijf beëindigd."))
            return redirect("timeout:request_detail", pk=obj.pk)
    return _render_detail(request, _fresh(request, obj), end_form=form)


# --- Bed calendar --------------------------------------------------------------------------------


@dataclass
class Day:
    date: datetime.date
    state: str  # "free", "planned" or "occupied"
    stay: Stay | None = None


@dataclass
class BedMonth:
    bed: Bed
    weeks: list[list[Day | None]]  # Monday first; None pads the first and last week
    stays: list[tuple[Stay, str]]  # the month's stays on this bed, with what the viewer may read


def _month_from(value: str) -> datetime.date | None:
    """ "2026-11" -> 1 November 2026; None for anything else."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(year, month, 1) if 2000 <= year <= 2100 else None
    except ValueError:
        return None


def _shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _names_shown_to(user: User, stays: list[Stay]) -> set[int]:
    """The clients whose roepnaam the viewer may read on the calendar; Cirkel staff none."""
    if not reads_names_on_bed_calendar(user):
        return set()
    ids = {stay.client_id for stay in stays}
    return set(Client.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _label(stay: Stay, named: set[int]) -> str:
    """What the viewer reads for a stay: roepnaam and code of a client she may see, else "bezet"."""
    if stay.client_id in named:
        return f"{stay.client.call_name} ({stay.client.code})"
    return _("bezet")


def _month_asked(request: AuthenticatedRequest, today: datetime.date) -> datetime.date:
    """The first of the month asked for (`?month=2026-11`), else of this month with a message."""
    first = today.replace(day=1)
    asked = request.GET.get("month", "")
    if not asked:
        return first
    chosen = _month_from(asked)
    if chosen is None:
        messages.warning(request, _("Onbekende maand; deze maand wordt getoond."))
        return first
    return chosen


def _weeks(first: datetime.date, days: list[Day]) -> list[list[Day | None]]:
    """The month's days in weeks from Monday, padded with None before the 1st and after the end."""
    padded: list[Day | None] = [None] * first.weekday()
    padded += days
    padded += [None] * (-len(padded) % 7)
    return [padded[i : i + 7] for i in range(0, len(padded), 7)]


def _bed_days(
    bed: Bed,
    dates: list[datetime.date],
    held: dict[tuple[int, datetime.date], Stay],
    today: datetime.date,
) -> list[Day]:
    """Each date of the month: free, or the stay holding the bed (occupied once it started)."""
    days = []
    for date in dates:
        holder = held.get((bed.pk, date))
        if holder is None:
            days.append(Day(date, "free"))
        else:
            days.append(Day(date, "occupied" if holder.start <= today else "planned", holder))
    return days


@login_required
@permission_required("timeout.view_timeout_calendar", raise_exception=True)
def calendar(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    first = _month_asked(request, today)
    last = _shift_month(first, 1) - datetime.timedelta(days=1)
    dates = [first + datetime.timedelta(days=i) for i in range(last.day)]
    beds = list(Bed.objects.filter(is_active=True).select_related("location"))
    stays = list(
        Stay.objects.filter(start__lte=last, bed__is_active=True)
        .filter(ends_after(first))
        .select_related("client")
        .order_by("start")
    )
    named = _names_shown_to(request.user, stays)
    held = beds_held(stays)
    rows = [
        BedMonth(
            bed,
            _weeks(first, _bed_days(bed, dates, held, today)),
            [(stay, _label(stay, named)) for stay in stays if stay.bed_id == bed.pk],
        )
        for bed in beds
    ]
    context = {
        "first": first,
        "rows": rows,
        "today": today,
        "previous": _shift_month(first, -1),
        "next": _shift_month(first, 1),
        "weekdays": [_("ma"), _("di"), _("wo"), _("do"), _("vr"), _("za"), _("zo")],
    }
    return render(request, "timeout/calendar.html", context)


# --- Year overview -------------------------------------------------------------------------------


def _year_asked(request: AuthenticatedRequest) -> int:
    """The year asked for (`?year=2026`), else this year with a message."""
    year = timezone.localdate().year
    asked = request.GET.get("year", "")
    if asked:
        if asked.isdigit() and 2000 <= int(asked) <= 2100:
            return int(asked)
        messages.warning(request, _("Onbekend jaar; dit jaar wordt getoond."))
    return year


@login_required
@permission_required("timeout.view_timeout_overview", raise_exception=True)
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """Stays of the maximum, days and cost against the budget; per month; per client only for
    the coordinator (the policy officer sees counts and costs, no client codes).

    Every figure is timeout.costs.year_costs's: the page computes none of its own."""
    year = _year_asked(request)
    costs = year_costs(year)
    context = {
        "year": year,
        "settings": costs.settings,
        "stays_used": costs.stays,
        "days_used": costs.days,
        "cost": costs.cost,
        "left": costs.left,
        "over_budget": costs.over_budget,
        "over_stays": costs.over_stays,
        "months": costs.months,
        "clients": costs.clients if request.user.has_perm("timeout.assess_timeout") else None,
        "previous": year - 1,
        "next": year + 1,
    }
    return render(request, "timeout/overview.html", context)
