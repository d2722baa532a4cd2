"""The bounds of a plausible date: one validator per kind of date (birth, happened, planned), the
five-year limit on a period, and the database constraints for the bounds that never move.

Every DateField and DateTimeField of STAP carries one of BIRTH_DATE, HAPPENED or PLANNED, and every
form date field too (`stapteam/forms/fields.py` `date_field`); tests/test_date_bounds.py fails for
a model field without one that is not in SYSTEM_TIMESTAMPS. The lower bounds are fixed and are also
CheckConstraints (`floor_constraints`); "today" moves, so the upper bounds live here only.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.fields import DateRangeField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from stapteam.platform.dates import add_years
from stapteam.platform.formats import day_date

EARLIEST_BIRTH = datetime.date(1900, 1, 1)
# Nothing STAP records happened before 2000 (the project began in 2021): earlier is a typing error.
EARLIEST = datetime.date(2000, 1, 1)
YEARS_AHEAD = 5
MAX_PERIOD_YEARS = 5

# Date and time fields that code fills in, never a person: no form offers them, so no bound is
# needed. tests/test_date_bounds.py accepts a field without a bound only when it is named here.
SYSTEM_TIMESTAMPS: dict[str, str] = {
    "stapteam.User.last_login": "set by django.contrib.auth at each login",
    "stapteam.User.date_joined": "set by django.contrib.auth when the account is made",
    "stapteam.Client.created_at": "auto_now_add",
    "stapteam.ClientAccessGrant.created_at": "auto_now_add",
    "stapteam.AccessLogEntry.at": "the access log's own clock (NEN 7513); append-only",
    "stapteam.SubmissionKey.used_at": "the moment a form was sent, set by the middleware",
    "stapteam.ReportSnapshot.made_at": "the moment a report was fixed, set by the service",
    "stapteam.SubjectAccessRedaction.made_at": "the moment of the redaction, set by the service",
    "registrations.SubjectAccessRedaction.made_at": "the moment of the redaction, set by code",
    "stapteam.Contact.created_at": "auto_now_add",
    "stapteam.Contact.corrected_at": "the moment of the last correction, set by correct_contact",
    "stapteam.EscalationAction.created_at": "auto_now_add",
    "stapteam.Goal.created_at": "auto_now_add",
    "stapteam.ZrmAssessment.created_at": "auto_now_add",
    "stapteam.DestructionRecord.destroyed_at": "auto_now_add",
    "stapteam.SubjectAccessRequest.created_at": "auto_now_add",
    "registrations.DayPass.issued_at": "auto_now_add",
    "registrations.LetterTemplate.updated_at": "auto_now",
    "registrations.Letter.created_at": "auto_now_add: when the sent letter was filed",
    "registrations.InboundMail.received_at": "auto_now_add: when STAP fetched the mail",
    "registrations.MailboxFetch.started_at": "the moment a mailbox fetch began, set by code",
    "registrations.MailboxFetch.finished_at": "the moment a mailbox fetch ended, set by code",
    "registrations.RegistrationRequest.created_at": "auto_now_add",
    "registrations.Advice.asked_at": "auto_now_add",
    "registrations.SubjectAccessRequest.created_at": "auto_now_add",
    "timeout.TimeoutRequest.submitted_at": "auto_now_add",
    "budgets.LedgerEntry.entered_at": "auto_now_add",
    "budgets.Approval.decided_at": "auto_now_add",
    # History rows (django-simple-history) copy what their record held and add history_date, the
    # moment of the change; they are written by code only and must keep what was, so the bounds
    # live on the records themselves. The test skips history models for this reason.
}


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def as_day(value: datetime.date) -> datetime.date:
    """The calendar day (in Nijmegen) of a date or a date and time."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@deconstructible
