"""The secretariat's letters: editable templates (.docx with placeholders), one per kind, and
the letters sent, frozen as PDF in the request's file."""

from __future__ import annotations

import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import HAPPENED, floor_constraints

# A letter template is a few tens of kilobytes; 5 MB leaves room for a logo.
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


def validate_docx(upload: Any) -> None:
    """A Word document (.docx: a zip with word/document.xml), not too large; never run. Only a
    new upload is read: the file already stored was checked when it came."""
    if getattr(upload, "_committed", False):
        return
    if upload.size > TEMPLATE_MAX_BYTES:
        raise ValidationError(_("Een briefsjabloon is hoogstens 5 MB."))
    try:
        position = upload.tell()
        with zipfile.ZipFile(upload) as archive:
            is_word = "word/document.xml" in archive.namelist()
        upload.seek(position)
    except (zipfile.BadZipFile, OSError, ValueError):
        is_word = False
    if not is_word:
        raise ValidationError(_("Dit is geen Word-document (.docx); sla het op als .docx."))


class LetterKind(models.TextChoices):
    GRANTED = "granted", _("Besluit: verleend")
    REFUSED = "refused", _("Besluit: geweigerd")
    RECEIPT = "receipt", _("Ontvangstbevestiging aanvraag")
    COMPLETION = "completion", _("Verzoek om aanvulling (Awb 4:5)")
    EXTENSION = "extension", _("Verdaging beslistermijn (Awb 4:14)")
    OBJECTION_RECEIPT = "objection_receipt", _("Ontvangstbevestiging bezwaar")
    HEARING = "hearing", _("Uitnodiging hoorzitting")
    OBJECTION_DECISION = "objection_decision", _("Beslissing op bezwaar")
    OWN_REQUEST_END = "own_request_end", _("Bevestiging beëindiging op eigen verzoek")


DECISION_KINDS = (LetterKind.GRANTED, LetterKind.REFUSED)


class LetterTemplate(models.Model):
    kind = models.CharField(
        _("soort brief"), max_length=20, choices=LetterKind.choices, unique=True
    )
    file = models.FileField(
        _("sjabloon (.docx)"),
        upload_to="letter_templates/",
        max_length=200,
        validators=[
            FileExtensionValidator(
                ["docx"], message=_("Kies een Word-document dat eindigt op .docx.")
            ),
            validate_docx,
        ],
        help_text=_("Plaatshouders: zie docs/guide-secretariaat.md."),
    )
    is_active = models.BooleanField(
        _("in gebruik"),
        default=True,
        help_text=_("Uit: de brieven gebruiken weer het standaardsjabloon van STAP."),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    history = history_records()

    class Meta:
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")

    def __str__(self) -> str:
        return self.get_kind_display()


class Letter(models.Model):
    """A letter as it was sent: frozen as PDF in the request's file, with its dispatch date
    (the day the terms that depend on it start from)."""

    request = models.ForeignKey(
        "registrations.RegistrationRequest",
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("aanvraag"),
    )
    kind = models.CharField(_("soort brief"), max_length=20, choices=LetterKind.choices)
    sent_on = models.DateField(_("verzonden op"), validators=[HAPPENED])
    addressee = models.CharField(_("geadresseerde"), max_length=300)
    pdf = models.FileField(_("brief (PDF)"), upload_to="letters/%Y/%m/", max_length=200)
    edited = models.BooleanField(
        _("aangepaste brief"),
        default=False,
        help_text=_("Het secretariaat heeft de brief aangepast en als .docx geüpload."),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("verzonden door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    history = history_records()

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("verzonden brief")
        verbose_name_plural = _("verzonden brieven")
        constraints = [
            *floor_constraints("letter", HAPPENED, "sent_on"),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(kind__in=["granted", "refused"]),
                name="one_decision_letter_per_request",
                violation_error_message=_("De besluitbrief van deze aanvraag is al verzonden."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sent_on:%d-%m-%Y}"

    def download_name(self) -> str:
        """A neutral file name, never her name: "brief-besluit-verleend-20251113-7.pdf"."""
        return f"brief-{self.kind.replace('_', '-')}-{self.sent_on:%Y%m%d}-{self.request_id}.pdf"
