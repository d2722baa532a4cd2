"""Decision letters as .docx: an editable template (uploaded by the beheerder) or the default."""

from __future__ import annotations

import io
from typing import Any

from django.utils.formats import date_format
from docx import Document
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from registrations.deadlines import objection_deadline
from registrations.models import Decision, LetterTemplate
from stapteam.platform.formats import long_date
from stapteam.platform.text import without_hidden_characters

# The placeholders a template may use (documented in docs/guide-secretariaat.md).
DEFAULT_TEXT = {
    "granted": [
        "Gemeente Nijmegen — Zorg- en Veiligheidshuis",
        "{{ naam }}",
        "{{ adres }}",
        "Nijmegen, {{ besluitdatum }}",
        "Onderwerp: besluit op uw aanvraag registratie tippelzone",
        "Geachte {{ naam }},",
        "Op {{ ontvangen }} ontvingen wij uw aanvraag. Wij verlenen u een registratie voor de "
        "tippelzone. Uw pasnummer is {{ pasnummer }}; de pas is geldig van {{ geldig_vanaf }} "
        "tot en met {{ geldig_tot }}.",
        "{{ voorwaarden }}",
        "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dag van "
        "bekendmaking bezwaar maken, uiterlijk op {{ bezwaartermijn }}.",
        "Met vriendelijke groet,",
        "{{ behandelaar }}",
    ],
    "refused": [
        "Gemeente Nijmegen — Zorg- en Veiligheidshuis",
        "{{ naam }}",
        "{{ adres }}",
        "Nijmegen, {{ besluitdatum }}",
        "Onderwerp: besluit op uw aanvraag registratie tippelzone",
        "Geachte {{ naam }},",
        "Op {{ ontvangen }} ontvingen wij uw aanvraag. Wij weigeren de registratie.",
        "Gronden: {{ gronden }}",
        "{{ motivering }}",
        "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dag van "
        "bekendmaking bezwaar maken, uiterlijk op {{ bezwaartermijn }}.",
        "Met vriendelijke groet,",
        "{{ behandelaar }}",
    ],
}


def _default_template(outcome: str) -> io.BytesIO:
    document = Document()
    for line in DEFAULT_TEXT[outcome]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def _day(value: Any) -> str:
    return date_format(value, "j F Y") if value else "…"


def _deadline(value: Any) -> str:
    """A deadline in a letter carries its weekday: "vrijdag 27 december 2024"."""
    return long_date(value) if value else "…"


def letter_context(decision: Decision) -> dict[str, str]:
    """What the letter template is filled with; no invisible direction or control character
    reaches the official letter, whatever was stored."""
    return {
        key: without_hidden_characters(value) for key, value in _letter_values(decision).items()
    }


def _letter_values(decision: Decision) -> dict[str, str]:
    request = decision.request
    person = request.person
    registration = getattr(decision, "registration", None)
    objection_end = decision.objection_deadline()
    return {
        "naam": person.name if person else "",
        "adres": person.address if person else "",
        "ontvangen": _day(request.received_on),
        "besluitdatum": _day(decision.decided_on),
        "pasnummer": registration.pass_number if registration else "",
        "geldig_vanaf": _day(registration.valid_from) if registration else "",
        "geldig_tot": _day(registration.valid_until) if registration else "",
        "voorwaarden": registration.conditions if registration else "",
        "gronden": "; ".join(g.name for g in decision.grounds.all()),
        "motivering": decision.grounds_text,
        # Before notification the term is counted from the decision date; the letter says so.
        "bezwaartermijn": _deadline(objection_end or _objection_end_if_notified_on(decision)),
        "behandelaar": str(request.owner),
    }


def _objection_end_if_notified_on(decision: Decision) -> Any:
    return objection_deadline(decision.decided_on)


class LetterTemplateBroken(Exception):
    """The uploaded template cannot be read or filled in."""


def decision_letter(decision: Decision) -> bytes:
    """The filled-in letter. A sandbox keeps an uploaded template from running code."""
    template = LetterTemplate.objects.filter(outcome=decision.outcome, is_active=True).first()
    if template:
        with template.file.open("rb") as handle:
            source: Any = io.BytesIO(handle.read())
    else:
        source = _default_template(decision.outcome)
    try:
        document = DocxTemplate(source)
        document.render(letter_context(decision), jinja_env=SandboxedEnvironment(autoescape=True))
        out = io.BytesIO()
        document.save(out)
    except Exception as error:  # any defect of an uploaded file means the same to the user
        raise LetterTemplateBroken(str(type(error).__name__)) from error
    return out.getvalue()