class DateBound:
    """A validator: the date (or the day of a date and time) lies between `earliest` and a latest
    day counted from today. The message states the rule in Dutch."""

    earliest = EARLIEST
    years_ahead = 0
    message: Any = _("Kies een datum tussen %(earliest)s en %(latest)s.")
    floor_message: Any = _("De datum ligt niet vóór 1 januari 2000.")
    code = "date_out_of_bounds"

    def latest(self, today: datetime.date | None = None) -> datetime.date:
        return add_years(today or timezone.localdate(), self.years_ahead)

    def earliest_moment(self) -> datetime.datetime:
        """The first moment of the earliest day, for the constraint on a date and time field."""
        return datetime.datetime.combine(self.earliest, datetime.time.min, tzinfo=_zone())

    def latest_moment(self, today: datetime.date | None = None) -> datetime.datetime:
        day = self.latest(today) + datetime.timedelta(days=1)
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=_zone())

    def contains(self, value: datetime.date, today: datetime.date | None = None) -> bool:
        try:
            day = as_day(value)
        except (OverflowError, ValueError):  # year 1 or 9999 moved across midnight by the zone
            return False
        return self.earliest <= day <= self.latest(today)

    def __call__(self, value: datetime.date | None) -> None:
        if value is None or self.contains(value):
            return
        params = {"earliest": day_date(self.earliest), "latest": day_date(self.latest())}
        raise ValidationError(self.message, code=self.code, params=params)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))


class BirthDate(DateBound):
    earliest = EARLIEST_BIRTH
    message = _("Vul een geboortedatum in tussen 1 januari 1900 en vandaag.")
    floor_message = _("Een geboortedatum ligt niet vóór 1 januari 1900.")


class HappenedDate(DateBound):
    """Received, decided, contact, expense, consent, handled: it has happened."""

    message = _("Dit is al gebeurd: kies een datum tussen 1 januari 2000 en vandaag.")


class PlannedDate(DateBound):
    """Validity, follow-ups, stays, deadlines: in the past (a coordinator registering a past stay,
    a pass that already runs) or at most five years ahead, never further."""

    years_ahead = YEARS_AHEAD
    message = _("Kies een datum tussen 1 januari 2000 en %(latest)s (hoogstens vijf jaar vooruit).")


BIRTH_DATE = BirthDate()
HAPPENED = HappenedDate()
PLANNED = PlannedDate()
BOUNDS = (BIRTH_DATE, HAPPENED, PLANNED)


def bound_of(field: models.Field[Any, Any]) -> DateBound | None:
    """The bound a model field carries, if any."""
    return next((v for v in field.validators if isinstance(v, DateBound)), None)


def period_end_latest(start: datetime.date) -> datetime.date:
    return add_years(start, MAX_PERIOD_YEARS)


def period_error(start: datetime.date | None, end: datetime.date | None) -> ValidationError | None:
    """A period (validity, budget, stay, handover) lasts at most five years."""
    if start is None or end is None or end <= period_end_latest(start):
        return None
    return ValidationError(
        _("Een periode duurt hoogstens vijf jaar: kies een einddatum tot en met %(latest)s."),
        code="period_too_long",
        params={"latest": day_date(period_end_latest(start))},
    )


class PlusYears(models.Func):
    """`day + make_interval(years => n)` in PostgreSQL: immutable, so usable in a CHECK."""

    template = "(%(expressions)s + make_interval(years => %(years)d))"
    output_field = models.DateField()

    def __init__(self, expression: Any, years: int) -> None:
        super().__init__(expression, years=years)


def floor_constraints(
    prefix: str, bound: DateBound, *dates: str, moments: tuple[str, ...] = ()
) -> list[models.BaseConstraint]:
    """The fixed lower bound of each of `dates` (date fields) and `moments` (date and time fields)
    as a named CheckConstraint; NULL passes, as in every CHECK."""
    floors = [(name, bound.earliest) for name in dates]
    floors += [(name, bound.earliest_moment()) for name in moments]
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__gte": floor}),
            name=f"{prefix}_{name}_from_{bound.earliest.year}",
            violation_error_message=bound.floor_message,
        )
        for name, floor in floors
    ]


def period_constraint(prefix: str, start: str, end: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end}__lte": PlusYears(models.F(start), MAX_PERIOD_YEARS)}),
        name=f"{prefix}_{end}_within_{MAX_PERIOD_YEARS}_years",
        violation_error_message=_("Een periode duurt hoogstens vijf jaar."),
    )


class DateRange(Func):
    """PostgreSQL's daterange(start, end, bounds), for exclusion constraints on periods."""

    function = "daterange"
    output_field = DateRangeField()
