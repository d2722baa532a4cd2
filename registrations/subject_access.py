"""What the registration holds about a person, for her subject-access export (AVG art. 15),
with the Dutch label of every exported field; stored files go into the ZIP as attachments.

Registration data only: the coordinator's link to a care file is left out, and so is any care
data; the care side has its own export.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from registrations.models import (
    Advice,
    Decision,
    InboundMail,
    Letter,
    MailAttachment,
    Objection,
    Person,
    Registration,
    RegistrationRequest,
    SubjectAccessRequest,
)
from stapteam.platform.formats import day_date
from stapteam.platform.subject_access import Section, Shown, describe, history_section, section

HERSELF = "zij zelf: het hele document gaat over haar"
CARE_LINK = "koppeling met het zorgdossier: de zorg heeft een eigen inzage"


def request_name(request: RegistrationRequest) -> str:
    return f"{request.get_kind_display()} {day_date(request.received_on)}"


def decision_name(decision: Decision) -> str:
    return f"{decision.get_outcome_display()} {day_date(decision.decided_on)}"


ON_REQUEST: Any = Shown(_lazy("bij aanvraag of verzoek"), request_name)
ON_DECISION: Any = Shown(_lazy("bij besluit"), decision_name)

describe(
    Person,
    {
        "name": _lazy("naam"),
        "call_name": _lazy("roepnaam"),
        "date_of_birth": _lazy("geboortedatum"),
        "phone": _lazy("telefoonnummer"),
        "email": _lazy("e-mailadres"),
        "address": _lazy("adres"),
        "consent_on": _lazy("uitdrukkelijke toestemming gegeven op"),
        "consent_withdrawn_on": _lazy("toestemming ingetrokken op"),
        "legal_hold": _lazy("bewaarplicht (niet vernietigen)"),
        "legal_hold_reason": _lazy("reden van de bewaarplicht"),
    },
    excluded={"client": CARE_LINK},
    notes=["legal_hold_reason"],
)
describe(
    RegistrationRequest,
    {
        "kind": _lazy("soort"),
        "received_on": _lazy("ontvangen op"),
        "channel": _lazy("hoe ontvangen"),
        "summary": _lazy("samenvatting"),
        "submitted_by": _lazy("ingediend door"),
        "representative": _lazy("gemachtigde die namens haar schreef"),
        "wished_start": _lazy("gewenste ingangsdatum"),
        "answer": _lazy("gegeven antwoord"),
        "answered_to": _lazy("antwoord gegeven aan"),
        "answered_on": _lazy("beantwoord op"),
        "answered_by": _lazy("beantwoord door"),
        "owner": _lazy("behandeld door"),
        "status": _lazy("status"),
        "term_weeks": _lazy("beslistermijn (weken)"),
        "extension_weeks": _lazy("verdaging (weken)"),
        "extension_notice_on": _lazy("verdaging meegedeeld op"),
        "suspended_days": _lazy("opgeschort (dagen)"),
        "registration": Shown(_lazy("betreft de registratie met pasnummer"), str),
        "created_at": _lazy("vastgelegd op"),
    },
    excluded={"person": HERSELF},
)
describe(
    InboundMail,
    {
        "source": _lazy("hoe binnengekomen"),
        "sender": _lazy("afzender"),
        "subject": _lazy("onderwerp"),
        "sent_at": _lazy("verzonden op"),
        "received_at": _lazy("ontvangen op"),
        "body_text": _lazy("tekst"),
        "raw_message": _lazy("oorspronkelijk bericht (.eml)"),
        "problems": _lazy("opmerkingen bij het inlezen"),
        "state": _lazy("status"),
        "request": ON_REQUEST,
        "not_relevant_reason": _lazy("reden niet van belang"),
        "handled_by": _lazy("behandeld door"),
    },
    excluded={"message_id": "technisch kenmerk van het e-mailbericht"},
    notes=["sender", "subject", "not_relevant_reason"],
)
describe(
    MailAttachment,
    {
        "mail": Shown(_lazy("bij de e-mail"), str),
        "filename": _lazy("oorspronkelijke bestandsnaam"),
        "size": _lazy("grootte (bytes)"),
        "file": _lazy("bestand"),
        "refused_reason": _lazy("niet bewaard omdat"),
    },
    excluded={"content_type": "technische bestandssoort; het bestand zelf zit in de ZIP"},
    notes=["filename"],
)
describe(
    Advice,
    {
        "request": ON_REQUEST,
        "asked_at": _lazy("gevraagd op"),
        "asked_by": _lazy("gevraagd door"),
        "answer": _lazy("advies"),
        "known_since": _lazy("bekend in de zorg sinds"),
        "motivation": _lazy("korte motivering"),
        "answered_at": _lazy("beantwoord op"),
        "answered_by": _lazy("beantwoord door"),
    },
    notes=["motivation"],
)
describe(
    Decision,
    {
        "request": ON_REQUEST,
        "outcome": _lazy("besluit"),
        "grounds": _lazy("gronden van weigering"),
        "grounds_text": _lazy("motivering"),
        "decided_on": _lazy("besluitdatum"),
        "notified_on": _lazy("bekendgemaakt op"),
        "decided_by": _lazy("besloten door"),
    },
)
describe(
    Letter,
    {
        "request": ON_REQUEST,
        "kind": _lazy("soort brief"),
        "sent_on": _lazy("verzonden op"),
        "addressee": _lazy("verzonden aan"),
        "pdf": _lazy("de brief (PDF)"),
        "edited": _lazy("door het secretariaat aangepast"),
        "sent_by": _lazy("verzonden door"),
        "created_at": _lazy("vastgelegd op"),
    },
)
describe(
    Registration,
    {
        "decision": ON_DECISION,
        "pass_number": _lazy("pasnummer"),
        "valid_from": _lazy("geldig vanaf"),
        "valid_until": _lazy("geldig tot en met"),
        "conditions": _lazy("voorwaarden"),
        "ended_on": _lazy("beëindigd op"),
        "end_reason": _lazy("reden beëindiging"),
        "end_note": _lazy("toelichting"),
    },
    excluded={"person": HERSELF},
    notes=["end_note"],
)
describe(
    Objection,
    {
        "decision": ON_DECISION,
        "received_on": _lazy("ontvangen op"),
        "submitted_by": _lazy("ingediend door"),
        "representative": _lazy("naam gemachtigde"),
        "grounds": _lazy("gronden van het bezwaar"),
        "hearing_on": _lazy("hoorzitting op"),
        "hearing_time": _lazy("hoorzitting om"),
        "hearing_place": _lazy("plaats van de hoorzitting"),
        "advisory_committee": _lazy("advies van de bezwaarcommissie"),
        "extension_weeks": _lazy("verdaging (weken)"),
        "outcome": _lazy("uitkomst"),
        "decided_on": _lazy("beslist op"),
        "entered_by": _lazy("vastgelegd door"),
    },
)
describe(
    SubjectAccessRequest,
    {
        "requested_by": _lazy("verzocht door"),
        "representative": _lazy("naam gemachtigde"),
        "received_on": _lazy("ontvangen op"),
        "due_on": _lazy("uiterlijk af op"),
        "handled_on": _lazy("afgehandeld op"),
        "handled_by": _lazy("afgehandeld door"),
        "registered_by": _lazy("vastgelegd door"),
        "created_at": _lazy("vastgelegd op"),
    },
    excluded={"person": HERSELF},
)


def registration_sections(person: Person) -> list[Section]:
    requests = RegistrationRequest.objects.filter(person=person)
    request_ids = list(requests.values_list("pk", flat=True))
    mails = InboundMail.objects.filter(request_id__in=request_ids)
    mail_ids = list(mails.values_list("pk", flat=True))
    decisions = Decision.objects.filter(request_id__in=request_ids)
    decision_ids = list(decisions.values_list("pk", flat=True))
    return [
        section(_("Persoonsgegevens"), Person.objects.filter(pk=person.pk)),
        section(_("Aanvragen en verzoeken"), requests),
        section(_("E-mails"), mails),
        section(_("Bijlagen van e-mails"), MailAttachment.objects.filter(mail_id__in=mail_ids)),
        section(_("Adviezen zorgvoorwaarde"), Advice.objects.filter(request_id__in=request_ids)),
        section(_("Besluiten"), decisions),
        section(_("Verzonden brieven"), Letter.objects.filter(request_id__in=request_ids)),
        section(_("Registraties"), Registration.objects.filter(person=person)),
        section(_("Bezwaren"), Objection.objects.filter(decision_id__in=decision_ids)),
        section(_("Inzageverzoeken"), SubjectAccessRequest.objects.filter(person=person)),
        history_section(_("Geschiedenis: persoonsgegevens"), Person, id=person.pk),
        history_section(_("Geschiedenis: aanvragen"), RegistrationRequest, id__in=request_ids),
        history_section(_("Geschiedenis: e-mails"), InboundMail, id__in=mail_ids),
        history_section(
            _("Geschiedenis: bijlagen van e-mails"), MailAttachment, mail_id__in=mail_ids
        ),
        history_section(_("Geschiedenis: adviezen"), Advice, request_id__in=request_ids),
        history_section(_("Geschiedenis: besluiten"), Decision, request_id__in=request_ids),
        history_section(_("Geschiedenis: verzonden brieven"), Letter, request_id__in=request_ids),
        history_section(_("Geschiedenis: registraties"), Registration, person_id=person.pk),
        history_section(_("Geschiedenis: bezwaren"), Objection, decision_id__in=decision_ids),
    ]
