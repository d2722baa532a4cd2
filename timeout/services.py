"""Writes of timeout: requests, assessment, placement within the caps, and ending a stay."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stapteam.caseload.services import register_client
from stapteam.models import Client, User
from stapteam.platform.actor import acts_as_by
from timeout import notifications
from timeout.costs import all_year_settings, costs_in_year, counted_dates, stay_cost
from timeout.models import Bed, Stay, TimeoutRequest, YearSettings

Status = TimeoutRequest.Status
MAX_REQUEST_DAYS = 60  # the longest stay a request may ask for (the model's validator)


@acts_as_by
@transaction.atomic
def submit_request(
    *,
    by: User,
    reason: str,
    wished_start: datetime.date,
    expected_days: int,
    client: Client | None = None,
    new_call_name: str = "",
) -> TimeoutRequest:
    """A request for a woman; Cirkel staff may register her minimally by roepnaam."""
    if client is None:
        if not new_call_name.strip():
            raise ValidationError(_("Kies een cliënt of vul een roepnaam in."))
        client = register_client(
            call_name=new_call_name.strip(),
            origin=Client.Origin.NIJMEGEN,
            known_at_cirkel=True,
            residence=_("Aangemeld via de Cirkel"),
        )
    if not reason.strip():
        raise ValidationError(_("Geef de reden voor de time-out."))
    if wished_start < timezone.localdate() - datetime.timedelta(days=7):
        raise ValidationError(_("De gewenste start mag hoogstens een week in het verleden liggen."))
    request = TimeoutRequest.objects.create(
        client=client,
        submitted_by=by,
        reason=reason.strip(),
        wished_start=wished_start,
        expected_days=expected_days,
    )
    notifications.submitted(request)
    return request


def _locked(request: TimeoutRequest) -> TimeoutRequest:
    return TimeoutRequest.objects.select_for_update().get(pk=request.pk)


@acts_as_by
@transaction.atomic
def assess(*, request: TimeoutRequest, approved: bool, note: str, by: User) -> TimeoutRequest:
    request = _locked(request)
    if request.status != Status.REQUESTED:
        raise ValidationError(_("Deze aanvraag is al beoordeeld."))
    if not approved and not note.strip():
        raise ValidationError(_("Geef de reden van de afwijzing."))
    request.status = Status.APPROVED if approved else Status.REFUSED
    request.assessment_note = note.strip()
    request.assessed_by = by
    request.assessed_at = timezone.now()
    request.save(update_fields=["status", "assessment_note", "assessed_by", "assessed_at"])
    notifications.decided(request)
    return request


@transaction.atomic
def withdraw(*, request: TimeoutRequest) -> TimeoutRequest:
    request = _locked(request)
    if request.status not in (Status.REQUESTED, Status.APPROVED):
        raise ValidationError(_("Deze aanvraag kan niet meer worden ingetrokken."))
    request.status = Status.WITHDRAWN
    request.save(update_fields=["status"])
    notifications.withdrawn(request)
    return request


def length_problem(
    year: YearSettings, start: datetime.date, planned_end: datetime.date
) -> str | None:
    """Why a plan is longer than the year's maximum length of a stay (None: it is not)."""
    days = len(counted_dates(start, planned_end, year.day_counting))
    if days > year.max_days_per_stay:
        return _("Dit verblijf duurt %(days)s dagen; het maximum is %(max)s.") % {
            "days": days,
            "max": year.max_days_per_stay,
        }
    return None


def cap_problems(
    year: YearSettings,
    start: datetime.date,
    planned_end: datetime.date,
    *,
    counts_as_new: bool = True,
) -> list[str]:
    """Why a plan goes over the year's caps (empty: within them). The one statement of the
    rule: `place` refuses on it unless overridden, the placement preview shows it. An extension
    is no new stay: only its length counts (`counts_as_new=False`)."""
    problems = []
    if counts_as_new:
        used = Stay.objects.filter(cap_year=year.year).count()
        if used >= year.max_stays:
            problems.append(
                _("Dit wordt verblijf %(n)s in %(year)s; het maximum is %(max)s.")
                % {"n": used + 1, "year": year.year, "max": year.max_stays}
            )
    too_long = length_problem(year, start, planned_end)
    if too_long:
        problems.append(too_long)
    return problems


