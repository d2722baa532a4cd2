"""Pages of time-out: requests, assessment, placement and end; bed calendar; year overview."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
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
from timeout import services
from timeout.access import get_request_for, get_stay_for, may_withdraw
from timeout.costs import all_year_settings, costs_in_year, counted_dates, days_by_year
from timeout.forms import AssessForm, EndStayForm, PlacementForm, RequestForm
from timeout.models import Bed, Stay, TimeoutRequest, YearSettings

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
        preview.problems.append(_("De einddatum ligt na de begindatum."))
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
    for year, days in days_by_year(start, end, settings.day_counting).items():
        _days, spent = costs_in_year(year)
        after = spent + years[year].tariff_per_day * days
        if after > years[year].budget:
            preview.over_budget.append((year, after, years[year].budget))
    busy = Stay.objects.filter(start__lt=end).filter(ends_after(start)).values("bed_id")
    preview.free_beds = list(
        Bed.objects.filter(is_active=True).exclude(pk__in=busy).select_related("location")
    )
    return preview


def _fresh(request: AuthenticatedRequest, obj: TimeoutRequest) -> TimeoutRequest:
    """The request as it is now: a refused step may have raced with a colleague's."""
    return get_request_for(request.user, obj.pk, action="view")


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
    today = timezone.localdate()
    preview = None
    if assesses and obj.status == Status.APPROVED:
        start = obj.wished_start
        end = start + datetime.timedelta(days=obj.expected_days)
        if place_form is None:
            place_form = PlacementForm(
                initial={
                    "bed": Bed.objects.filter(is_active=True).first(),
                    "start": start,
                    "planned_end": end,
                }
            )
        elif place_form.is_bound and not (place_form.errors.keys() & {"start", "planned_end"}):
            # The dates she entered, also when the service refused them (say, too long).
            start = place_form.cleaned_data["start"]
            end = place_form.cleaned_data["planned_end"]
        preview = plan_preview(start, end)
    # A refusal for a step whose form is no longer on the page (say, assessed meanwhile by a
    # colleague) is shown at the top instead.
    shown = {
        "assess": assesses and obj.status == Status.REQUESTED,
        "place": assesses and obj.status == Status.APPROVED,
        "end": assesses and stay is not None and stay.actual_end is None,
    }
    stray_errors = [
        error
        for step, form in (("assess", assess_form), ("place", place_form), ("end", end_form))
        if form is not None and form.is_bound and not shown[step]
        for errors in form.errors.values()
        for error in errors
    ]
    opens_file = (
        user.has_perm("stapteam.view_client")
        and Client.objects.visible_to(user).filter(pk=obj.client_id).exists()
    )
    context = {
        "req": obj,
        "stay": stay,
        "stray_errors": stray_errors,
        "assesses": assesses,
        "opens_file": opens_file,
        "may_withdraw": obj.status in (Status.REQUESTED, Status.APPROVED)
        and may_withdraw(user, obj),
        "assess_form": assess_form or AssessForm(),
        "place_form": place_form,
        "preview": preview,
        "end_form": end_form or EndStayForm(initial={"actual_end": today}),
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
def request_place(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Place her in a bed; the button "Kosten berekenen" only shows what the plan would mean."""
    obj = get_request_for(request.user, pk, action="place")
    form = PlacementForm(request.POST)
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


@login_required
@permission_required("timeout.view_timeout_calendar", raise_exception=True)
def calendar(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    first = today.replace(day=1)
    asked = request.GET.get("month", "")
    if asked:
        chosen = _month_from(asked)
        if chosen is None:
            messages.warning(request, _("Onbekende maand; deze maand wordt getoond."))
        else:
            first = chosen
    last = _shift_month(first, 1) - datetime.timedelta(days=1)
    beds = list(Bed.objects.filter(is_active=True).select_related("location"))
    stays = list(
        Stay.objects.filter(start__lte=last, bed__is_active=True)
        .filter(ends_after(first))
        .select_related("client")
        .order_by("start")
    )
    named = _names_shown_to(request.user, stays)
    by_bed: dict[int, list[Stay]] = defaultdict(list)
    for stay in stays:
        by_bed[stay.bed_id].append(stay)

    def label(stay: Stay) -> str:
        if stay.client_id in named:
            return f"{stay.client.call_name} ({stay.client.code})"
        return _("bezet")

    rows = []
    for bed in beds:
        days: list[Day | None] = [None] * first.weekday()
        for number in range(1, last.day + 1):
            date = first.replace(day=number)
            # The stay holds the bed from its start up to (not including) its end, as the
            # database's no-double-booking range does.
            holder = next((s for s in by_bed[bed.pk] if s.start <= date < s.end), None)
            if holder is None:
                days.append(Day(date, "free"))
            else:
                state = "occupied" if holder.start <= today else "planned"
                days.append(Day(date, state, holder))
        days += [None] * (-len(days) % 7)
        weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
        rows.append(BedMonth(bed, weeks, [(s, label(s)) for s in by_bed[bed.pk]]))
    return render(
        request,
        "timeout/calendar.html",
        {
            "first": first,
            "rows": rows,
            "today": today,
            "previous": _shift_month(first, -1),
            "next": _shift_month(first, 1),
            "weekdays": [_("ma"), _("di"), _("wo"), _("do"), _("vr"), _("za"), _("zo")],
        },
    )


# --- Year overview -------------------------------------------------------------------------------


@dataclass
class MonthRow:
    first: datetime.date
    started: int = 0  # stays that start in this month
    days: int = 0
    cost: Decimal = Decimal("0.00")


@dataclass
class ClientRow:
    code: str
    stays: int = 0  # stays counting toward this year's cap
    days: int = 0
    cost: Decimal = Decimal("0.00")


@login_required
@permission_required("timeout.view_timeout_overview", raise_exception=True)
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """Stays of the maximum, days and cost against the budget; per month; per client only for
    the coordinator (the policy officer sees counts and costs, no client codes)."""
    today = timezone.localdate()
    year = today.year
    asked = request.GET.get("year", "")
    if asked:
        if asked.isdigit() and 2000 <= int(asked) <= 2100:
            year = int(asked)
        else:
            messages.warning(request, _("Onbekend jaar; dit jaar wordt getoond."))
    years = all_year_settings()
    settings: YearSettings | None = years.get(year)
    days_used, cost = costs_in_year(year)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    stays = list(
        Stay.objects.filter(start__lte=last)
        .filter(ends_after(first - datetime.timedelta(days=1)))
        .select_related("client")
        .order_by("start")
    )
    months = {m: MonthRow(datetime.date(year, m, 1)) for m in range(1, 13)}
    clients: dict[int, ClientRow] = {}
    tariff = settings.tariff_per_day if settings else Decimal("0.00")
    for stay in stays:
        counting = years[stay.start.year].day_counting if stay.start.year in years else "nights"
        in_year = Counter(
            day.month for day in counted_dates(stay.start, stay.end, counting) if day.year == year
        )
        row = clients.setdefault(stay.client_id, ClientRow(stay.client.code))
        if stay.cap_year == year:
            months[stay.start.month].started += 1
            row.stays += 1
        for month, days in in_year.items():
            months[month].days += days
            months[month].cost += tariff * days
            row.days += days
            row.cost += tariff * days
    stays_used = sum(row.started for row in months.values())
    context = {
        "year": year,
        "settings": settings,
        "stays_used": stays_used,
        "days_used": days_used,
        "cost": cost,
        "left": settings.budget - cost if settings else None,
        "over_budget": bool(settings and cost > settings.budget),
        "over_stays": bool(settings and stays_used > settings.max_stays),
        "months": list(months.values()),
        "clients": sorted(clients.values(), key=lambda r: r.code)
        if request.user.has_perm("timeout.assess_timeout")
        else None,
        "previous": year - 1,
        "next": year + 1,
    }
    return render(request, "timeout/overview.html", context)
