"""Registration requests: the person, the request with its legal clock, advice and decision."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from registrations.deadlines import decision_deadline, objection_deadline
from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import (
    BIRTH_DATE,
    HAPPENED,
    PLANNED,
    DateRange,
    floor_constraints,
)
from stapteam.platform.roles import Role, has_role
from stapteam.platform.text import length_at_most

if TYPE_CHECKING:
    from stapteam.models import User


class Person(models.Model):
    """A sex worker as known to the registration: identity and contact only, no care data."""

    name = models.CharField(_("naam"), max_length=160)
    call_name = models.CharField(
        _("roepnaam"),
        max_length=80,
        blank=True,
        help_text=_("De naam waarmee zij aangesproken wil worden."),
    )
    date_of_birth = models.DateField(
        _("geboortedatum"), null=True, blank=True, validators=[BIRTH_DATE]
    )
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("adres"), max_length=250, blank=True)
    consent_on = models.DateField(
        _("uitdrukkelijke toestemming op"),
        null=True,
        blank=True,
        help_text=_("Aparte, intrekbare toestemming voor het verwerken van deze gegevens."),
        validators=[HAPPENED],
    )
    consent_withdrawn_on = models.DateField(
        _("toestemming ingetrokken op"), null=True, blank=True, validators=[HAPPENED]
    )
    # Only the coordinator sees this link to a care file (see RegistrationRequest.visible_to).
    client = models.ForeignKey(
        "stapteam.Client",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gekoppeld dossier"),
    )

    legal_hold = models.BooleanField(
        _("bewaarplicht (niet vernietigen)"),
        default=False,
        help_text=_("Bijv. een lopend bezwaar of beroep: de bewaartermijn staat stil."),
    )
    legal_hold_reason = models.CharField(_("reden bewaarplicht"), max_length=300, blank=True)

    history = history_records()

    class Meta:
        ordering = ["name"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        constraints = [
            *floor_constraints("person", BIRTH_DATE, "date_of_birth"),
            *floor_constraints("person", HAPPENED, "consent_on", "consent_withdrawn_on"),
            models.CheckConstraint(
                condition=Q(consent_withdrawn_on__isnull=True) | Q(consent_on__isnull=False),
                name="person_consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(legal_hold=False) | ~Q(legal_hold_reason=""),
                name="person_legal_hold_has_reason",
                violation_error_message=_("Geef de reden van de bewaarplicht."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RequestQuerySet(models.QuerySet["RegistrationRequest"]):
    def visible_to(self, user: User) -> RequestQuerySet:
        if has_role(user, Role.SECRETARIAT):
            return self.all()
        if has_role(user, Role.COORDINATOR):
            return self.filter(advice__isnull=False)
        return self.none()


class RegistrationRequest(models.Model):
    class Kind(models.TextChoices):
        APPLICATION = "application", _("Aanvraag registratie")
        STOP = "stop", _("Stopzetting")
        CHANGE = "change", _("Wijziging adres of contactgegevens")
        QUESTION = "question", _("Vraag of overig")

    class Channel(models.TextChoices):
        MAIL = "mail", _("E-mail")
        DESK = "desk", _("Balie")
        PHONE = "phone", _("Telefoon")

    class SubmittedBy(models.TextChoices):
        HERSELF = "herself", _("zijzelf")
        REPRESENTATIVE = "representative", _("gemachtigde (bijv. haar hulpverlener)")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Ontvangen")
        IN_PROGRESS = "in_progress", _("In behandeling")
        ADVICE_REQUESTED = "advice_requested", _("Advies gevraagd")
        ADVICE_RECEIVED = "advice_received", _("Advies ontvangen")
        DECIDED = "decided", _("Besluit genomen")
        NOTIFIED = "notified", _("Bekendgemaakt")
        HANDLED = "handled", _("Afgehandeld")

    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    received_on = models.DateField(_("ontvangen op"), validators=[HAPPENED])
    channel = models.CharField(_("kanaal"), max_length=6, choices=Channel.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("persoon"),
    )
    summary = models.TextField(_("samenvatting"), max_length=2000, blank=True)
    # Who sent it: she herself, or a gemachtigde writing on her behalf (often her care worker).
    submitted_by = models.CharField(
        _("ingediend door"),
        max_length=14,
        choices=SubmittedBy.choices,
        default=SubmittedBy.HERSELF,
    )
    representative = models.CharField(
        _("gemachtigde"),
        max_length=300,
        blank=True,
        help_text=_("Naam en e-mailadres van wie namens haar schrijft."),
    )
    wished_start = models.DateField(
        _("gewenste ingangsdatum"), null=True, blank=True, validators=[PLANNED]
    )
    # A question ends with the answer given: what, to whom and when.
    answer = models.TextField(_("gegeven antwoord"), max_length=4000, blank=True)
    answered_to = models.CharField(_("antwoord gegeven aan"), max_length=300, blank=True)
    answered_on = models.DateField(_("beantwoord op"), null=True, blank=True, validators=[HAPPENED])
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beantwoord door"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("behandelaar"),
    )
    status = models.CharField(
        _("status"), max_length=18, choices=Status.choices, default=Status.RECEIVED
    )
    term_weeks = models.PositiveSmallIntegerField(_("beslistermijn (weken)"), default=8)
    extension_weeks = models.PositiveSmallIntegerField(_("verdaging (weken)"), default=0)
    extension_notice_on = models.DateField(
        _("verdaging meegedeeld op"), null=True, blank=True, validators=[HAPPENED]
    )
    suspended_days = models.PositiveSmallIntegerField(_("opgeschort (dagen)"), default=0)
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("betreft registratie"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    history = history_records()

    objects: ClassVar[RequestQuerySet] = RequestQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        permissions = [
            ("handle_requests", _("Registratiepost en aanvragen behandelen")),
            ("give_advice", _("Advies geven over de zorgvoorwaarde")),
            ("view_register", _("Register van registraties inzien")),
            ("view_registration_counts", _("Aantallen registraties inzien")),
            ("issue_day_pass", _("Dagpassen uitgeven")),
        ]
        constraints = [
            *floor_constraints(
                "request", HAPPENED, "received_on", "extension_notice_on", "answered_on"
            ),
            *floor_constraints("request", PLANNED, "wished_start"),
            models.CheckConstraint(
                condition=Q(submitted_by="herself", representative="")
                | Q(submitted_by="representative") & ~Q(representative=""),
                name="request_representative_named",
                violation_error_message=_("Vul de naam van de gemachtigde in."),
            ),
            models.CheckConstraint(
                condition=Q(answer="", answered_to="", answered_on__isnull=True)
                | Q(kind="question", answered_on__isnull=False)
                & ~Q(answer="")
                & ~Q(answered_to=""),
                name="request_answer_of_a_question_complete",
                violation_error_message=_(
                    "Alleen een vraag krijgt een antwoord, met de tekst, aan wie en wanneer."
                ),
            ),
            length_at_most("answer", 4000, name="request_answer_length"),
            models.CheckConstraint(
                condition=Q(term_weeks__gte=1, term_weeks__lte=8), name="request_term_max_8_weeks"
            ),
            models.CheckConstraint(
                condition=Q(extension_weeks=0)
                | Q(extension_weeks__lte=models.F("term_weeks"), extension_notice_on__isnull=False),
                name="request_extension_once_with_notice",
                violation_error_message=_(
                    "Verdagen kan één keer, met een mededeling, en niet langer dan de termijn."
                ),
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(kind="question"),
                name="request_has_person_unless_question",
            ),
            length_at_most("summary", 2000, name="request_summary_length"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on:%d-%m-%Y}"

    @property
    def reference(self) -> str:
        """The request's number, as letters quote it: "TZ-2025-00042"."""
        return f"TZ-{self.received_on:%Y}-{self.pk:05d}"

    @property
    def is_application(self) -> bool:
        return self.kind == self.Kind.APPLICATION

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.NOTIFIED, self.Status.HANDLED)

    def decision_deadline(self) -> datetime.date:
        return decision_deadline(
            self.received_on,
            weeks=self.term_weeks,
            extension_weeks=self.extension_weeks,
            suspended_days=self.suspended_days,
        )