def long_request_problem(wished_start: datetime.date, expected_days: int) -> str | None:
    """Why a request asks for longer than its year's maximum stay (None: it does not, or the
    year has no settings yet). A warning when she asks; `place` refuses it without a reason."""
    year = YearSettings.objects.filter(year=wished_start.year).first()
    if year is None:
        return None
    return length_problem(year, wished_start, wished_start + datetime.timedelta(days=expected_days))


@dataclass
class Placement:
    stay: Stay
    over_budget: bool  # a warning for the coordinator, not a refusal


def _year_locked(start: datetime.date, end: datetime.date) -> YearSettings:
    """The settings of the start's year, locked: two bookings at once cannot both take the
    year's last stay. Both years a stay touches need settings, else it cannot be costed, and
    neither may be closed: a closed year is accounted for, so no stay (or day) joins it."""
    year = YearSettings.objects.select_for_update().filter(year=start.year).first()
    years = all_year_settings()
    missing = sorted({start.year, end.year} - years.keys())
    if year is None or missing:
        raise ValidationError(
            _(
                "Voor %(year)s zijn geen tarief en maxima ingesteld; "
                "vraag de functioneel beheerder ze in te stellen."
            )
            % {"year": start.year if year is None else missing[0]}
        )
    closed = sorted(y for y in {start.year, end.year} if years[y].is_closed)
    if closed:
        raise ValidationError(
            _(
                "Het jaar %(year)s is afgesloten: in een afgesloten jaar komt geen verblijf meer "
                "bij. Kies andere data, of laat de beheerder het jaar eerst heropenen."
            )
            % {"year": closed[0]}
        )
    return year


def _book(stay: Stay, year: YearSettings, override_reason: str) -> Stay:
    """Write a new stay within the caps (or over them with a reason); the database refuses a
    double booking."""
    problems = cap_problems(year, stay.start, stay.planned_end)
    if problems and not override_reason.strip():
        raise ValidationError(problems)
    stay.cap_year = year.year
    stay.override_reason = override_reason.strip() if problems else ""
    try:
        with transaction.atomic():
            stay.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Dit bed is in die periode al bezet; kies een ander bed of andere data.")
        ) from error
    return stay


def _over_budget(year: YearSettings) -> bool:
    _days, spent = costs_in_year(year.year)
    return spent > year.budget


@acts_as_by
@transaction.atomic
def place(
    *,
    request: TimeoutRequest,
    bed: Bed,
    start: datetime.date,
    planned_end: datetime.date,
    by: User,
    override_reason: str = "",
) -> Placement:
    """Place her in a bed, within the year's caps unless the coordinator gives a reason."""
    request = _locked(request)
    if request.status != Status.APPROVED:
        raise ValidationError(_("Alleen een goedgekeurde aanvraag kan worden geplaatst."))
    if planned_end <= start:
        raise ValidationError(_("De einddatum moet na de begindatum liggen."))
    year = _year_locked(start, planned_end)
    stay = Stay(
        request=request,
        client=request.client,
        bed=bed,
        start=start,
        planned_end=planned_end,
        placed_by=by,
    )
    _book(stay, year, override_reason)
    request.status = Status.PLACED
    request.save(update_fields=["status"])
    return Placement(stay=stay, over_budget=_over_budget(year))


