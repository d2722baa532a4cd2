"""The registration regime and its terms: settings kept by the beheerder, never code."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records

# The cover of a registration subject-access export, until the beheerder writes her own.
SUBJECT_ACCESS_TEXT = (
    "U heeft gevraagd welke gegevens de gemeente Nijmegen over u heeft vastgelegd voor de "
    "registratie voor de tippelzone. Dat is uw recht op inzage (artikel 15 van de Algemene "
    "verordening gegevensbescherming, AVG). De gemeente legt deze gegevens vast om te besluiten "
    "over uw registratie en uw pas; de grondslag is een taak van algemeen belang (AVG artikel 6 "
    "lid 1 onder e) en de regels van de gemeente voor de tippelzone. Gegevens over andere "
    "mensen zijn weggelakt (AVG artikel 15 lid 4). Klopt er iets niet, dan kunt u vragen het te "
    "verbeteren of te verwijderen (AVG artikel 16 en 17). Bent u het niet eens met hoe wij met "
    "uw gegevens omgaan, dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens."
)


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
    subject_access_text = models.TextField(
        _("inzage: uitleg en grondslag"),
        max_length=10_000,
        default=SUBJECT_ACCESS_TEXT,
        help_text=_("Staat op de eerste pagina van elke inzage (AVG art. 15) in de registratie."),
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
        ]

    def __str__(self) -> str:
        return str(_("Instellingen registratie"))

    @classmethod
    def current(cls) -> RegistrationSettings:
        obj, _created = cls.objects.get_or_create(id=1)
        return obj
