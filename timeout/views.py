"""Pages of time-out: requests, assessment, placement and end; bed calendar; year overview."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stapteam.access import AuthenticatedRequest
from stapteam.models import AccessLogEntry, Client, User
from stapteam.platform.access_log import log_access
from stapteam.platform.formats import day_date, euro
from stapteam.platform.pagination import paginate
from stapteam.platform.roles import reads_names_on_bed_calendar
from stapteam.platform.submissions import previews_with
from timeout import services
from timeout.access import get_request_for, get_stay_for, may_open_file, may_withdraw
from timeout.assessment import (
    PlanPreview,
    assessment_facts,
    ends_after,
    plan_preview,
    wished_period,
)
from timeout.costs import beds_held, year_costs
from timeout.forms import (
    AssessForm,
    EndStayForm,
    ExtendStayForm,
    PastStayForm,
    PlacementForm,
    RequestForm,
)
from timeout.models import Bed, Stay, TimeoutRequest

Status = TimeoutRequest.Status
OPEN = [Status.REQUESTED, Status.APPROVED, Status.PLACED]
FINISHED = [Status.REFUSED, Status.ENDED, Status.WITHDRAWN]
RECENTLY_FINISHED = 30
# The assessment queue shows at most this many, the oldest first.
QUEUE = 50


# --- Fetch and authorise -------------------------------------------------------------------------


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
    long_warning = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Longer than the year's maximum: she is told now, and sends it only once she confirms.
        long_warning = services.long_request_problem(data["wished_start"], data["expected_days"])
        if long_warning and not data["accept_long"]:
            return render(
                request, "timeout/request_form.html", {"form": form, "long_warning": long_warning}
            )
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
    context = {"form": form, "long_warning": long_warning}
    return render(request, "timeout/request_form.html", context)


@login_required
@permission_required("timeout.view_timeoutrequest", raise_exception=True)
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    """The coordinator's queue first; for everyone her visible requests with their outcome."""
    visible = TimeoutRequest.objects.visible_to(request.user).select_related(
        "client", "submitted_by", "stay__bed__location"
    )
    assesses = request.user.has_perm("timeout.assess_timeout")
    # The queue shows the oldest first and stays bounded: one row more tells that more wait.
    to_assess = (
        list(visible.filter(status=Status.REQUESTED).order_by("submitted_at", "id")[: QUEUE + 1])
        if assesses
        else None
    )
    more_waiting = to_assess is not None and len(to_assess) > QUEUE
    running = visible.filter(status__in=OPEN).order_by("wished_start", "submitted_at", "id")
    if assesses:
        running = running.exclude(status=Status.REQUESTED)
    finished = visible.filter(status__in=FINISHED).order_by("-submitted_at")[:RECENTLY_FINISHED]
    # The coordinator is pointed at stays whose end has passed without anyone ending them.
    end_passed = (
        Stay.objects.filter(actual_end__isnull=True, planned_end__lt=timezone.localdate()).count()
        if assesses
        else 0
    )
    page = paginate(request, running)
    if request.htmx:  # another page of the running requests only
        return render(request, "timeout/request_list.html#running", {"running": page, "page": page})
    return render(
        request,
        "timeout/request_list.html",
        {
            "to_assess": to_assess[:QUEUE] if to_assess is not None else None,
            "more_waiting": more_waiting,
            "queue_size": QUEUE,
            "running": page.object_list,
            "page": page,
            "finished": finished,
            "end_passed": end_passed,
            "can_submit": request.user.has_perm("timeout.add_timeoutrequest"),
        },
    )


def _fresh(request: AuthenticatedRequest, obj: TimeoutRequest) -> TimeoutRequest:
    """The request as it is now: a refused step may have raced with a colleague's."""
    return get_request_for(request.user, obj.pk, action="view")


def _placement(
    obj: TimeoutRequest, place_form: PlacementForm | None
) -> tuple[PlacementForm, PlanPreview]:
    """The placement form and its plan: the form she sent back, else one with the request's
    wished dates and the first bed free in them."""
    if place_form is not None:
        return place_form, plan_preview(*_planned_dates(obj, place_form))
    start, end = wished_period(obj)
    preview = plan_preview(start, end)
    free = preview.free_beds[0] if preview.free_beds else None
    form = PlacementForm(initial={"bed": free, "start": start, "planned_end": end})
    return form, preview


def _bed_taken(form: PlacementForm, preview: PlanPreview) -> bool:
    """Whether the bed she chose is taken in the plan's period (the database would refuse)."""
    chosen = str(form["bed"].value() or "")
    return (
        bool(chosen)
        and preview.cost is not None
        and chosen not in {str(bed.pk) for bed in preview.free_beds}
    )


