"""The secretariat's letters as .docx: an editable template per kind (uploaded by the beheerder)
or STAP's own, filled with the request's values and the letter settings. The placeholders are
documented in docs/letters.md."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from registrations.deadlines import objection_deadline
from registrations.models import (
    Decision,
    LetterKind,
    LetterTemplate,
    Objection,
    RegistrationRequest,
    RegistrationSettings,
)
from stapteam.platform.formats import long_date
from stapteam.platform.text import without_hidden_characters

# Every letter opens and closes the same way; a paragraph may hold line breaks ("\n").
HEADER = [
    "{{ briefhoofd }}",
    "{{ afzenderadres }}",
    "{{ aan }}\n{{ adres }}",
    "Datum verzending: {{ verzenddatum }}\nOns kenmerk: {{ kenmerk }}\n"
    "Behandeld door: {{ behandelaar }}",
    "Onderwerp: {{ onderwerp }}",
    "Geachte {{ aanhef }},",
]
FOOTER = [
    "Met vriendelijke groet,",
    "{{ bestuursorgaan_groot }},\nnamens deze,",
    "{{ ondertekenaar }}",
]

# Awb 3:45: who may object, within which term, to whom; and the voorlopige voorziening (8:81).
OBJECTION_CLAUSE = [
    "Bezwaar maken",
    "Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken. Dat kunt u doen, en ook "
    "ieder ander die rechtstreeks door dit besluit wordt geraakt (een belanghebbende, Awb "
    "artikel 1:2). De termijn voor bezwaar is zes weken na de dag waarop dit besluit is "
    "verzonden (Awb artikel 6:7 en 6:8). Uw bezwaarschrift moet uiterlijk op {{ bezwaartermijn }} "
    "zijn ontvangen of, als u het per post verstuurt, vóór het einde van die dag op de post zijn "
    "gedaan.",
    "Stuur uw bezwaarschrift aan:\n{{ bezwaar_adres }}",
    "Zet in uw bezwaarschrift in ieder geval: uw naam en adres, de datum, het kenmerk van dit "
    "besluit ({{ kenmerk }}) of een kopie ervan, waarom u het niet eens bent met het besluit, "
    "en uw handtekening (Awb artikel 6:5). Maakt iemand namens u bezwaar, stuur dan een "
    "machtiging mee.",
    "Voorlopige voorziening",
    "Een bezwaarschrift houdt de werking van dit besluit niet tegen. Vindt u dat u de "
    "beslissing op uw bezwaar niet kunt afwachten, omdat het spoed heeft? Dan kunt u, als u "
    "bezwaar heeft gemaakt, de voorzieningenrechter van de rechtbank vragen een voorlopige "
    "voorziening te treffen (Awb artikel 8:81). Stuur uw verzoek aan:\n{{ rechtbank }}",
    "Voor een verzoek om een voorlopige voorziening betaalt u griffierecht. De rechtbank laat u "
    "weten hoeveel en hoe u betaalt.",
]

# After a decision on objection the way to the court is beroep (Awb 8:1, 6:7).
APPEAL_CLAUSE = [
    "Beroep instellen",
    "Bent u het niet eens met deze beslissing op uw bezwaar? Dan kunt u beroep instellen bij de "
    "rechtbank. De termijn daarvoor is zes weken na de dag waarop deze beslissing is verzonden "
    "(Awb artikel 6:7 en 6:8): uw beroepschrift moet uiterlijk op {{ bezwaartermijn }} bij de "
    "rechtbank zijn. Stuur het aan:\n{{ rechtbank }}",
    "Zet in uw beroepschrift uw naam en adres, de datum, een kopie van deze beslissing, waarom "
    "u het er niet mee eens bent en uw handtekening. U kunt de voorzieningenrechter op hetzelfde "
    "adres ook om een voorlopige voorziening vragen (Awb artikel 8:81). U betaalt griffierecht.",
]

BODY: dict[str, list[str]] = {
    LetterKind.GRANTED: [
        "Op {{ ontvangen }} ontvingen wij uw aanvraag om een registratie voor de tippelzone. "
        "Met deze brief beslist {{ bestuursorgaan }} op uw aanvraag.",
        "Besluit",
        "Wij verlenen u een registratie voor de tippelzone. Uw pasnummer is {{ pasnummer }}; de "
        "pas is geldig van {{ geldig_vanaf }} tot en met {{ geldig_tot }}.",
        "{{ voorwaarden }}",
        "Waarom wij zo besluiten",
        "Wij besluiten op grond van {{ grondslag }}. U voldoet aan de voorwaarden: u heeft "
        "uitdrukkelijk toestemming gegeven voor het verwerken van uw gegevens en u bent sinds "
        "{{ bekend_sinds }} bekend in de Nijmeegse zorg. {{ motivering }}",
    ],
    LetterKind.REFUSED: [
        "Op {{ ontvangen }} ontvingen wij uw aanvraag om een registratie voor de tippelzone. "
        "Met deze brief beslist {{ bestuursorgaan }} op uw aanvraag.",
        "Besluit",
        "Wij weigeren de registratie.",
        "Waarom wij zo besluiten",
        "Wij besluiten op grond van {{ grondslag }}. Gronden: {{ gronden }}.",
        "{{ motivering }}",
    ],
    LetterKind.RECEIPT: [
        "Op {{ ontvangen }} ontvingen wij uw aanvraag om een registratie voor de tippelzone. "
        "Met deze brief bevestigen wij dat.",
        "Wij beslissen binnen {{ beslistermijn_weken }} weken na ontvangst, uiterlijk op "
        "{{ beslisdatum }} (Awb artikel 4:13). Hebben wij meer gegevens nodig of meer tijd, dan "
        "laten wij u dat weten. Noem bij vragen ons kenmerk {{ kenmerk }}.",
    ],
    LetterKind.COMPLETION: [
        "Op {{ ontvangen }} ontvingen wij uw aanvraag om een registratie voor de tippelzone. "
        "Uw aanvraag is niet compleet: wij missen het volgende.",
        "{{ toelichting }}",
        "Wilt u dit uiterlijk op {{ hersteltermijn }} aanvullen? Zo lang wachten wij met ons "
        "besluit: de beslistermijn is opgeschort vanaf de verzending van deze brief tot de dag "
        "waarop uw aanvulling binnen is of de termijn ongebruikt voorbij is (Awb artikel 4:15).",
        "Vult u niet aan vóór die datum, dan kunnen wij besluiten uw aanvraag niet te behandelen "
        "(Awb artikel 4:5). Tegen dat besluit kunt u dan bezwaar maken.",
    ],
    LetterKind.EXTENSION: [
        "Op {{ ontvangen }} ontvingen wij uw aanvraag om een registratie voor de tippelzone. "
        "Het lukt ons niet om binnen de beslistermijn te beslissen.",
        "{{ toelichting }}",
        "Wij verdagen de beslistermijn daarom met {{ verdaging_weken }} weken (Awb artikel "
        "4:14). Wij beslissen uiterlijk op {{ beslisdatum }}.",
    ],
    LetterKind.OBJECTION_RECEIPT: [
        "Op {{ bezwaar_ontvangen }} ontvingen wij uw bezwaarschrift tegen ons besluit van "
        "{{ besluitdatum }} (kenmerk {{ kenmerk }}). Met deze brief bevestigen wij dat (Awb "
        "artikel 6:14).",
        "Wij beslissen op uw bezwaar uiterlijk op {{ beslisdatum_bezwaar }} (Awb artikel "
        "7:10). Voordat wij beslissen, nodigen wij u uit om uw bezwaar toe te lichten op een "
        "hoorzitting (Awb artikel 7:2).",
    ],
    LetterKind.HEARING: [
        "U heeft bezwaar gemaakt tegen ons besluit van {{ besluitdatum }} (kenmerk "
        "{{ kenmerk }}). Wij nodigen u uit om uw bezwaar mondeling toe te lichten (Awb artikel "
        "7:2).",
        "De hoorzitting is op {{ hoorzitting }} om {{ hoorzitting_tijd }} uur. Plaats: "
        "{{ hoorzitting_plaats }}. {{ toelichting }}",
        "U mag iemand meenemen die u helpt, of iemand namens u laten komen met een machtiging. "
        "Kunt u niet komen? Laat het ons dan zo snel mogelijk weten; noem ons kenmerk.",
    ],
    LetterKind.OBJECTION_DECISION: [
        "U heeft op {{ bezwaar_ontvangen }} bezwaar gemaakt tegen ons besluit van "
        "{{ besluitdatum }} (kenmerk {{ kenmerk }}). Met deze brief beslist {{ bestuursorgaan }} "
        "op uw bezwaar.",
        "Beslissing",
        "Wij verklaren uw bezwaar {{ uitkomst_bezwaar }}.",
        "Waarom wij zo beslissen",
        "Wij beslissen op grond van {{ grondslag }} en Awb artikel 7:11. {{ toelichting }}",
    ],
    LetterKind.OWN_REQUEST_END: [
        "Op {{ ontvangen }} vroeg u ons om uw registratie voor de tippelzone te beëindigen. Dat "
        "hebben wij gedaan: uw registratie met pasnummer {{ pasnummer }} is beëindigd per "
        "{{ beeindigd_op }}. Uw pas is vanaf die dag niet meer geldig.",
        "Wilt u later weer op de tippelzone werken, dan kunt u opnieuw een registratie aanvragen.",
    ],
}

# The subject of each letter.
SUBJECT: dict[str, str] = {
    LetterKind.GRANTED: "besluit op uw aanvraag registratie tippelzone",
    LetterKind.REFUSED: "besluit op uw aanvraag registratie tippelzone",
    LetterKind.RECEIPT: "ontvangstbevestiging van uw aanvraag registratie tippelzone",
    LetterKind.COMPLETION: "verzoek om uw aanvraag aan te vullen",
    LetterKind.EXTENSION: "verdaging van de beslistermijn",
    LetterKind.OBJECTION_RECEIPT: "ontvangstbevestiging van uw bezwaarschrift",
    LetterKind.HEARING: "uitnodiging voor de hoorzitting over uw bezwaar",
    LetterKind.OBJECTION_DECISION: "beslissing op uw bezwaar",
    LetterKind.OWN_REQUEST_END: "beëindiging van uw registratie op uw verzoek",
}

# The letters that are a decision and so carry the way to object or appeal.
CLAUSE: dict[str, list[str]] = {
    LetterKind.GRANTED: OBJECTION_CLAUSE,
    LetterKind.REFUSED: OBJECTION_CLAUSE,
    LetterKind.OWN_REQUEST_END: OBJECTION_CLAUSE,
    LetterKind.OBJECTION_DECISION: APPEAL_CLAUSE,
}


def default_paragraphs(kind: str) -> list[str]:
    return [*HEADER, *BODY[kind], *CLAUSE.get(kind, []), *FOOTER]


def _default_template(kind: str) -> io.BytesIO:
    document = Document()
    for text in default_paragraphs(kind):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def _day(value: Any) -> str:
    return date_format(value, "j F Y") if value else "…"


def deadline_text(value: Any) -> str:
    """A deadline in a letter carries its weekday: "vrijdag 27 december 2024"."""
    return long_date(value) if value else "…"


class LetterTemplateBroken(Exception):
    """The uploaded template cannot be read or filled in."""


class LetterSettingsMissing(Exception):
    """A letter setting is empty: STAP makes no letter that would not hold up."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing

    def message(self) -> str:
        return _(
            "STAP maakt deze brief nog niet: vul eerst in het beheer bij Brieven in: %(names)s."
        ) % {"names": ", ".join(self.missing)}


