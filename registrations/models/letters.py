"""Editable decision-letter templates (.docx with placeholders), one per outcome."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records


class LetterTemplate(models.Model):
    outcome = models.CharField(
        _("besluit"),
        max_length=8,
        choices=[("granted", _("Verleend")), ("refused", _("Geweigerd"))],
        unique=True,
    )
    file = models.FileField(
        _("sjabloon (.docx)"),
        upload_to="letter_templates/",
        help_text=_("Plaatshouders: zie docs/guide-secretariaat.md."),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    history = history_records()

    class Meta:
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")

    def __str__(self) -> str:
        return self.get_outcome_display()