def _planned_dates(
    obj: TimeoutRequest, place_form: PlacementForm
) -> tuple[datetime.date, datetime.date]:
    """The dates she entered, also when the service refused them (say, too long); else the
    request's wished dates."""
    if place_form.is_bound and not (place_form.errors.keys() & {"start", "planned_end"}):
        return place_form.cleaned_data["start"], place_form.cleaned_data["planned_end"]
    return wished_period(obj)


def _stray_errors(
    forms: dict[str, AssessForm | PlacementForm | EndStayForm | ExtendStayForm | None],
    shown: dict[str, bool],
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


def _likely_end(stay: Stay | None) -> datetime.date:
    """The end to propose: today, or the planned end once that has passed unended."""
    today = timezone.localdate()
    return stay.planned_end if stay and stay.planned_end < today else today


def _render_detail(
    request: AuthenticatedRequest,
    obj: TimeoutRequest,
    *,
    assess_form: AssessForm | None = None,
    place_form: PlacementForm | None = None,
    end_form: EndStayForm | None = None,
    extend_form: ExtendStayForm | None = None,
) -> HttpResponse:
    """The request page; a POST view that refused its input passes its bound form."""
    user = request.user
    assesses = user.has_perm("timeout.assess_timeout")
    stay = _stay_of(obj)
    preview = None
    if assesses and obj.status == Status.APPROVED:
        place_form, preview = _placement(obj, place_form)
    running = stay is not None and stay.actual_end is None
    shown = {"assess": assesses and obj.status == Status.REQUESTED}
    shown |= {"place": assesses and obj.status == Status.APPROVED}
    shown |= {"end": assesses and running, "extend": assesses and running}
    forms = {"assess": assess_form, "place": place_form, "end": end_form, "extend": extend_form}
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
        "bed_taken": bool(place_form and preview and _bed_taken(place_form, preview)),
        "facts": assessment_facts(obj, preview) if shown["assess"] or shown["place"] else None,
        "end_form": end_form or EndStayForm(initial={"actual_end": _likely_end(stay)}),
        "extend_form": extend_form or ExtendStayForm(initial={"planned_end": stay and stay.end}),
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
        preview = plan_preview(*_planned_dates(obj, form))
        context = {"preview": preview, "place_form": form, "bed_taken": _bed_taken(form, preview)}
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
            _placed_messages(request, placement)
            return redirect("timeout:request_detail", pk=obj.pk)
    return _render_detail(request, _fresh(request, obj), place_form=form)


@login_required
@permission_required("timeout.view_timeoutrequest", raise_exception=True)
def request_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Asks first: the page says what is withdrawn; only its button withdraws."""
    obj = get_request_for(request.user, pk, action="withdraw")
    if obj.status not in (Status.REQUESTED, Status.APPROVED):
        messages.error(request, _("Deze aanvraag kan niet meer worden ingetrokken."))
        return redirect("timeout:request_detail", pk=obj.pk)
    if request.method != "POST":
        return render(request, "timeout/request_withdraw.html", {"req": obj})
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


def _placed_messages(request: AuthenticatedRequest, placement: services.Placement) -> None:
    if placement.over_budget:
        messages.warning(
            request,
            _("Let op: met deze plaatsing gaat %(year)s over het budget.")
            % {"year": placement.stay.cap_year},
        )


@login_required
@permission_required("timeout.assess_timeout", raise_exception=True)
@require_POST
def stay_extend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A later planned end: the year's maximum length and the bed's next booking still hold."""
    stay = get_stay_for(request.user, pk, action="extend")
    obj = get_request_for(request.user, stay.request_id, action="view")
    form = ExtendStayForm(request.POST)
    if form.is_valid():
        try:
            placement = services.extend_stay(stay=stay, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Verblijf verlengd tot %(end)s.") % {"end": day_date(placement.stay.planned_end)},
            )
            _placed_messages(request, placement)
            return redirect("timeout:request_detail", pk=obj.pk)
    return _render_detail(request, _fresh(request, obj), extend_form=form)


@login_required
@permission_required("timeout.assess_timeout", raise_exception=True)
def stay_register_past(request: AuthenticatedRequest) -> HttpResponse:
    """A stay that has already happened, registered afterwards with the reason why."""
    form = PastStayForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.register_past_stay(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            stay = placement.stay
            log_access(
                request,
                action=AccessLogEntry.Action.CREATE,
                object_type="stay",
                object_id=stay.pk,
                client=stay.client_id,
            )
            messages.success(
                request,
                _("Verblijf achteraf geregistreerd: %(bed)s van %(start)s tot %(end)s, %(cost)s.")
                % {
                    "bed": stay.bed,
                    "start": day_date(stay.start),
                    "end": day_date(stay.end),
                    "cost": euro(services.planned_cost(stay.start, stay.end)),
                },
            )
            _placed_messages(request, placement)
            return redirect("timeout:request_detail", pk=stay.request_id)
    return render(request, "timeout/stay_past_form.html", {"form": form})


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
