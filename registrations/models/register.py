"""The register of registrations (passes) and objections against decisions."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registrations.deadlines import objection_decision_deadline
from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import HAPPENED, PLANNED, floor_constraints, period_constraint
from stapteam.platform.text import length_at_most


class Registration(models.Model):
    class EndReason(models.TextChoices):
        OWN_REQUEST = "own_request", _("Op eigen verzoek")
        EXPIRY = "expiry", _("Verlopen")
        WITHDRAWAL = "withdrawal", _("Ingetrokken")

    person = models.ForeignKey(
        "registrations.Person",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("persoon"),
    )
    decision = models.OneToOneField(
        "registrations.Decision",
        on_delete=models.PROTECT,
        related_name="registration",
        verbose_name=_("besluit"),
    )
    pass_number = models.CharField(_("pasnummer"), max_length=20, unique=True)
    valid_from = models.DateField(_("geldig vanaf"), validators=[PLANNED])
    valid_until = models.DateField(_("geldig tot en met"), validators=[PLANNED])
    conditions = models.TextField(_("voorwaarden"), max_length=2000, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True, validators=[HAPPENED])
    end_reason = models.CharField(
        _("reden beëindiging"), max_length=12, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("toelichting"), max_length=300, blank=True)

    history = history_records()

    class Meta:
        ordering = ["valid_until", "pass_number"]
        verbose_name = _("registratie")
        verbose_name_plural = _("registraties")
        constraints = [
            *floor_constraints("registration", PLANNED, "valid_from", "valid_until"),
            *floor_constraints("registration", HAPPENED, "ended_on"),
            period_constraint("registration", "valid_from", "valid_until"),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="one_active_registration_per_person",
                violation_error_message=_("Deze persoon heeft al een actieve registratie."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="registration_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="registration_end_has_reason",
            ),
            length_at_most("conditions", 2000, name="registration_conditions_length"),
        ]

    def __str__(self) -> str:
        return self.pass_number

    def is_active(self, on: datetime.date) -> bool:
        return self.ended_on is None and self.valid_from <= on <= self.valid_until


class Objection(models.Model):
    """Bezwaar against a decision, with its own decision deadline (Awb 7:10)."""

    class SubmittedBy(models.TextChoices):
        SELF = "self", _("Zijzelf")
        REPRESENTATIVE = "representative", _("Gemachtigde")

    class Outcome(models.TextChoices):
        WELL_FOUNDED = "well_founded", _("Gegrond")
        PARTLY_FOUNDED = "partly_founded", _("Gedeeltelijk gegrond")
        UNFOUNDED = "unfounded", _("Ongegrond")
        INADMISSIBLE = "inadmissible", _("Niet-ontvankelijk")

    decision = models.ForeignKey(
        "registrations.Decision",
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("besluit"),
    )
    received_on = models.DateField(_("ontvangen op"), validators=[HAPPENED])
    submitted_by = models.CharField(
        _("ingediend door"), max_length=14, choices=SubmittedBy.choices, default=SubmittedBy.SELF
    )
    representative = models.CharField(_("naam gemachtigde"), max_length=160, blank=True)
    grounds = models.TextField(_("gronden van bezwaar"), max_length=4000)
    hearing_on = models.DateField(_("hoorzitting op"), null=True, blank=True, validators=[PLANNED])
    hearing_time = models.TimeField(_("hoorzitting om"), null=True, blank=True)
    hearing_place = models.CharField(_("plaats van de hoorzitting"), max_length=200, blank=True)
    advisory_committee = models.BooleanField(_("adviescommissie"), default=False)
    extension_weeks = models.PositiveSmallIntegerField(_("verdaging (weken)"), default=0)
    outcome = models.CharField(_("uitkomst"), max_length=14, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(_("beslist op"), null=True, blank=True, validators=[HAPPENED])
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )

    history = history_records()

    class Meta:
        ordering = ["-received_on"]
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        constraints = [
            *floor_constraints("objection", HAPPENED, "received_on", "decided_on"),
            *floor_constraints("objection", PLANNED, "hearing_on"),
            models.CheckConstraint(
                condition=Q(extension_weeks__lte=6), name="objection_extension_at_most_6_weeks"
            ),
            models.CheckConstraint(
                condition=Q(outcome="", decided_on__isnull=True)
                | ~Q(outcome="") & Q(decided_on__isnull=False),
                name="objection_outcome_with_date",
            ),
            models.CheckConstraint(
                condition=~Q(submitted_by="representative") | ~Q(representative=""),
                name="objection_representative_named",
            ),
            length_at_most("grounds", 4000, name="objection_grounds_length"),
            models.CheckConstraint(
                condition=Q(hearing_on__isnull=False)
                | Q(hearing_time__isnull=True, hearing_place=""),
                name="objection_hearing_time_and_place_with_date",
                violation_error_message=_(
                    "Vul eerst de datum van de hoorzitting in, dan het tijdstip en de plaats."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} – {self.received_on:%d-%m-%Y}"

    def decision_deadline(self) -> datetime.date | None:
        term_end = self.decision.objection_deadline()
        if term_end is None:
            return None
        return objection_decision_deadline(
            term_end,
            advisory_committee=self.advisory_committee,
            extension_weeks=self.extension_weeks,
        )
