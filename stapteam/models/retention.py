"""Retention: the categories of personal data with their terms, and the record of destruction."""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import HAPPENED, floor_constraints
from stapteam.platform.dates import add_years


class RetentionCategory(models.Model):
    """A kind of personal data and how long STAP keeps it after its clock starts.

    The codes are fixed (the rules in stapteam/platform/retention.py and the other apps name
    them); the beheerder sets the terms. The defaults come from migration 0010.
    """

    class Action(models.TextChoices):
        ANONYMISE = "anonymise", _("Anonimiseren (cijfers blijven)")
        DELETE = "delete", _("Verwijderen")

    code = models.SlugField(_("code"), max_length=40, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=120)
    records = models.CharField(_("gegevens"), max_length=300)
    clock = models.CharField(_("termijn begint bij"), max_length=200)
    term_years = models.PositiveSmallIntegerField(
        _("bewaartermijn (jaren)"), default=0, validators=[MaxValueValidator(100)]
    )
    term_weeks = models.PositiveSmallIntegerField(
        _("plus weken"), default=0, validators=[MaxValueValidator(520)]
    )
    legal_basis = models.CharField(_("grondslag"), max_length=300)
    action = models.CharField(_("wat er gebeurt"), max_length=10, choices=Action.choices)

    history = history_records()

    class Meta:
        ordering = ["name"]
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_years__gt=0) | Q(term_weeks__gt=0),
                name="retention_term_not_zero",
                violation_error_message=_("Een bewaartermijn is langer dan nul."),
            ),
            models.CheckConstraint(
                condition=Q(term_years__lte=100, term_weeks__lte=520),
                name="retention_term_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def cutoff(self, today: datetime.date) -> datetime.date:
        """A record whose clock started before this day is past its term on `today`."""
        return add_years(today, -self.term_years) - datetime.timedelta(weeks=self.term_weeks)


class DestructionRecord(models.Model):
    """One destroyed or anonymised record: what, when, by what. Append-only (a trigger).

    Holds no name: the object's type and id, and for care data the client code.
    """

    class Action(models.TextChoices):
        ANONYMISED = "anonymised", _("geanonimiseerd")
        DELETED = "deleted", _("verwijderd")

    category = models.CharField(_("categorie"), max_length=40)
    object_type = models.CharField(_("soort gegeven"), max_length=60)
    object_id = models.CharField(_("kenmerk"), max_length=40)
    client_code = models.CharField(_("cliëntcode"), max_length=12, blank=True)
    action = models.CharField(_("handeling"), max_length=10, choices=Action.choices)
    destroyed_on = models.DateField(_("datum"), validators=[HAPPENED])
    destroyed_at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    destroyed_by = models.CharField(_("door"), max_length=60, default="apply_retention")
    related_rows = models.PositiveIntegerField(_("bijbehorende rijen"), default=0)

    class Meta:
        ordering = ["-destroyed_at", "-id"]
        verbose_name = _("vernietigingsregel")
        verbose_name_plural = _("vernietigingsregister")
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["category", "object_type", "object_id"], name="destruction_obj"),
        ]
        constraints = [
            *floor_constraints("destruction", HAPPENED, "destroyed_on"),
        ]

    def __str__(self) -> str:
        return f"{self.destroyed_on} {self.category} {self.object_type} {self.object_id}"
