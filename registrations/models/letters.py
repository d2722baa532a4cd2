"""Editable decision-letter templates (.docx with placeholders), one per outcome."""

from __future__ import annotations

import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records

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


class LetterTemplate(models.Model):
    outcome = models.CharField(
        _("besluit"),
        max_length=8,
        choices=[("granted", _("Verleend")), ("refused", _("Geweigerd"))],
        unique=True,
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
        return self.get_outcome_display()