@acts_as_by
@transaction.atomic
def register_past_stay(
    *,
    client: Client,
    bed: Bed,
    start: datetime.date,
    end: datetime.date,
    reason: str,
    afterwards_reason: str,
    by: User,
    override_reason: str = "",
) -> Placement:
    """A stay that has already happened, registered afterwards by the coordinator: a request
    she assesses herself and an ended stay, under the same caps, costs and no double booking as
    a placement. The reason for registering afterwards is kept with the stay and its history."""
    today = timezone.localdate()
    if not afterwards_reason.strip():
        raise ValidationError(_("Geef de reden waarom je dit verblijf achteraf registreert."))
    if not reason.strip():
        raise ValidationError(_("Geef de reden voor de time-out."))
    if end <= start:
        raise ValidationError(_("De einddatum moet na de begindatum liggen."))
    if start >= today or end > today:
        raise ValidationError(
            _(
                "Een verblijf achteraf moet in het verleden liggen: het moet vóór vandaag "
                "beginnen en uiterlijk vandaag eindigen."
            )
        )
    if (end - start).days > MAX_REQUEST_DAYS:
        raise ValidationError(
            _("Een verblijf duurt hoogstens %(max)s dagen.") % {"max": MAX_REQUEST_DAYS}
        )
    year = _year_locked(start, end)
    request = TimeoutRequest.objects.create(
        client=client,
        submitted_by=by,
        reason=reason.strip(),
        wished_start=start,
        expected_days=(end - start).days,
        status=Status.ENDED,
        assessed_by=by,
        assessed_at=timezone.now(),
        assessment_note=_("Achteraf geregistreerd."),
    )
    stay = Stay(
        request=request,
        client=client,
        bed=bed,
        start=start,
        planned_end=end,
        actual_end=end,
        end_kind=Stay.EndKind.REGULAR,
        afterwards_reason=afterwards_reason.strip(),
        placed_by=by,
    )
    stay._change_reason = afterwards_reason.strip()  # type: ignore[attr-defined]  # in history
    _book(stay, year, override_reason)
    return Placement(stay=stay, over_budget=_over_budget(year))


@acts_as_by
@transaction.atomic
def extend_stay(
    *, stay: Stay, planned_end: datetime.date, by: User, override_reason: str = ""
) -> Placement:
    """A later planned end for a running stay: no new stay for the cap, but the year's maximum
    length holds (unless the coordinator gives a reason) and the bed must stay free."""
    stay = Stay.objects.select_for_update().get(pk=stay.pk)
    if stay.actual_end is not None:
        raise ValidationError(_("Dit verblijf is al beëindigd."))
    if planned_end <= stay.planned_end:
        raise ValidationError(
            _("De nieuwe einddatum moet na de huidige geplande einddatum liggen.")
        )
    year = _year_locked(stay.start, planned_end)
    problems = cap_problems(year, stay.start, planned_end, counts_as_new=False)
    if problems and not override_reason.strip():
        raise ValidationError(problems)
    stay.planned_end = planned_end
    fields = ["planned_end"]
    if problems:
        stay.override_reason = override_reason.strip()
        fields.append("override_reason")
    stay._change_reason = _("Verlengd")  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            stay.save(update_fields=fields)
    except IntegrityError as error:
        raise ValidationError(
            _("Dit bed is in die periode al bezet; kies een ander bed of andere data.")
        ) from error
    return Placement(stay=stay, over_budget=_over_budget(year))


@transaction.atomic
def end_stay(*, stay: Stay, actual_end: datetime.date, early: bool, reason: str) -> Stay:
    stay = Stay.objects.select_for_update().get(pk=stay.pk)
    if stay.actual_end is not None:
        raise ValidationError(_("Dit verblijf is al beëindigd."))
    if actual_end < stay.start:
        raise ValidationError(_("De einddatum moet op of na de begindatum liggen."))
    if early and not reason.strip():
        raise ValidationError(_("Geef de reden van het voortijdige einde."))
    stay.actual_end = actual_end
    stay.end_kind = Stay.EndKind.EARLY if early else Stay.EndKind.REGULAR
    stay.end_reason = reason.strip()
    try:
        with transaction.atomic():
            stay.save(update_fields=["actual_end", "end_kind", "end_reason"])
    except IntegrityError as error:  # a later end would overlap the next booking of the bed
        raise ValidationError(
            _("Dit bed is na de geplande einddatum al bezet; kies een eerdere einddatum.")
        ) from error
    request = TimeoutRequest.objects.select_for_update().get(pk=stay.request_id)
    request.status = Status.ENDED
    request.save(update_fields=["status"])
    return stay


def planned_cost(start: datetime.date, end: datetime.date) -> Decimal | None:
    """What a plan would cost, or None when a year it touches has no settings."""
    try:
        return stay_cost(start, end, all_year_settings())
    except KeyError:
        return None