class TermSuspension(models.Model):
    """A period in which the decision term stands still (Awb 4:15). Lid 1: from the dispatch of
    the request to complete (4:5) until the completion or, unused, the end of the hersteltermijn.
    Lid 2: a period she agreed to, a delay of her own, or force majeure, recorded with its start
    and end. The request's `suspended_days` counts the days of all of them."""

    class Reason(models.TextChoices):
        COMPLETION = "completion", _("aanvulling van de aanvraag (Awb 4:15 lid 1)")
        CONSENT = "consent", _("uitstel met instemming van de aanvrager (Awb 4:15 lid 2a)")
        APPLICANT_DELAY = "applicant_delay", _("vertraging door de aanvrager (Awb 4:15 lid 2b)")
        FORCE_MAJEURE = "force_majeure", _("overmacht (Awb 4:15 lid 2c)")

    request = models.ForeignKey(
        RegistrationRequest,
        on_delete=models.PROTECT,
        related_name="suspensions",
        verbose_name=_("aanvraag"),
    )
    reason = models.CharField(
        _("reden"), max_length=20, choices=Reason.choices, default=Reason.COMPLETION
    )
    starts_on = models.DateField(_("opgeschort vanaf"), validators=[HAPPENED])
    restore_until = models.DateField(_("hersteltermijn tot en met"), validators=[PLANNED])
    # Lid 1: empty until the completion (or the hersteltermijn's end); lid 2: the agreed end,
    # which may lie ahead.
    ends_on = models.DateField(
        _("einde opschorting"),
        null=True,
        blank=True,
        validators=[PLANNED],
        help_text=_(
            "De dag van de aanvulling, het einde van de hersteltermijn of het afgesproken einde."
        ),
    )

    history = history_records()

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("opschorting beslistermijn")
        verbose_name_plural = _("opschortingen beslistermijn")
        constraints = [
            *floor_constraints("suspension", HAPPENED, "starts_on"),
            *floor_constraints("suspension", PLANNED, "restore_until", "ends_on"),
            models.CheckConstraint(
                condition=Q(restore_until__gt=models.F("starts_on")),
                name="suspension_restore_term_after_start",
                violation_error_message=_("De hersteltermijn moet na de verzending eindigen."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="suspension_ends_on_or_after_start",
                violation_error_message=_("De opschorting moet op of na de begindatum eindigen."),
            ),
            # A day of the decision term stands still once (an open one up to its
            # hersteltermijn's end); services.suspend_term says so in Dutch first.
            ExclusionConstraint(
                name="suspensions_do_not_overlap",
                expressions=[
                    ("request", RangeOperators.EQUAL),
                    (
                        DateRange(
                            "starts_on",
                            Coalesce("ends_on", "restore_until"),
                            models.Value("[)"),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_(
                    "Deze periode overlapt met een opschorting die al is vastgelegd."
                ),
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(ends_on__isnull=True),
                name="one_open_suspension_per_request",
                violation_error_message=_("Sluit eerst de lopende opschorting af."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%d-%m-%Y} – {self.restore_until:%d-%m-%Y}"

    def days(self) -> int:
        """The days the term stands still; while open, up to the end of the hersteltermijn."""
        return ((self.ends_on or self.restore_until) - self.starts_on).days


class Advice(models.Model):
    """The coordinator's advice on the care condition: identity in, yes/no/unknown out."""

    class Answer(models.TextChoices):
        YES = "yes", _("Ja, bekend in de Nijmeegse zorg")
        NO = "no", _("Nee")
        UNKNOWN = "unknown", _("Onbekend")

    request = models.OneToOneField(
        RegistrationRequest,
        on_delete=models.PROTECT,
        related_name="advice",
        verbose_name=_("aanvraag"),
    )
    asked_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gevraagd door"),
    )
    answer = models.CharField(_("advies"), max_length=8, choices=Answer.choices, blank=True)
    known_since = models.DateField(_("bekend sinds"), null=True, blank=True, validators=[HAPPENED])
    motivation = models.CharField(_("korte motivering"), max_length=500, blank=True)
    answered_at = models.DateTimeField(
        _("beantwoord op"), null=True, blank=True, validators=[HAPPENED]
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gegeven door"),
    )

    history = history_records()

    class Meta:
        verbose_name = _("advies zorgvoorwaarde")
        verbose_name_plural = _("adviezen zorgvoorwaarde")
        constraints = [
            *floor_constraints("advice", HAPPENED, "known_since", moments=("answered_at",)),
            models.CheckConstraint(
                condition=Q(answer="", answered_at__isnull=True)
                | ~Q(answer="") & Q(answered_at__isnull=False),
                name="advice_answered_together",
            ),
            models.CheckConstraint(
                condition=~Q(answer="yes") | Q(known_since__isnull=False),
                name="advice_yes_has_known_since",
                violation_error_message=_("Sinds wanneer is zij bekend?"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.request)


class RefusalGround(models.Model):
    name = models.CharField(_("weigeringsgrond"), max_length=200, unique=True)
    is_active = models.BooleanField(_("actief"), default=True)

    history = history_records()

    class Meta:
        ordering = ["name"]
        verbose_name = _("weigeringsgrond")
        verbose_name_plural = _("weigeringsgronden")

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Verleend")
        REFUSED = "refused", _("Geweigerd")

    request = models.OneToOneField(
        RegistrationRequest,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("aanvraag"),
    )
    outcome = models.CharField(_("besluit"), max_length=8, choices=Outcome.choices)
    grounds = models.ManyToManyField(RefusalGround, blank=True, verbose_name=_("gronden"))
    grounds_text = models.TextField(_("motivering"), max_length=4000, blank=True)
    decided_on = models.DateField(_("besluitdatum"), validators=[HAPPENED])
    notified_on = models.DateField(
        _("bekendgemaakt op"), null=True, blank=True, validators=[HAPPENED]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("besloten door"),
    )

    history = history_records(m2m_fields=["grounds"])

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        constraints = [
            *floor_constraints("decision", HAPPENED, "decided_on", "notified_on"),
            models.CheckConstraint(
                condition=Q(notified_on__isnull=True) | Q(notified_on__gte=models.F("decided_on")),
                name="decision_notified_after_decided",
            ),
            length_at_most("grounds_text", 4000, name="decision_grounds_text_length"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.decided_on:%d-%m-%Y}"

    def objection_deadline(self) -> datetime.date | None:
        return objection_deadline(self.notified_on) if self.notified_on else None
