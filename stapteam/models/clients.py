"""Clients and who works with them: assignments, warm handovers, peer links, access grants."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import (
    BIRTH_DATE,
    HAPPENED,
    PLANNED,
    floor_constraints,
    period_constraint,
)
from stapteam.platform.roles import Role, has_role
from stapteam.platform.text import length_at_most

if TYPE_CHECKING:
    from stapteam.models.accounts import User


# The cover of a care subject-access export, until the beheerder writes her own.
SUBJECT_ACCESS_TEXT = (
    "U heeft gevraagd welke gegevens het STAP-team over u heeft vastgelegd. Dat is uw recht "
    "op inzage (artikel 15 van de Algemene verordening gegevensbescherming, AVG). Het STAP-team "
    "(IrisZorg en Leger des Heils) legt deze gegevens vast om u zorg en begeleiding te geven; "
    "de grondslag is uw toestemming en de uitvoering van de zorgovereenkomst (AVG artikel 6 en "
    "9). De gegevens worden 15 jaar na het afsluiten van uw dossier vernietigd. Gegevens over "
    "andere mensen zijn weggelakt (AVG artikel 15 lid 4). Klopt er iets niet, dan kunt u vragen "
    "het te verbeteren of te verwijderen (AVG artikel 16 en 17). Bent u het niet eens met hoe "
    "wij met uw gegevens omgaan, dan kunt u een klacht indienen bij de Autoriteit "
    "Persoonsgegevens."
)


class CaseloadSettings(models.Model):
    """The team's thresholds, one row, kept by the beheerder."""

    no_contact_days = models.PositiveSmallIntegerField(
        _("signaal: dagen zonder contact"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    zrm_months = models.PositiveSmallIntegerField(
        _("signaal: maanden zonder ZRM-score"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    propose_escalation_days = models.PositiveSmallIntegerField(
        _("opschaling voorstellen na dagen signaal"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_("Hoe lang een signaal mag bestaan voordat STAP opschaling voorstelt."),
    )
    response_working_days = models.PositiveSmallIntegerField(
        _("reactietermijn procesregie (werkdagen)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    handover_overlap_days = models.PositiveSmallIntegerField(
        _("standaard overlap warme overdracht (dagen)"),
        default=14,
        validators=[MaxValueValidator(180)],
    )
    norm_hours_per_week = models.DecimalField(
        _("norm uren per cliënt per week"), max_digits=4, decimal_places=1, default=4
    )
    subject_access_text = models.TextField(
        _("inzage: uitleg en grondslag"),
        max_length=10_000,
        default=SUBJECT_ACCESS_TEXT,
        help_text=_("Staat op de eerste pagina van elke inzage (AVG art. 15) in het zorgdossier."),
    )

    history = history_records()

    class Meta:
        verbose_name = _("instellingen caseload")
        verbose_name_plural = _("instellingen caseload")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="caseload_settings_single_row"),
            length_at_most(
                "subject_access_text", 10_000, name="caseload_settings_subject_access_text_length"
            ),
            models.CheckConstraint(
                condition=Q(no_contact_days__gte=1, no_contact_days__lte=365),
                name="no_contact_days_range",
            ),
            models.CheckConstraint(
                condition=Q(zrm_months__gte=1, zrm_months__lte=60), name="zrm_months_range"
            ),
            models.CheckConstraint(
                condition=Q(propose_escalation_days__lte=365, handover_overlap_days__lte=180)
                & Q(response_working_days__gte=1, response_working_days__lte=60),
                name="caseload_settings_ranges",
            ),
            models.CheckConstraint(
                condition=Q(norm_hours_per_week__gt=0),
                name="norm_hours_pos",
                violation_error_message=_("De norm uren per cliënt per week is meer dan 0."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Instellingen caseload"))

    @classmethod
    def current(cls) -> CaseloadSettings:
        obj, _created = cls.objects.get_or_create(id=1)
        return obj


class ClientQuerySet(models.QuerySet["Client"]):
    def visible_to(self, user: User) -> ClientQuerySet:
        """Clients whose file `user` may open (what part of it: see stapteam/access.py)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        today = timezone.localdate()
        rule = Q(pk__in=[])
        if has_role(user, Role.COORDINATOR):
            return self.all()
        if has_role(user, Role.CASEMANAGER):
            rule |= Q(
                Exists(
                    Assignment.objects.filter(
                        client=OuterRef("pk"), casemanager=user, ended_on__isnull=True
                    )
                )
            )
            rule |= Q(
                Exists(
                    Handover.objects.filter(client=OuterRef("pk"), ends_on__gte=today).filter(
                        Q(from_casemanager=user) | Q(to_casemanager=user)
                    )
                )
            )
            rule |= Q(
                Exists(
                    ClientAccessGrant.objects.filter(
                        client=OuterRef("pk"), user=user, valid_until__gt=timezone.now()
                    )
                )
            )
        if has_role(user, Role.PEER_WORKER):
            rule |= Q(
                Exists(
                    PeerLink.objects.filter(
                        client=OuterRef("pk"), peer_worker=user, ended_on__isnull=True
                    )
                )
            )
        if has_role(user, Role.PROCESS_DIRECTOR):
            # Imported here: escalations.py imports this module for Escalation.client (a cycle).
            from stapteam.models.escalations import Escalation

            rule |= Q(status=Client.Status.MONITORING)
            rule |= Q(
                Exists(Escalation.objects.filter(client=OuterRef("pk"), closed_at__isnull=True))
            )
        return self.filter(rule)

    def own_caseload_of(self, user: User) -> ClientQuerySet:
        """A casemanager's own clients and those in a handover with her; a peer worker's links."""
        today = timezone.localdate()
        if has_role(user, Role.CASEMANAGER):
            mine = (
                Q(assignments__casemanager=user, assignments__ended_on__isnull=True)
                | Q(handovers__ends_on__gte=today, handovers__from_casemanager=user)
                | Q(handovers__ends_on__gte=today, handovers__to_casemanager=user)
            )
        elif has_role(user, Role.PEER_WORKER):
            mine = Q(peer_links__peer_worker=user, peer_links__ended_on__isnull=True)
        else:
            return self.none()
        return self.filter(pk__in=Client.objects.filter(mine).values("pk"))

    def listed_for(self, user: User) -> ClientQuerySet:
        """The team list (code, roepnaam, casemanager, status): every casemanager sees all of it."""
        if has_role(user, Role.COORDINATOR, Role.CASEMANAGER):
            return self.all()
        return self.visible_to(user)

    def active(self) -> ClientQuerySet:
        return self.exclude(status=Client.Status.CLOSED)


class Client(models.Model):
    """A woman in the STAP-team's care. The client code is the only identifier in reports."""

    class Origin(models.TextChoices):
        NIJMEGEN = "nijmegen", _("Nijmegen")
        MO_REGION = "mo_region", _("MO-regio Nijmegen")
        ELSEWHERE = "elsewhere", _("Elders")

    class Addiction(models.TextChoices):
        YES = "yes", _("Ja")
        NO = "no", _("Nee")
        UNKNOWN = "unknown", _("Onbekend")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Aangemeld")
        ACTIVE = "active", _("Actief")
        MONITORING = "monitoring", _("Monitoring")
        CLOSED = "closed", _("Afgesloten")

    class Outcome(models.TextChoices):
        CLOSED = "closed", _("Afgesloten")
        REGULAR_CARE = "regular_care", _("Overdracht naar reguliere zorg")
        OTHER_REGION = "other_region", _("Overdracht naar andere regio")
        MONITORING = "monitoring", _("Monitoring door procesregie")
        STAP_TEAM = "stap_team", _("Voortgezet in STAP-team")

    code = models.CharField(_("cliëntcode"), max_length=12, unique=True, editable=False)
    call_name = models.CharField(_("roepnaam"), max_length=80)
    full_name = models.CharField(_("volledige naam"), max_length=160, blank=True)
    date_of_birth = models.DateField(
        _("geboortedatum"), null=True, blank=True, validators=[BIRTH_DATE]
    )
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    residence = models.CharField(
        _("verblijfplaats"), max_length=200, blank=True, help_text=_("Bijv. dakloos, bij vriendin.")
    )
    origin = models.CharField(_("herkomst"), max_length=12, choices=Origin.choices)
    origin_region = models.CharField(_("welke regio"), max_length=80, blank=True)
    addiction = models.CharField(
        _("verslaving"), max_length=8, choices=Addiction.choices, default=Addiction.UNKNOWN
    )
    in_protected_housing = models.BooleanField(_("woont in Beschermd Wonen"), default=False)
    has_zone_pass = models.BooleanField(_("heeft tippelzonepas"), default=False)
    known_at_cirkel = models.BooleanField(_("bekend bij de Cirkel"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    consent_on = models.DateField(
        _("toestemming gegevensdeling op"), null=True, blank=True, validators=[HAPPENED]
    )
    consent_scope = models.CharField(
        _("reikwijdte toestemming"),
        max_length=200,
        blank=True,
        help_text=_("Tussen IrisZorg, Leger des Heils en procesregie; wat precies."),
    )
    consent_withdrawn_on = models.DateField(
        _("toestemming ingetrokken op"), null=True, blank=True, validators=[HAPPENED]
    )
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True, validators=[HAPPENED])
    outcome = models.CharField(_("uitkomst"), max_length=14, choices=Outcome.choices, blank=True)
    outcome_region = models.CharField(_("naar regio"), max_length=80, blank=True)
    legal_hold = models.BooleanField(
        _("bewaarplicht (niet vernietigen)"),
        default=False,
        help_text=_("Bijv. een lopende rechtszaak of klacht: de bewaartermijn staat stil."),
    )
    legal_hold_reason = models.CharField(_("reden bewaarplicht"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # Raised by every save: two people editing at once never silently overwrite each other.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    history = history_records()

    objects: ClassVar[ClientQuerySet] = ClientQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["call_name", "code"]
        verbose_name = _("cliënt")
        verbose_name_plural = _("cliënten")
        permissions = [
            ("view_team_list", _("Teamlijst bekijken")),
            ("assign_client", _("Casemanager toewijzen en overdragen")),
            ("close_client", _("Dossier afsluiten")),
            ("reopen_client", _("Afgesloten dossier heropenen")),
            ("open_with_reason", _("Dossier van een collega openen met reden")),
            ("view_monitoring", _("Monitoringlijst bekijken")),
            ("manage_monitoring", _("Monitoring starten en beëindigen (procesregie)")),
            ("view_reports", _("Rapportage bekijken")),
        ]
        indexes = [
            # The team list's order (roepnaam, code) and the code looked up by its start.
            models.Index(fields=["call_name", "code"], name="client_list_order"),
            models.Index(
                OpClass(Upper("code"), name="text_pattern_ops"), name="client_code_upper_prefix"
            ),
            GinIndex(
                fields=["call_name"], opclasses=["gin_trgm_ops"], name="client_call_name_trgm"
            ),
            GinIndex(
                fields=["full_name"], opclasses=["gin_trgm_ops"], name="client_full_name_trgm"
            ),
        ]
        constraints = [
            *floor_constraints("client", BIRTH_DATE, "date_of_birth"),
            *floor_constraints(
                "client", HAPPENED, "consent_on", "consent_withdrawn_on", "closed_on"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="closed", closed_on__isnull=False) & ~Q(outcome="")
                    | Q(status="monitoring", closed_on__isnull=False, outcome="monitoring")
                    | ~Q(status="closed") & Q(closed_on__isnull=True, outcome="")
                ),
                name="client_closed_has_date_and_outcome",
                violation_error_message=_("Een afgesloten dossier heeft een datum en uitkomst."),
            ),
            models.CheckConstraint(
                condition=Q(consent_withdrawn_on__isnull=True) | Q(consent_on__isnull=False),
                name="client_consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(legal_hold=False) | ~Q(legal_hold_reason=""),
                name="client_legal_hold_has_reason",
                violation_error_message=_("Geef de reden van de bewaarplicht."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.call_name}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def has_consent(self) -> bool:
        return self.consent_on is not None and self.consent_withdrawn_on is None


class Assignment(models.Model):
    """A casemanager responsible for a client; the open one (no end) is the current one."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("cliënt")
    )
    casemanager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("casemanager"),
    )
    started_on = models.DateField(_("vanaf"), validators=[HAPPENED])
    ended_on = models.DateField(_("tot"), null=True, blank=True, validators=[HAPPENED])

    history = history_records()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")
        constraints = [
            *floor_constraints("assignment", HAPPENED, "started_on", "ended_on"),
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(ended_on__isnull=True),
                name="one_open_assignment_per_client",
                violation_error_message=_("Deze cliënt heeft al een casemanager."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} – {self.casemanager}"


class Handover(models.Model):
    """A warm handover: old and new casemanager both have access until ends_on."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="handovers", verbose_name=_("cliënt")
    )
    from_casemanager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_given",
        verbose_name=_("van"),
    )
    to_casemanager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_received",
        verbose_name=_("naar"),
    )
    starts_on = models.DateField(_("overlap vanaf"), validators=[PLANNED])
    ends_on = models.DateField(_("overlap tot en met"), validators=[PLANNED])
    note = models.TextField(_("overdrachtsnotitie"), max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )

    history = history_records()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("warme overdracht")
        verbose_name_plural = _("warme overdrachten")
        constraints = [
            *floor_constraints("handover", PLANNED, "starts_on", "ends_on"),
            period_constraint("handover", "starts_on", "ends_on"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="handover_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(from_casemanager=models.F("to_casemanager")),
                name="handover_between_two_people",
            ),
            models.CheckConstraint(condition=~Q(note=""), name="handover_has_note"),
            length_at_most("note", 4000, name="handover_note_length"),
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.from_casemanager} → {self.to_casemanager}"

    def is_running(self, on: datetime.date | None = None) -> bool:
        return self.ends_on >= (on or timezone.localdate())


class PeerLink(models.Model):
    """The ervaringsdeskundige works with this client."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="peer_links", verbose_name=_("cliënt")
    )
    peer_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="peer_links",
        verbose_name=_("ervaringsdeskundige"),
    )
    started_on = models.DateField(_("vanaf"), validators=[HAPPENED])
    ended_on = models.DateField(_("tot"), null=True, blank=True, validators=[HAPPENED])

    history = history_records()

    class Meta:
        verbose_name = _("koppeling ervaringsdeskundige")
        verbose_name_plural = _("koppelingen ervaringsdeskundige")
        constraints = [
            *floor_constraints("peer_link", HAPPENED, "started_on", "ended_on"),
            models.UniqueConstraint(
                fields=["client", "peer_worker"],
                condition=Q(ended_on__isnull=True),
                name="one_open_peer_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} – {self.peer_worker}"


class ClientAccessGrant(models.Model):
    """A casemanager opened a colleague's client's file, with a reason (e.g. covering)."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="access_grants", verbose_name=_("cliënt")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_grants",
        verbose_name=_("medewerker"),
    )
    reason = models.CharField(_("reden"), max_length=300)
    created_at = models.DateTimeField(_("op"), auto_now_add=True)
    valid_until = models.DateTimeField(_("geldig tot"), validators=[PLANNED])

    history = history_records()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inzage met reden")
        verbose_name_plural = _("inzage met reden")
        constraints = [
            *floor_constraints("access_grant", PLANNED, moments=("valid_until",)),
            models.CheckConstraint(condition=~Q(reason=""), name="access_grant_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.client}"
