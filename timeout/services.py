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
from timeout.costs import all_year_settings, costs_in_year, counted_dates, stay_cost
from timeout.models import Bed, Stay, TimeoutRequest, YearSettings

Status = TimeoutRequest.Status


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
    return TimeoutRequest.objects.create(
        client=client,
        submitted_by=by,
        reason=reason.strip(),
        wished_start=wished_start,
        expected_days=expected_days,
    )


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
    return request


@transaction.atomic
def withdraw(*, request: TimeoutRequest) -> TimeoutRequest:
    request = _locked(request)
    if request.status not in (Status.REQUESTED, Status.APPROVED):
        raise ValidationError(_("Deze aanvraag kan niet meer worden ingetrokken."))
    request.status = Status.WITHDRAWN
    request.save(update_fields=["status"])
    return request


def cap_problems(year: YearSettings, start: datetime.date, planned_end: datetime.date) -> list[str]:
    """Why a plan goes over the year's caps (empty: within them). The one statement of the
    rule: `place` refuses on it unless overridden, the placement preview shows it."""
    days = len(counted_dates(start, planned_end, year.day_counting))
    used = Stay.objects.filter(cap_year=year.year).count()
    problems = []
    if used >= year.max_stays:
        problems.append(
            _("Dit wordt verblijf %(n)s in %(year)s; het maximum is %(max)s.")
            % {"n": used + 1, "year": year.year, "max": year.max_stays}
        )
    if days > year.max_days_per_stay:
        problems.append(
            _("Dit verblijf duurt %(days)s dagen; het maximum is %(max)s.")
            % {"days": days, "max": year.max_days_per_stay}
        )
    return problems


@dataclass
class Placement:
    stay: Stay
    over_budget: bool  # a warning for the coordinator, not a refusal


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
    """Place her in a bed. The year's settings row is locked, so that two placements at once
    cannot both take the last stay of the year; the database refuses a double booking."""
    request = _locked(request)
    if request.status != Status.APPROVED:
        raise ValidationError(_("Alleen een goedgekeurde aanvraag kan worden geplaatst."))
    if planned_end <= start:
        raise ValidationError(_("De einddatum moet na de begindatum liggen."))
    year = YearSettings.objects.select_for_update().filter(year=start.year).first()
    if year is None:
        raise ValidationError(
            _(
                "Voor %(year)s zijn geen tarief en maxima ingesteld; "
                "vraag de functioneel beheerder ze in te stellen."
            )
            % {"year": start.year}
        )
    years = all_year_settings()
    if planned_end.year not in years:
        raise ValidationError(
            _(
                "Voor %(year)s zijn geen tarief en maxima ingesteld; "
                "vraag de functioneel beheerder ze in te stellen."
            )
            % {"year": planned_end.year}
        )
    problems = cap_problems(year, start, planned_end)
    if problems and not override_reason.strip():
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            stay = Stay.objects.create(
                request=request,
                client=request.client,
                bed=bed,
                start=start,
                planned_end=planned_end,
                cap_year=year.year,
                override_reason=override_reason.strip() if problems else "",
                placed_by=by,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("Dit bed is in die periode al bezet; kies een ander bed of andere data.")
        ) from error
    request.status = Status.PLACED
    request.save(update_fields=["status"])
    _days, spent = costs_in_year(year.year)
    return Placement(stay=stay, over_budget=spent > year.budget)


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
