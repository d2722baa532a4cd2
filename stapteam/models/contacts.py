"""Contacts with a client (contactmomenten) and the editable list of network partners."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stapteam.models.clients import Client
from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import HAPPENED, floor_constraints
from stapteam.platform.formats import day_date
from stapteam.platform.roles import Role, has_role
from stapteam.platform.text import length_at_most

if TYPE_CHECKING:
    from stapteam.models.accounts import User

# How long the author may correct a contact.
CORRECTION_WINDOW = datetime.timedelta(days=7)


class NetworkPartner(models.Model):
    name = models.CharField(_("naam"), max_length=80, unique=True)
    is_active = models.BooleanField(_("actief"), default=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = history_records()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("netwerkpartner")
        verbose_name_plural = _("netwerkpartners")

    def __str__(self) -> str:
        return self.name


class ContactQuerySet(models.QuerySet["Contact"]):
    def visible_to(self, user: User) -> ContactQuerySet:
        """Contacts whose existence `user` may see, within clients she may open.

        Whether she may read the note is a separate rule: `Contact.note_visible_to`.
        """

        clients = Client.objects.visible_to(user)
        if has_role(user, Role.COORDINATOR, Role.CASEMANAGER):
            return self.filter(client__in=clients)
        if has_role(user, Role.PEER_WORKER):
            return self.filter(client__in=clients, author=user)
        return self.none()


class Contact(models.Model):
    class Kind(models.TextChoices):
        OUTREACH = "outreach", _("Outreach op de zone")
        FACE_TO_FACE = "face_to_face", _("Face-to-face")
        PHONE = "phone", _("Telefonisch")
        CIRKEL = "cirkel", _("In de Cirkel")
        HOME_VISIT = "home_visit", _("Huisbezoek")
        NETWORK = "network", _("Met netwerkpartner")
        OTHER = "other", _("Anders")

    class TimeType(models.TextChoices):
        DIRECT = "direct", _("Direct")
        INDIRECT = "indirect", _("Indirect")

    client = models.ForeignKey(
        "stapteam.Client",
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("cliënt"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("vastgelegd door"),
    )
    occurred_at = models.DateTimeField(
        _("datum en tijd"), default=timezone.now, validators=[HAPPENED]
    )
    kind = models.CharField(_("soort"), max_length=14, choices=Kind.choices, default=Kind.OUTREACH)
    minutes = models.PositiveSmallIntegerField(
        _("minuten"), default=30, validators=[MaxValueValidator(720)]
    )
    time_type = models.CharField(
        _("tijd"), max_length=8, choices=TimeType.choices, default=TimeType.DIRECT
    )
    no_show = models.BooleanField(_("niet verschenen"), default=False)
    partner = models.ForeignKey(
        NetworkPartner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("netwerkpartner"),
    )
    note = models.TextField(_("korte notitie"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    # The last correction, shown as "gecorrigeerd op ... door ..." without reading the history.
    corrected_at = models.DateTimeField(_("gecorrigeerd op"), null=True, blank=True, editable=False)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("gecorrigeerd door"),
    )
    # Raised by every correction: two tabs correcting at once never silently overwrite each other.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    history = history_records()

    objects: ClassVar[ContactQuerySet] = ContactQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        indexes = [
            models.Index(fields=["client", "-occurred_at"], name="contact_client_recent"),
            # Period filters of the reports and the budget report's contact hours (a range).
            models.Index(fields=["occurred_at"], name="contact_occurred_at"),
            # Her own minutes this month (the team load, the caseload page).
            models.Index(fields=["author", "occurred_at"], name="contact_author_occurred"),
        ]
        constraints = [
            *floor_constraints("contact", HAPPENED, moments=("occurred_at",)),
            models.CheckConstraint(
                condition=Q(minutes__lte=720),
                name="contact_minutes_at_most_12_hours",
                violation_error_message=_("Hooguit 720 minuten."),
            ),
            length_at_most("note", 1000, name="contact_note_length"),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.occurred_at:%Y-%m-%d}"

    def correctable_by(self, user: User) -> bool:
        return self.author_id == user.pk and timezone.now() - self.created_at <= CORRECTION_WINDOW

    def correction_marker(self) -> str:
        """ "gecorrigeerd op 12 november 2026 door Anna Jansen", or "" if never corrected."""
        if self.corrected_at is None:
            return ""
        return gettext("gecorrigeerd op %(day)s door %(who)s") % {
            "day": day_date(self.corrected_at),
            "who": self.corrected_by,
        }

    def note_visible_to(self, user: User) -> bool:
        """Care notes: not for the procesregisseur; a peer worker reads only her own."""
        if has_role(user, Role.COORDINATOR, Role.CASEMANAGER):
            return True
        return self.author_id == user.pk
