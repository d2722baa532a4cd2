"""The texts of a stored mail to read its fields from: the body, text attachments and PDFs (their
text and the fields of a filled-in form, read with pypdf)."""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader

from registrations.mail_fields import BODY, Text
from registrations.models import InboundMail, MailAttachment

logger = logging.getLogger(__name__)

# A request form is a page or two; a long PDF (a report) is read no further than this.
MAX_PAGES = 10
MAX_CHARACTERS = 200_000
TEXT_TYPES = {"text/plain", "text/csv"}


def mail_texts(mail: InboundMail) -> tuple[list[Text], list[str]]:
    """The mail's texts, the body first; and a Dutch note per attachment that could not be read."""
    texts = [Text(mail.body_text, BODY)]
    problems: list[str] = []
    for attachment in mail.attachments.all():
        if not attachment.file:
            continue  # refused at import (too big, type not allowed)
        text = _attachment_text(attachment, problems)
        if text.strip():
            texts.append(Text(text, f"bijlage {attachment.filename}"))
    return texts, problems


def _attachment_text(attachment: MailAttachment, problems: list[str]) -> str:
    kind = attachment.content_type
    if kind != "application/pdf" and kind not in TEXT_TYPES:
        return ""
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
        if kind == "application/pdf":
            return pdf_text(data)
        return decoded(data)
    except Exception as exc:  # a damaged or crafted file must not cost the page
        logger.info("Reading attachment %s failed: %s", attachment.pk, type(exc).__name__)
        problems.append(
            f"Bijlage '{attachment.filename}' kon niet worden gelezen; neem de gegevens zelf over."
        )
        return ""


def decoded(data: bytes) -> str:
    """A text file in UTF-8, or else Windows-1252 (what Latin-1 files are in practice)."""
    try:
        return data.decode("utf-8-sig")[:MAX_CHARACTERS]
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")[:MAX_CHARACTERS]


def pdf_text(data: bytes) -> str:
    """The filled-in form fields as "Label: value" lines, then the text of the first pages."""
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("encrypted PDF")
    lines = [f"{label}: {value}" for label, value in form_values(reader)]
    for page in reader.pages[:MAX_PAGES]:
        lines.append(page.extract_text() or "")
    return "\n".join(lines)[:MAX_CHARACTERS]


def form_values(reader: PdfReader) -> list[tuple[str, str]]:
    """Each filled-in text field of the form: its label (the tooltip, else its name) and value."""
    values = []
    for name, form_field in (reader.get_fields() or {}).items():
        value = form_field.get("/V")
        if form_field.get("/FT") != "/Tx" or not isinstance(value, str) or not value.strip():
            continue
        label = form_field.get("/TU") or str(name).rsplit(".", 1)[-1]
        label = re.sub(r"[_\s]+", " ", str(label)).strip()
        values.append((label, re.sub(r"\s+", " ", value).strip()))
    return values
