"""The registration regime and its terms: settings kept by the beheerder, never code."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.text import LONG_TEXT_LENGTH, length_at_most


class RegistrationSettings(models.Model):
    """One row. Switching the regime keeps all history; both regimes' data stay."""

    class Regime(models.TextChoices):
        NAMED = "named", _("Registratie op naam")
        DAY_PASS = "day_pass", _("Anonieme dagpassen")

    regime = models.CharField(
        _("regime"), max_length=10, choices=Regime.choices, default=Regime.DAY_PASS
    )
    legal_basis = models.TextField(
        _("juridische grondslag"),
        max_length=LONG_TEXT_LENGTH,
        blank=True,
        help_text=_("Bijv. de APV-bepaling of de uitspraak waarop het regime rust."),
    )
    legal_basis_date = models.DateField(_("grondslag geldt sinds"), null=True, blank=True)
    care_period_months = models.PositiveSmallIntegerField(
        _("zorgvoorwaarde: bekend in de Nijmeegse zorg sinds (maanden)"), default=12
    )
    decision_term_weeks = models.PositiveSmallIntegerField(
        _("beslistermijn (weken)"), default=8, help_text=_("Ten hoogste 8 weken (Awb 4:13).")
    )
    day_pass_cap = models.PositiveSmallIntegerField(_("dagpassen per dag"), default=20)
    expiry_warning_weeks = models.PositiveSmallIntegerField(
        _("waarschuwen bij verlopen pas (weken vooraf)"), default=6
    )

    history = history_records()

    class Meta:
        verbose_name = _("instellingen registratie")
        verbose_name_plural = _("instellingen registratie")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="registration_settings_single_row"),
            models.CheckConstraint(
                condition=Q(decision_term_weeks__gte=1, decision_term_weeks__lte=8),
                name="decision_term_at_most_8_weeks",
            ),
            models.CheckConstraint(condition=Q(day_pass_cap__gte=1), name="day_pass_cap_min_1"),
            length_at_most(
                "legal_basis", LONG_TEXT_LENGTH, name="registration_settings_legal_basis_length"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Instellingen registratie"))

    @classmethod
    def current(cls) -> RegistrationSettings:
        obj, _created = cls.objects.get_or_create(id=1)
        return obj
