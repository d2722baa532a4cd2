"""Closure periods of a client file: closed on, outcome, by whom, and the reopening after."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from stapteam.models.clients import Client
from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import HAPPENED, floor_constraints


class ClosureQuerySet(models.QuerySet["Closure"]):
    def closed_throughout(self, start: datetime.date, end: datetime.date) -> ClosureQuerySet:
        """Closures that keep the file closed on every day from `start` to `end`: closed before
        the period began and not reopened until after it (a file is closed from the day after
        its closing until the day before its reopening)."""
        return self.filter(closed_on__lt=start).filter(
            Q(reopened_on__isnull=True) | Q(reopened_on__gt=end)
        )


class Closure(models.Model):
    """One period in which the file was closed (or handed to monitoring); open while not reopened.

    The client row holds the current state (status, closed_on, outcome); these rows keep every
    earlier closure, so reopening loses no outcome and reports can count outcomes per period.
    """

    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="closures",
        verbose_name=_("cliënt"),
    )
    closed_on = models.DateField(_("afgesloten op"), validators=[HAPPENED])
    outcome = models.CharField(_("uitkomst"), max_length=14, choices=Client.Outcome.choices)
    outcome_region = models.CharField(_("naar regio"), max_length=80, blank=True)
    reason = models.CharField(_("toelichting bij afsluiten"), max_length=500, blank=True)
    # Empty for closures recorded before this table existed (copied from the client row).
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgesloten door"),
    )
    reopened_on = models.DateField(_("heropend op"), null=True, blank=True, validators=[HAPPENED])
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("heropend door"),
    )
    reopen_reason = models.CharField(_("reden voor heropenen"), max_length=300, blank=True)

    history = history_records()
    objects = ClosureQuerySet.as_manager()

    class Meta:
        ordering = ["-closed_on", "-id"]
        verbose_name = _("afsluiting")
        verbose_name_plural = _("afsluitingen")
        constraints = [
            *floor_constraints("closure", HAPPENED, "closed_on", "reopened_on"),
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(reopened_on__isnull=True),
                name="closure_one_open_per_client",
                violation_error_message=_("Een dossier heeft hoogstens één lopende afsluiting."),
            ),
            models.CheckConstraint(
                condition=Q(reopened_on__isnull=True) | Q(reopened_on__gte=F("closed_on")),
                name="closure_reopened_after_closed",
                violation_error_message=_("De heropendatum ligt op of na de afsluitdatum."),
            ),
            models.CheckConstraint(
                condition=Q(reopened_on__isnull=True, reopen_reason="")
                | Q(reopened_on__isnull=False) & ~Q(reopen_reason=""),
                name="closure_reopening_has_reason",
                violation_error_message=_("Geef een reden op voor heropenen."),
            ),
            models.CheckConstraint(condition=~Q(outcome=""), name="closure_has_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.closed_on}"

    @property
    def is_open(self) -> bool:
        return self.reopened_on is None
