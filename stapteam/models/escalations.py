"""Escalation (opschaling) of a stagnating case to the procesregisseur, with agreements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import HAPPENED, PLANNED, floor_constraints
from stapteam.platform.text import length_at_most


class Escalation(models.Model):
    client = models.ForeignKey(
        "stapteam.Client",
        on_delete=models.PROTECT,
        related_name="escalations",
        verbose_name=_("cliënt"),
    )
    question = models.TextField(_("vraag aan procesregie"), max_length=2000)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    raised_at = models.DateTimeField(
        _("opgeschaald op"), default=timezone.now, validators=[HAPPENED]
    )
    respond_by = models.DateField(_("reageren voor"), validators=[PLANNED])
    acknowledged_at = models.DateTimeField(
        _("in behandeling genomen op"), null=True, blank=True, validators=[HAPPENED]
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in behandeling genomen door"),
    )
    closed_at = models.DateTimeField(
        _("afgesloten op"), null=True, blank=True, validators=[HAPPENED]
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgesloten door"),
    )
    closing_note = models.TextField(_("afsluitende notitie"), max_length=2000, blank=True)

    history = history_records()

    class Meta:
        ordering = ["respond_by", "raised_at"]
        verbose_name = _("opschaling")
        verbose_name_plural = _("opschalingen")
        permissions = [("handle_escalation", _("Opschaling behandelen (procesregie)"))]
        constraints = [
            *floor_constraints(
                "escalation",
                HAPPENED,
                moments=(
                    "raised_at",
                    "acknowledged_at",
                    "closed_at",
                ),
            ),
            *floor_constraints("escalation", PLANNED, "respond_by"),
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(closed_at__isnull=True),
                name="one_open_escalation_per_client",
                violation_error_message=_("Voor deze cliënt loopt al een opschaling."),
            ),
            models.CheckConstraint(condition=~Q(question=""), name="escalation_has_question"),
            length_at_most("question", 2000, name="escalation_question_length"),
            length_at_most("closing_note", 2000, name="escalation_closing_note_length"),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.raised_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def is_overdue(self) -> bool:
        return self.acknowledged_at is None and self.respond_by < timezone.localdate()


class EscalationAction(models.Model):
    """An agreement or action recorded by the procesregisseur, with owner and follow-up date."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Afspraak")
        ACTION = "action", _("Actie")

    escalation = models.ForeignKey(
        Escalation, on_delete=models.PROTECT, related_name="actions", verbose_name=_("opschaling")
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.AGREEMENT)
    description = models.TextField(_("omschrijving"), max_length=2000)
    owner = models.CharField(_("eigenaar"), max_length=120)
    follow_up_on = models.DateField(_("vervolgdatum"), null=True, blank=True, validators=[PLANNED])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    history = history_records()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("afspraak of actie")
        verbose_name_plural = _("afspraken en acties")
        constraints = [
            *floor_constraints("escalation_action", PLANNED, "follow_up_on"),
            length_at_most("description", 2000, name="escalation_action_description_length"),
        ]

    def __str__(self) -> str:
        return self.description[:60]