# The letters about an objection go to whoever objected (Awb 6:5, 2:1).
OBJECTION_KINDS = (LetterKind.OBJECTION_RECEIPT, LetterKind.HEARING, LetterKind.OBJECTION_DECISION)


def addressee(request: RegistrationRequest, kind: str | None = None) -> tuple[str, str, str]:
    """To whom the letter goes: (name line, address lines, salutation). Her gemachtigde when
    one wrote for her; handed over in person when she has no address. A letter about an
    objection goes to whoever made that objection: its gemachtigde, else she herself."""
    person = request.person
    name = person.name if person else ""
    representative = request.representative
    by_representative = request.submitted_by == RegistrationRequest.SubmittedBy.REPRESENTATIVE
    if kind in OBJECTION_KINDS:
        objection = (
            Objection.objects.filter(decision__request=request)
            .order_by("-received_on", "-id")
            .only("submitted_by", "representative")
            .first()
        )
        if objection is not None:
            representative = objection.representative
            by_representative = objection.submitted_by == Objection.SubmittedBy.REPRESENTATIVE
    if by_representative:
        return (
            representative,
            _("gemachtigde van %(name)s") % {"name": name},
            representative,
        )
    if person is not None and person.address.strip():
        return name, person.address.strip().replace(", ", "\n"), name
    return name, _("Uitgereikt in persoon"), name


