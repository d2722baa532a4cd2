"""Frozen snapshots of the Rapportage ("Vastleggen"): the figures and files as they were made."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import PLANNED, floor_constraints


class ReportSnapshotQuerySet(models.QuerySet["ReportSnapshot"]):
    def visible_to(self, user: Any) -> ReportSnapshotQuerySet:
        """Who may read snapshots reads them all; they hold the full report (rows per
        casemanager), so policy staff, who see aggregates only, see none."""
        if user.has_perm("stapteam.view_reportsnapshot"):
            return self
        return self.none()


class ReportSnapshot(models.Model):
    """A report as it stood when it was fixed: its period, reference date, every figure (JSON,
    typed: see stapteam/reports/snapshots.py) and its Excel and Word files. Never changed
    afterwards: a trigger refuses UPDATE (migration 0027)."""

    label = models.CharField(_("omschrijving"), max_length=80, blank=True)
    period_start = models.DateField(_("van"), validators=[PLANNED])
    period_end = models.DateField(_("tot en met"), validators=[PLANNED])
    reference_date = models.DateField(_("peildatum"), validators=[PLANNED])
    figures = models.JSONField(_("cijfers"))
    xlsx = models.BinaryField(_("Excel-bestand"))
    docx = models.BinaryField(_("Word-rapport"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="report_snapshots",
        verbose_name=_("vastgelegd door"),
    )
    made_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    # The files are in the row itself and never change; the history keeps who made it, when.
    history = history_records(excluded_fields=["xlsx", "docx"])
    objects = ReportSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("vastgelegde rapportage")
        verbose_name_plural = _("vastgelegde rapportages")
        constraints = [
            *floor_constraints(
                "report_snapshot", PLANNED, "period_start", "period_end", "reference_date"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_snapshot_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(reference_date__gte=models.F("period_start")),
                name="report_snapshot_reference_in_period",
            ),
        ]

    def __str__(self) -> str:
        if self.label:
            return self.label
        return str(_("Rapportage %(start)s tot en met %(end)s")) % {
            "start": self.period_start.strftime("%d-%m-%Y"),
            "end": self.period_end.strftime("%d-%m-%Y"),
        }
