"""Anonymous day passes: pass number and date only, no name and no link to any care file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import HAPPENED, floor_constraints


class DayPass(models.Model):
    """The database refuses a pass past the day's cap (a trigger, safe under concurrent use)."""

    day = models.DateField(_("datum"), validators=[HAPPENED])
    pass_number = models.CharField(_("pasnummer"), max_length=20)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uitgegeven door"),
    )
    issued_at = models.DateTimeField(_("uitgegeven op"), auto_now_add=True)

    history = history_records()

    class Meta:
        ordering = ["-day", "-issued_at"]
        verbose_name = _("dagpas")
        verbose_name_plural = _("dagpassen")
        constraints = [
            *floor_constraints("day_pass", HAPPENED, "day"),
            models.UniqueConstraint(fields=["day", "pass_number"], name="day_pass_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pass_number} {self.day:%d-%m-%Y}"