def letter_context(
    request: RegistrationRequest,
    kind: str,
    *,
    sent_on: datetime.date | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """What a letter is filled with; refuses while a letter setting is empty. No invisible
    direction or control character reaches the official letter, whatever was stored."""
    config = RegistrationSettings.current()
    missing = config.missing_letter_settings()
    if missing:
        raise LetterSettingsMissing(missing)
    values = _letter_values(request, kind, config, sent_on or timezone.localdate())
    values.update(extra or {})
    return {key: without_hidden_characters(value) for key, value in values.items()}


def _letter_values(
    request: RegistrationRequest, kind: str, config: RegistrationSettings, sent_on: datetime.date
) -> dict[str, str]:
    person = request.person
    decision = Decision.objects.filter(request=request).first()
    registration = getattr(decision, "registration", None) if decision else None
    advice = getattr(request, "advice", None)
    to, address, salutation = addressee(request, kind)
    body = config.decision_body.strip()
    values = {
        "briefhoofd": config.letterhead.strip() or body[:1].upper() + body[1:],
        "bestuursorgaan": body,
        "bestuursorgaan_groot": body[:1].upper() + body[1:],
        "afzenderadres": config.letter_address.strip(),
        "grondslag": config.letter_legal_basis.strip(),
        "bezwaar_adres": config.objection_address.strip(),
        "rechtbank": config.court_address.strip(),
        "ondertekenaar": config.signatory.strip(),
        "aan": to,
        "adres": address,
        "aanhef": salutation,
        "naam": person.name if person else "",
        "kenmerk": request.reference,
        "verzenddatum": _day(sent_on),
        "onderwerp": SUBJECT[kind],
        "behandelaar": str(request.owner),
        "ontvangen": _day(request.received_on),
        "beslistermijn_weken": str(request.term_weeks),
        "beslisdatum": deadline_text(request.decision_deadline()),
        "verdaging_weken": str(request.extension_weeks),
        "besluitdatum": _day(decision.decided_on) if decision else "…",
        "pasnummer": registration.pass_number if registration else "",
        "geldig_vanaf": _day(registration.valid_from) if registration else "",
        "geldig_tot": _day(registration.valid_until) if registration else "",
        "voorwaarden": registration.conditions if registration else "",
        "bekend_sinds": _day(advice.known_since) if advice and advice.known_since else "…",
        "gronden": (
            "; ".join(g.name for g in decision.grounds.all()) or "zie de motivering hieronder"
        )
        if decision
        else "",
        "motivering": decision.grounds_text if decision else "",
        # The term runs from the day after dispatch (Awb 6:8), whatever day the letter is made.
        "bezwaartermijn": deadline_text(objection_deadline(sent_on)),
        "toelichting": "",
    }
    if kind == LetterKind.OWN_REQUEST_END and request.registration is not None:
        values["pasnummer"] = request.registration.pass_number
        values["beeindigd_op"] = _day(request.registration.ended_on)
    return values


def template_source(kind: str) -> Any:
    """The beheerder's template for this kind while it is in use, else STAP's own."""
    template = LetterTemplate.objects.filter(kind=kind, is_active=True).first()
    if template:
        with template.file.open("rb") as handle:
            return io.BytesIO(handle.read())
    return _default_template(kind)


def render_letter(source: Any, context: dict[str, str]) -> bytes:
    """The filled-in letter. A sandbox keeps an uploaded template from running code."""
    try:
        document = DocxTemplate(source)
        document.render(context, jinja_env=SandboxedEnvironment(autoescape=True))
        out = io.BytesIO()
        document.save(out)
    except Exception as error:  # any defect of an uploaded file means the same to the user
        raise LetterTemplateBroken(str(type(error).__name__)) from error
    return out.getvalue()


def make_letter(
    request: RegistrationRequest,
    kind: str,
    *,
    sent_on: datetime.date | None = None,
    extra: dict[str, str] | None = None,
) -> bytes:
    """A letter of `kind` about `request`, as .docx."""
    context = letter_context(request, kind, sent_on=sent_on, extra=extra)
    return render_letter(template_source(kind), context)


def decision_letter(decision: Decision, *, sent_on: datetime.date | None = None) -> bytes:
    """The decision letter (granted or refused), dated as sent on `sent_on` (default today)."""
    return make_letter(decision.request, decision.outcome, sent_on=sent_on)
