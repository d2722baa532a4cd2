"""The care subject-access export (AVG art. 15): what each care model's fields are called in it,
and `care_sections`, everything the care side holds about one client. Other apps add their part
with `register_care_export_provider` (time-out, budgets); stapteam never names them."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from stapteam.models import (
    AccessLogEntry,
    Assignment,
    Client,
    ClientAccessGrant,
    Closure,
    Contact,
    Escalation,
    EscalationAction,
    Goal,
    Handover,
    PeerLink,
    SubjectAccessRequest,
    Trajectory,
    ZrmAssessment,
    ZrmScore,
)
from stapteam.models.audit import OBJECT_TYPE_LABELS
from stapteam.platform.roles import Role
from stapteam.platform.subject_access import Section, Shown, describe, history_section, section

# Why a field is left out of her export (shown to no one; the label test reads them).
HERSELF = "zij zelf: het hele document gaat over haar"
VERSION = "technisch versienummer tegen gelijktijdig bewerken"


def role_names(codes: str) -> str:
    labels = {role.value: str(role.label) for role in Role}
    return ", ".join(labels.get(code, str(_("andere rol"))) for code in codes.split(",") if code)


def object_type_name(code: str) -> str:
    return str(OBJECT_TYPE_LABELS.get(code, _("ander gegeven")))


describe(
    Client,
    {
        "code": _lazy("cliëntcode"),
        "call_name": _lazy("roepnaam"),
        "full_name": _lazy("volledige naam"),
        "date_of_birth": _lazy("geboortedatum"),
        "phone": _lazy("telefoonnummer"),
        "residence": _lazy("verblijfplaats"),
        "origin": _lazy("herkomst"),
        "origin_region": _lazy("regio van herkomst"),
        "addiction": _lazy("verslaving"),
        "in_protected_housing": _lazy("woont in Beschermd Wonen"),
        "has_zone_pass": _lazy("heeft een tippelzonepas"),
        "known_at_cirkel": _lazy("bekend bij de Cirkel"),
        "status": _lazy("status van het dossier"),
        "consent_on": _lazy("toestemming voor het delen van gegevens gegeven op"),
        "consent_scope": _lazy("waarvoor de toestemming geldt"),
        "consent_withdrawn_on": _lazy("toestemming ingetrokken op"),
        "closed_on": _lazy("dossier afgesloten op"),
        "outcome": _lazy("uitkomst"),
        "outcome_region": _lazy("overgedragen naar regio"),
        "legal_hold": _lazy("bewaarplicht (niet vernietigen)"),
        "legal_hold_reason": _lazy("reden van de bewaarplicht"),
        "created_at": _lazy("dossier aangemaakt op"),
    },
    excluded={"version": VERSION},
    notes=["consent_scope", "legal_hold_reason"],
)
describe(
    Assignment,
    {
        "casemanager": _lazy("casemanager"),
        "started_on": _lazy("vanaf"),
        "ended_on": _lazy("tot"),
    },
    excluded={"client": HERSELF},
)
describe(
    Handover,
    {
        "from_casemanager": _lazy("van casemanager"),
        "to_casemanager": _lazy("naar casemanager"),
        "starts_on": _lazy("samen vanaf"),
        "ends_on": _lazy("samen tot en met"),
        "note": _lazy("overdrachtsnotitie"),
        "created_by": _lazy("vastgelegd door"),
    },
    excluded={"client": HERSELF},
)
describe(
    Closure,
    {
        "closed_on": _lazy("dossier afgesloten op"),
        "outcome": _lazy("uitkomst"),
        "outcome_region": _lazy("overgedragen naar regio"),
        "reason": _lazy("toelichting bij afsluiten"),
        "closed_by": _lazy("afgesloten door"),
        "reopened_on": _lazy("heropend op"),
        "reopened_by": _lazy("heropend door"),
        "reopen_reason": _lazy("reden voor heropenen"),
    },
    excluded={"client": HERSELF},
    notes=["reason", "reopen_reason"],
)
describe(
    PeerLink,
    {
        "peer_worker": _lazy("ervaringsdeskundige"),
        "started_on": _lazy("vanaf"),
        "ended_on": _lazy("tot"),
    },
    excluded={"client": HERSELF},
)
describe(
    Contact,
    {
        "author": _lazy("vastgelegd door"),
        "occurred_at": _lazy("datum en tijd"),
        "kind": _lazy("soort contact"),
        "minutes": _lazy("duur (minuten)"),
        "time_type": _lazy("soort tijd"),
        "no_show": _lazy("niet verschenen"),
        "partner": _lazy("netwerkpartner"),
        "note": _lazy("notitie"),
        "created_at": _lazy("vastgelegd op"),
        "corrected_at": _lazy("gecorrigeerd op"),
        "corrected_by": _lazy("gecorrigeerd door"),
    },
    excluded={"client": HERSELF, "version": VERSION},
)
describe(
    Goal,
    {
        "domain": _lazy("leefgebied"),
        "wish": _lazy("wat zij wil bereiken"),
        "actions": _lazy("acties"),
        "who": _lazy("wie"),
        "target_date": _lazy("streefdatum"),
        "status": _lazy("status"),
        "created_by": _lazy("vastgelegd door"),
        "created_at": _lazy("vastgelegd op"),
    },
    excluded={"client": HERSELF, "version": VERSION},
    notes=["who"],
)
describe(
    ZrmAssessment,
    {
        "assessed_on": _lazy("datum van de meting"),
        "moment": _lazy("moment"),
        "assessor": _lazy("beoordeeld door"),
        "domain_set": _lazy("gebruikte lijst van leefgebieden"),
        "created_at": _lazy("vastgelegd op"),
    },
    excluded={"client": HERSELF},
)
describe(
    ZrmScore,
    {
        "assessment": Shown(_lazy("meting van"), lambda a: a.assessed_on),
        "domain": _lazy("leefgebied"),
        "score": _lazy("score (1 tot en met 5)"),
        "not_scored_reason": _lazy("reden niet gescoord"),
        "target_score": _lazy("doelscore"),
    },
    notes=["not_scored_reason"],
)
describe(
    Trajectory,
    {
        "kind": _lazy("soort traject"),
        "provider": _lazy("aanbieder"),
        "started_on": _lazy("begin"),
        "ended_on": _lazy("einde"),
        "result": _lazy("resultaat"),
    },
    excluded={"client": HERSELF},
    notes=["result"],
)
describe(
    Escalation,
    {
        "question": _lazy("vraag aan de procesregisseur"),
        "raised_by": _lazy("opgeschaald door"),
        "raised_at": _lazy("opgeschaald op"),
        "respond_by": _lazy("reageren vóór"),
        "acknowledged_at": _lazy("in behandeling genomen op"),
        "acknowledged_by": _lazy("in behandeling genomen door"),
        "closed_at": _lazy("afgesloten op"),
        "closed_by": _lazy("afgesloten door"),
        "closing_note": _lazy("afsluitende notitie"),
    },
    excluded={"client": HERSELF},
)
describe(
    EscalationAction,
    {
        "escalation": Shown(_lazy("bij de opschaling van"), lambda e: e.raised_at),
        "kind": _lazy("soort"),
        "description": _lazy("omschrijving"),
        "owner": _lazy("wie het doet"),
        "follow_up_on": _lazy("vervolgdatum"),
        "created_by": _lazy("vastgelegd door"),
        "created_at": _lazy("vastgelegd op"),
    },
    notes=["owner"],
)
describe(
    ClientAccessGrant,
    {
        "user": _lazy("medewerker"),
        "reason": _lazy("reden"),
        "created_at": _lazy("geopend op"),
        "valid_until": _lazy("geldig tot"),
    },
    excluded={"client": HERSELF},
    notes=["reason"],
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
    excluded={"client": HERSELF},
)
describe(
    AccessLogEntry,
    {
        "at": _lazy("tijdstip"),
        "user": _lazy("medewerker"),
        "roles": Shown(_lazy("rol"), role_names),
        "organisation": _lazy("organisatie"),
        "object_type": Shown(_lazy("welk gegeven"), object_type_name),
        "action": _lazy("handeling"),
        "result": _lazy("resultaat"),
        "reason": _lazy("reden"),
    },
    excluded={
        "client": HERSELF,
        "object_id": "intern nummer van het gegeven",
        "source_address": "netwerkadres van de medewerker: gegevens van een ander (AVG 15 lid 4)",
    },
    notes=["reason"],
)


CareProvider = Callable[[Client], list[Section]]
_care_providers: list[CareProvider] = []


def register_care_export_provider(provider: CareProvider) -> CareProvider:
    """Add what another app holds about a client to her care export."""
    if provider not in _care_providers:
        _care_providers.append(provider)
    return provider


def care_sections(client: Client) -> list[Section]:
    """Everything the care side holds about her, history and access log included."""
    pk = client.pk
    escalation_ids = list(Escalation.objects.filter(client=client).values_list("pk", flat=True))
    assessments = ZrmAssessment.objects.filter(client=client)
    sections = [
        section(_("Cliëntgegevens"), Client.objects.filter(pk=pk)),
        section(_("Casemanagers"), Assignment.objects.filter(client=client)),
        section(_("Warme overdrachten"), Handover.objects.filter(client=client)),
        section(_("Ervaringsdeskundigen"), PeerLink.objects.filter(client=client)),
        section(_("Afsluitingen en heropeningen"), Closure.objects.filter(client=client)),
        section(_("Contactmomenten"), Contact.objects.filter(client=client)),
        section(_("Doelen"), Goal.objects.filter(client=client)),
        section(_("ZRM-metingen"), assessments),
        section(_("ZRM-scores"), ZrmScore.objects.filter(assessment__in=assessments)),
        section(_("Trajecten"), Trajectory.objects.filter(client=client)),
        section(_("Opschalingen"), Escalation.objects.filter(client=client)),
        section(
            _("Afspraken en acties procesregie"),
            EscalationAction.objects.filter(escalation_id__in=escalation_ids),
        ),
        section(_("Inzage met reden"), ClientAccessGrant.objects.filter(client=client)),
        section(_("Inzageverzoeken"), SubjectAccessRequest.objects.filter(client=client)),
    ]
    for provider in _care_providers:
        sections.extend(provider(client))
    sections += [
        history_section(_("Geschiedenis: cliëntgegevens"), Client, id=pk),
        history_section(_("Geschiedenis: contactmomenten"), Contact, client_id=pk),
        history_section(_("Geschiedenis: doelen"), Goal, client_id=pk),
        history_section(_("Geschiedenis: trajecten"), Trajectory, client_id=pk),
        history_section(_("Geschiedenis: overdrachten"), Handover, client_id=pk),
        history_section(_("Geschiedenis: opschalingen"), Escalation, client_id=pk),
        history_section(
            _("Geschiedenis: afspraken procesregie"),
            EscalationAction,
            escalation_id__in=escalation_ids,
        ),
        history_section(_("Geschiedenis: casemanagers"), Assignment, client_id=pk),
        history_section(_("Geschiedenis: ervaringsdeskundigen"), PeerLink, client_id=pk),
        history_section(_("Geschiedenis: afsluitingen"), Closure, client_id=pk),
        history_section(_("Geschiedenis: inzage met reden"), ClientAccessGrant, client_id=pk),
        section(
            _("Toegangslog: wie dit dossier inzag of wijzigde"),
            AccessLogEntry.objects.filter(client_id=pk).order_by("at", "id"),
        ),
    ]
    return sections
