"""The trajectory plan (PGA): life domains, goals, ZRM assessments and trajectories beside care."""

from __future__ import annotations

from collections.abc import Collection

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import HAPPENED, PLANNED, floor_constraints
from stapteam.platform.text import length_at_most

ZRM_LABELS = {
    1: _("Acute problematiek"),
    2: _("Niet zelfredzaam"),
    3: _("Beperkt zelfredzaam"),
    4: _("Voldoende zelfredzaam"),
    5: _("Volledig zelfredzaam"),
}


class DomainSet(models.Model):
    """A versioned list of life domains (Nijmegen's 12 by default, ZRM 2017's 13 as an option)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    is_default = models.BooleanField(_("standaard"), default=False)

    history = history_records()

    class Meta:
        verbose_name = _("lijst leefgebieden")
        verbose_name_plural = _("lijsten leefgebieden")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_domain_set"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def default(cls) -> DomainSet:
        return cls.objects.get(is_default=True)

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # Making a list the default ends the current one in the same transaction (the beheer
        # page, stapteam/platform/beheer_kinds.py); the database keeps there being one.
        super().validate_constraints(exclude={*(exclude or ()), "is_default"})


class LifeDomain(models.Model):
    domain_set = models.ForeignKey(
        DomainSet, on_delete=models.PROTECT, related_name="domains", verbose_name=_("lijst")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("leefgebied"), max_length=80)
    order = models.PositiveSmallIntegerField(_("volgorde"))

    history = history_records()

    class Meta:
        ordering = ["domain_set", "order"]
        verbose_name = _("leefgebied")
        verbose_name_plural = _("leefgebieden")
        constraints = [
            models.UniqueConstraint(
                fields=["domain_set", "code"], name="domain_code_unique_in_set"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACHIEVED = "achieved", _("Bereikt")
        NOT_ACHIEVED = "not_achieved", _("Niet bereikt")
        LAPSED = "lapsed", _("Vervallen")

    client = models.ForeignKey(
        "stapteam.Client", on_delete=models.PROTECT, related_name="goals", verbose_name=_("cliënt")
    )
    domain = models.ForeignKey(
        LifeDomain, on_delete=models.PROTECT, related_name="goals", verbose_name=_("leefgebied")
    )
    wish = models.TextField(_("wat zij wil"), max_length=1000)
    actions = models.TextField(_("acties"), max_length=2000, blank=True)
    who = models.CharField(_("wie"), max_length=200, blank=True)
    target_date = models.DateField(_("streefdatum"), null=True, blank=True, validators=[PLANNED])
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default="open")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    history = history_records()

    class Meta:
        ordering = ["domain__order", "target_date", "id"]
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        constraints = [
            *floor_constraints("goal", PLANNED, "target_date"),
            length_at_most("wish", 1000, name="goal_wish_length"),
            length_at_most("actions", 2000, name="goal_actions_length"),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.wish[:40]}"


class ZrmAssessment(models.Model):
    """A dated snapshot of ZRM scores; never overwritten (the database refuses updates)."""

    class Moment(models.TextChoices):
        INTAKE = "intake", _("Intake")
        PROGRESS = "progress", _("Voortgang")
        EVALUATION = "evaluation", _("Evaluatie")
        OUTFLOW = "outflow", _("Uitstroom")

    client = models.ForeignKey(
        "stapteam.Client",
        on_delete=models.PROTECT,
        related_name="zrm_assessments",
        verbose_name=_("cliënt"),
    )
    assessed_on = models.DateField(_("datum"), validators=[HAPPENED])
    moment = models.CharField(_("moment"), max_length=12, choices=Moment.choices)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("beoordelaar"),
    )
    domain_set = models.ForeignKey(
        DomainSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("lijst leefgebieden")
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    history = history_records()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("ZRM-meting")
        verbose_name_plural = _("ZRM-metingen")
        constraints = [
            *floor_constraints("zrm_assessment", HAPPENED, "assessed_on"),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.assessed_on}"


class ZrmScore(models.Model):
    assessment = models.ForeignKey(
        ZrmAssessment, on_delete=models.PROTECT, related_name="scores", verbose_name=_("meting")
    )
    domain = models.ForeignKey(
        LifeDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("leefgebied")
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    not_scored_reason = models.CharField(_("reden niet gescoord"), max_length=200, blank=True)
    target_score = models.PositiveSmallIntegerField(_("doelscore"), null=True, blank=True)

    history = history_records()

    class Meta:
        ordering = ["domain__order"]
        verbose_name = _("ZRM-score")
        verbose_name_plural = _("ZRM-scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="one_score_per_domain"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5, not_scored_reason="")
                | Q(score__isnull=True) & ~Q(not_scored_reason=""),
                name="zrm_score_1_to_5_or_reason",
                violation_error_message=_(
                    "Een score is 1 tot en met 5, of niet gescoord met reden."
                ),
            ),
            models.CheckConstraint(
                condition=Q(target_score__isnull=True)
                | Q(target_score__gte=1, target_score__lte=5),
                name="zrm_target_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.score or '-'}"

    @property
    def label(self) -> str:
        return str(ZRM_LABELS[self.score]) if self.score else str(_("Niet gescoord"))


class Trajectory(models.Model):
    """A trajectory beside care: housing, diagnostics, ambulant support, addiction care."""

    class Kind(models.TextChoices):
        ENTRY_HOUSING = "entry_housing", _("Instroomwoning")
        OUTREACH_DIAGNOSTICS = "diagnostics", _("Outreachende diagnostiek")
        AMBULANT_SUPPORT = "ambulant", _("Ambulante woonbegeleiding")
        PROTECTED_HOUSING = "protected_housing", _("Beschermd wonen")
        ADDICTION_CARE = "addiction_care", _("Verslavingszorg")
        OTHER = "other", _("Anders")

    client = models.ForeignKey(
        "stapteam.Client",
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("cliënt"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    provider = models.CharField(
        _("aanbieder"), max_length=120, blank=True, help_text=_("Bijv. Terecht, Levenskracht.")
    )
    # Planned, not happened: a trajectory (an instroomwoning, say) is often agreed before it starts.
    started_on = models.DateField(_("start"), validators=[PLANNED])
    ended_on = models.DateField(_("einde"), null=True, blank=True, validators=[PLANNED])
    result = models.CharField(_("resultaat"), max_length=300, blank=True)

    history = history_records()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        constraints = [
            *floor_constraints("trajectory", PLANNED, "started_on", "ended_on"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="trajectory_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.get_kind_display()}"
