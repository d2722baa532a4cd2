"""The NEN 7513 access log: who read or changed which record, when, and with what result."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.models.clients import Client
from stapteam.platform.roles import Role


def _now_to_the_second() -> datetime.datetime:
    return timezone.now().replace(microsecond=0)


# What the object types in the log are called on screen; a type not listed shows as it is stored.
OBJECT_TYPE_LABELS = {
    "client": _("dossier"),
    "client_list": _("teamlijst"),
    "registration_request": _("aanvraag registratie"),
    "decision_letter": _("besluitbrief"),
    "letter": _("verzonden brief"),
    "timeout_request": _("aanvraag time-out"),
    "stay": _("verblijf time-out"),
    "ledger_entry": _("boeking flexbudget"),
    "budget_report": _("budgetrapportage"),
    "access_log": _("toegangslog"),
    "contact": _("contactmoment"),
    "goal": _("doel"),
    "trajectory": _("traject"),
    "zrm_assessment": _("ZRM-meting"),
    "escalation": _("opschaling"),
    "inbound_mail": _("e-mail"),
    "mail_attachment": _("bijlage van een e-mail"),
    "subject_access": _("inzageverzoek zorg"),
    "registration_subject_access": _("inzageverzoek registratie"),
}


class AccessLogEntry(models.Model):
    """One access to a client file, registration, stay, ledger entry, search, export or print.

    Append-only: a trigger (migration 0009) refuses UPDATE and DELETE, except a DELETE in a
    transaction that has set `SET LOCAL stap.retention = 'on'` (the retention purge). No
    simple-history here: this table is itself the audit trail. It holds no names and no text from
    the record itself; only the break-the-glass reason is free text, typed by the user for this.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("aangemaakt")
        READ = "read", _("ingezien")
        UPDATE = "update", _("gewijzigd")
        DELETE = "delete", _("verwijderd")
        EXPORT = "export", _("geëxporteerd")
        SEARCH = "search", _("gezocht")
        PRINT = "print", _("afgedrukt")

    class Result(models.TextChoices):
        ALLOWED = "allowed", _("toegestaan")
        DENIED = "denied", _("geweigerd")

    at = models.DateTimeField(_("tijdstip (UTC)"), default=_now_to_the_second, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    roles = models.CharField(_("rollen"), max_length=200, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    # No database constraint: the log must outlive a client that retention has destroyed.
    client = models.ForeignKey(
        Client,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cliënt"),
    )
    object_type = models.CharField(_("soort gegeven"), max_length=40)
    object_id = models.CharField(_("kenmerk"), max_length=40, blank=True)
    action = models.CharField(_("handeling"), max_length=10, choices=Action.choices)
    result = models.CharField(
        _("resultaat"), max_length=10, choices=Result.choices, default=Result.ALLOWED
    )
    source_address = models.GenericIPAddressField(_("adres"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        default_permissions = ("view",)
        permissions = [("view_access_log", _("Mag het toegangslog inzien"))]
        indexes = [
            models.Index(fields=["client", "-at"], name="access_log_client_at"),
            models.Index(fields=["user", "-at"], name="access_log_user_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    action__in=["create", "read", "update", "delete", "export", "search", "print"]
                ),
                name="access_log_action_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(result__in=["allowed", "denied"]),
                name="access_log_result_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_type} {self.object_id}"

    def role_labels(self) -> str:
        """The roles at the time, in words (a role since removed shows as its code)."""
        labels = {role.value: str(role.label) for role in Role}
        return ", ".join(labels.get(code, code) for code in self.roles.split(",") if code)

    def object_type_label(self) -> str:
        return str(OBJECT_TYPE_LABELS.get(self.object_type, self.object_type))
