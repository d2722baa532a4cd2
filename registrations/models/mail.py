"""Mail received at the registration mailbox, stored once per Message-ID, with attachments."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import HAPPENED, floor_constraints
from stapteam.platform.text import LONG_TEXT_LENGTH, MAIL_BODY_LENGTH, length_at_most


class InboundMail(models.Model):
    class Source(models.TextChoices):
        IMAP = "imap", _("Mailbox")
        UPLOAD = "upload", _("Geüpload bestand")

    class State(models.TextChoices):
        NEW = "new", _("Nieuw")
        LINKED = "linked", _("Bij aanvraag")
        NOT_RELEVANT = "not_relevant", _("Niet relevant")

    message_id = models.CharField(_("berichtkenmerk"), max_length=500, unique=True)
    source = models.CharField(_("bron"), max_length=8, choices=Source.choices)
    sender = models.CharField(_("afzender"), max_length=300, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True, validators=[HAPPENED])
    received_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)
    body_text = models.TextField(_("tekst"), max_length=MAIL_BODY_LENGTH, blank=True)
    problems = models.TextField(
        _("opmerkingen bij inlezen"),
        max_length=LONG_TEXT_LENGTH,
        blank=True,
        help_text=_("Wat niet goed gelezen kon worden."),
    )
    state = models.CharField(_("status"), max_length=14, choices=State.choices, default=State.NEW)
    request = models.ForeignKey(
        "registrations.RegistrationRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mails",
        verbose_name=_("aanvraag"),
    )
    not_relevant_reason = models.CharField(_("reden niet relevant"), max_length=300, blank=True)
    # The message as it came (.eml, or the uploaded Outlook .msg), under a random name like the
    # attachments; its retention and subject access are the mail's.
    raw_message = models.FileField(_("origineel bericht"), upload_to="mail/%Y/%m/", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )

    history = history_records()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("binnengekomen e-mail")
        verbose_name_plural = _("binnengekomen e-mails")
        constraints = [
            *floor_constraints("mail", HAPPENED, moments=("sent_at",)),
            models.CheckConstraint(
                condition=Q(state="linked", request__isnull=False)
                | Q(state="not_relevant", request__isnull=True) & ~Q(not_relevant_reason="")
                | Q(state="new", request__isnull=True),
                name="mail_state_matches_request",
            ),
            length_at_most("body_text", MAIL_BODY_LENGTH, name="mail_body_text_length"),
            length_at_most("problems", LONG_TEXT_LENGTH, name="mail_problems_length"),
        ]

    def __str__(self) -> str:
        return self.subject or str(_("(geen onderwerp)"))

    def message_download_name(self) -> str:
        """A neutral name for the original message, "bericht-12.eml"."""
        extension = ".msg" if self.raw_message.name.endswith(".msg") else ".eml"
        return f"bericht-{self.pk}{extension}"


class MailAttachment(models.Model):
    mail = models.ForeignKey(
        InboundMail, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("e-mail")
    )
    filename = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("bestandstype"), max_length=120)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    file = models.FileField(_("bestand"), upload_to="mail/%Y/%m/", blank=True)
    refused_reason = models.CharField(
        _("niet bewaard omdat"),
        max_length=200,
        blank=True,
        help_text=_("Te groot of soort niet toegestaan."),
    )

    history = history_records()

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.filename

    def download_name(self) -> str:
        """A neutral name for the download, "bijlage-2.pdf": the sender's file name may hold a
        name (a surname, a date of birth) that must not end up in a download folder."""
        number = self.mail.attachments.filter(pk__lte=self.pk).count()
        suffix = PurePosixPath(self.filename.replace("\\", "/")).suffix.lower().lstrip(".")
        extension = f".{suffix}" if re.fullmatch(r"[a-z0-9]{1,8}", suffix) else ""
        return f"bijlage-{number}{extension}"


class MailboxFetch(models.Model):
    """One reading of the registration mailbox: the scheduled command's or "Nu ophalen"."""

    class Result(models.TextChoices):
        RUNNING = "running", _("Bezig")
        OK = "ok", _("Gelukt")
        WARNINGS = "warnings", _("Gelukt, met meldingen")
        FAILED = "failed", _("Mislukt")
        ABORTED = "aborted", _("Afgebroken")

    started_at = models.DateTimeField(_("begonnen op"))
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    # Empty: the scheduled command ("automatisch").
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgehaald door"),
    )
    limit = models.PositiveIntegerField(_("hoogstens (berichten)"), null=True, blank=True)
    stored = models.PositiveIntegerField(_("nieuw opgeslagen"), default=0)
    already_stored = models.PositiveIntegerField(_("al eerder opgeslagen"), default=0)
    failed = models.PositiveIntegerField(_("mislukt"), default=0)
    remaining = models.PositiveIntegerField(_("nog in de mailbox"), default=0)
    result = models.CharField(
        _("resultaat"), max_length=8, choices=Result.choices, default=Result.RUNNING
    )
    # In Dutch, never the password (the mail module redacts it).
    message = models.TextField(_("meldingen"), max_length=LONG_TEXT_LENGTH, blank=True)

    history = history_records()

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("ophaalronde mailbox")
        verbose_name_plural = _("ophaalrondes mailbox")
        # The latest rounds on the inbox, and the retention purge of those before a day.
        indexes = [models.Index(fields=["started_at"], name="mailbox_fetch_started")]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="running", finished_at__isnull=True)
                | ~Q(result="running") & Q(finished_at__gte=models.F("started_at")),
                name="mailbox_fetch_finished_unless_running",
            ),
            length_at_most("message", LONG_TEXT_LENGTH, name="mailbox_fetch_message_length"),
        ]

    def __str__(self) -> str:
        return f"{self.get_result_display()} {self.started_at:%d-%m-%Y %H:%M}"
