"""Notifications: a pointer to work that waits for someone, and her choice of what to receive.

A notification holds no text: its words are built when it is shown, from the object it points
to, by the renderer of the app that owns that kind (stapteam/platform/notifications.py). So
no personal data is copied into it, and a record destroyed by retention takes its meaning along.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import HAPPENED, PLANNED, floor_constraints
from stapteam.platform.text import length_at_most

if TYPE_CHECKING:
    from stapteam.models.accounts import User

KIND_LENGTH = 40


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_user(self, user: User) -> NotificationQuerySet:
        return self.filter(recipient=user)

    def waiting(self) -> NotificationQuerySet:
        """Unread and not yet resolved: what the bell counts."""
        return self.filter(read_at__isnull=True, resolved_at__isnull=True)


class Notification(models.Model):
    """One piece of work for one recipient: exactly once per (kind, object, due date, recipient).

    No simple-history: a notification is derived from an event that is itself in history; it
    holds no text and only ever gains a read or resolved moment."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("ontvanger"),
    )
    kind = models.CharField(_("soort"), max_length=KIND_LENGTH)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("soort record")
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    target = GenericForeignKey("content_type", "object_id")
    # The date the work is due or the day a term runs out: part of what makes it unique, so a
    # second term of the same record notifies again; NULLs count as equal in the constraint.
    due = models.DateField(_("datum"), null=True, blank=True, validators=[PLANNED])
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now, validators=[HAPPENED])
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True, validators=[HAPPENED])
    resolved_at = models.DateTimeField(
        _("afgehandeld op"), null=True, blank=True, validators=[HAPPENED]
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        default_permissions = ()
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True, resolved_at__isnull=True),
                name="notification_waiting_idx",
            ),
            models.Index(
                fields=["content_type", "object_id", "kind"], name="notification_object_idx"
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "due", "recipient"],
                nulls_distinct=False,
                name="notification_once",
                violation_error_message=_("Deze melding is er al."),
            ),
            models.CheckConstraint(condition=~Q(kind=""), name="notification_has_kind"),
            length_at_most("kind", KIND_LENGTH, name="notification_kind_length"),
            *floor_constraints("notification", PLANNED, "due"),
            *floor_constraints(
                "notification", HAPPENED, moments=("created_at", "read_at", "resolved_at")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class NotificationSettings(models.Model):
    """What one user chooses to receive: the kinds she switched off and the daily digest mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("gebruiker"),
    )
    muted_kinds = ArrayField(
        models.CharField(max_length=KIND_LENGTH),
        verbose_name=_("uitgezette soorten"),
        default=list,
        blank=True,
        size=50,
    )
    daily_digest = models.BooleanField(_("dagelijkse samenvatting per e-mail"), default=False)
    # The day of the last digest sent, so that a second run on one day mails no one twice.
    digest_sent_on = models.DateField(
        _("laatste samenvatting verstuurd op"), null=True, blank=True, validators=[HAPPENED]
    )

    history = history_records(excluded_fields=["digest_sent_on"])

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")
        default_permissions = ()
        constraints = [
            *floor_constraints("notification_settings", HAPPENED, "digest_sent_on"),
        ]

    def __str__(self) -> str:
        return str(self.user)
