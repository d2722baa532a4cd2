"""Time-out beds: year settings, locations and beds, requests and stays."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.models import Client
from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import (
    HAPPENED,
    PLANNED,
    DateRange,
    floor_constraints,
    period_constraint,
)
from stapteam.platform.roles import Role, has_role
from stapteam.platform.text import length_at_most

if TYPE_CHECKING:
    from stapteam.models import User


class YearSettings(models.Model):
    """Tariff, caps, budget and day counting for one calendar year; nothing is hard-coded."""

    class DayCounting(models.TextChoices):
        NIGHTS = "nights", _("Nachten (einddatum min begindatum)")
        CALENDAR_DAYS = "calendar_days", _("Kalenderdagen, begin- en einddag meegeteld")

    year = models.PositiveSmallIntegerField(
        _("jaar"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    tariff_per_day = models.DecimalField(_("tarief per dag"), max_digits=8, decimal_places=2)
    max_stays = models.PositiveSmallIntegerField(_("maximum verblijven per jaar"), default=6)
    max_days_per_stay = models.PositiveSmallIntegerField(
        _("maximum dagen per verblijf"), default=14
    )
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2)
    day_counting = models.CharField(
        _("dagen tellen"), max_length=14, choices=DayCounting.choices, default=DayCounting.NIGHTS
    )
    # A closed year is accounted for: its tariff and day counting no longer change (a trigger of
    # migration 0005 refuses it in the database too); reopening is a change of its own.
    is_closed = models.BooleanField(
        _("jaar afgesloten"),
        default=False,
        help_text=_("Een afgesloten jaar is verantwoord: tarief en dagen tellen liggen vast."),
    )

    history = history_records()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("jaarinstelling time-out")
        verbose_name_plural = _("jaarinstellingen time-out")
        constraints = [
            models.CheckConstraint(
                condition=Q(tariff_per_day__gt=0),
                name="tariff_positive",
                violation_error_message=_("Het tarief per dag is meer dan € 0."),
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="budget_not_negative",
                violation_error_message=_("Het budget is € 0 of meer."),
            ),
            models.CheckConstraint(
                condition=Q(max_stays__gte=1, max_days_per_stay__gte=1),
                name="caps_at_least_1",
                violation_error_message=_(
                    "Het maximum aantal verblijven en het maximum aantal dagen per verblijf zijn "
                    "ten minste 1."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


class Location(models.Model):
    name = models.CharField(_("locatie"), max_length=120, unique=True)

    history = history_records()

    class Meta:
        ordering = ["name"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")

    def __str__(self) -> str:
        return self.name


class Bed(models.Model):
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="beds", verbose_name=_("locatie")
    )
    name = models.CharField(_("bed"), max_length=60)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    history = history_records()

    class Meta:
        ordering = ["location__name", "name"]
        verbose_name = _("bed")
        verbose_name_plural = _("bedden")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "name"], name="bed_name_unique_per_location"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location} – {self.name}"


class RequestQuerySet(models.QuerySet["TimeoutRequest"]):
    def visible_to(self, user: User) -> RequestQuerySet:
        if has_role(user, Role.COORDINATOR):
            return self.all()
        rule = Q(pk__in=[])
        if has_role(user, Role.CASEMANAGER):
            rule |= Q(client__in=Client.objects.visible_to(user))
        if has_role(user, Role.CIRKEL_STAFF, Role.CASEMANAGER):
            rule |= Q(submitted_by=user)
        if has_role(user, Role.PROCESS_DIRECTOR):
            rule |= Q(client__in=Client.objects.visible_to(user))
        return self.filter(rule)


class TimeoutRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Aangevraagd")
        APPROVED = "approved", _("Goedgekeurd")
        REFUSED = "refused", _("Afgewezen")
        PLACED = "placed", _("Geplaatst")
        ENDED = "ended", _("Beëindigd")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="timeout_requests", verbose_name=_("cliënt")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    submitted_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    reason = models.TextField(_("reden"), max_length=1000)
    wished_start = models.DateField(_("gewenste startdatum"), validators=[PLANNED])
    expected_days = models.PositiveSmallIntegerField(
        _("verwachte duur (dagen)"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    assessed_at = models.DateTimeField(
        _("beoordeeld op"), null=True, blank=True, validators=[PLANNED]
    )
    assessment_note = models.CharField(_("toelichting beoordeling"), max_length=500, blank=True)

    history = history_records()

    objects: ClassVar[RequestQuerySet] = RequestQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("time-outaanvraag")
        verbose_name_plural = _("time-outaanvragen")
        permissions = [
            ("assess_timeout", _("Time-outaanvragen beoordelen en plaatsen")),
            ("view_timeout_calendar", _("Bedkalender bekijken")),
            ("view_timeout_overview", _("Jaaroverzicht time-out bekijken")),
        ]
        constraints = [
            *floor_constraints("timeout_request", PLANNED, "wished_start"),
            *floor_constraints("timeout_request", HAPPENED, moments=("assessed_at",)),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(assessment_note=""),
                name="timeout_refusal_has_reason",
            ),
            length_at_most("reason", 1000, name="timeout_request_reason_length"),
        ]

    def __str__(self) -> str:
        return f"{self.client.code} {self.wished_start:%d-%m-%Y}"


class Stay(models.Model):
    """A stay in a bed. The database refuses two overlapping stays on one bed."""

    class EndKind(models.TextChoices):
        REGULAR = "regular", _("Regulier")
        EARLY = "early", _("Voortijdig")

    request = models.OneToOneField(
        TimeoutRequest, on_delete=models.PROTECT, related_name="stay", verbose_name=_("aanvraag")
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="timeout_stays", verbose_name=_("cliënt")
    )
    bed = models.ForeignKey(
        Bed, on_delete=models.PROTECT, related_name="stays", verbose_name=_("bed")
    )
    # Every date of a stay is a planned date: 2000 up to five years ahead, so a coordinator can
    # register a past stay (the desk issue) or an end ahead of time, within the same bounds.
    start = models.DateField(_("begindatum"), validators=[PLANNED])
    planned_end = models.DateField(_("geplande einddatum"), validators=[PLANNED])
    actual_end = models.DateField(
        _("werkelijke einddatum"), null=True, blank=True, validators=[HAPPENED]
    )
    end_kind = models.CharField(_("einde"), max_length=8, choices=EndKind.choices, blank=True)
    end_reason = models.CharField(_("reden einde"), max_length=300, blank=True)
    # The year whose cap this stay counts against: the year it starts in.
    cap_year = models.PositiveSmallIntegerField(_("telt mee in jaar"))
    override_reason = models.CharField(
        _("reden afwijking maximum"),
        max_length=300,
        blank=True,
        help_text=_("Alleen als de coördinator boven het maximum plaatst."),
    )
    afterwards_reason = models.CharField(
        _("reden registratie achteraf"),
        max_length=300,
        blank=True,
        help_text=_("Alleen bij een verblijf dat de coördinator achteraf registreert."),
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geplaatst door"),
    )

    history = history_records()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("verblijf")
        verbose_name_plural = _("verblijven")
        constraints = [
            *floor_constraints("stay", PLANNED, "start", "planned_end", "actual_end"),
            period_constraint("stay", "start", "planned_end"),
            period_constraint("stay", "start", "actual_end"),
            ExclusionConstraint(
                name="no_double_booking",
                expressions=[
                    ("bed", RangeOperators.EQUAL),
                    (
                        DateRange(
                            "start",
                            Coalesce("actual_end", "planned_end"),
                            models.Value("[)"),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_("Dit bed is in die periode al bezet."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gt=models.F("start")), name="stay_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=models.F("start")),
                name="stay_actual_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True, end_kind="")
                | Q(actual_end__isnull=False) & ~Q(end_kind=""),
                name="stay_end_has_kind",
            ),
            # A stay registered afterwards lies in the past: it has ended.
            models.CheckConstraint(
                condition=Q(afterwards_reason="") | Q(actual_end__isnull=False),
                name="stay_afterwards_has_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bed} {self.start:%d-%m-%Y}"

    @property
    def end(self) -> datetime.date:
        return self.actual_end or self.planned_end

    @property
    def end_passed(self) -> bool:
        """Her planned end has passed and nobody ended the stay: end it or extend it."""
        return self.actual_end is None and self.planned_end < timezone.localdate()
