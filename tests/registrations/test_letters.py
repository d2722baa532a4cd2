"""The secretariat's letters under the Awb: each letter opened as .docx (python-docx) and, once
sent, as the PDF that LibreOffice froze in the request's file (pypdf), with exact dates."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from registrations import services
from registrations.deadlines import objection_deadline
from registrations.demo import DEMO_LETTER_SETTINGS
from registrations.letter_pdf import PdfConversionFailed, docx_to_pdf
from registrations.letters import decision_letter
from registrations.models import (
    Decision,
    Letter,
    Person,
    RefusalGround,
    RegistrationRequest,
    RegistrationSettings,
    TermSuspension,
)
from registrations.subject_access import registration_sections
from stapteam.platform.subject_access import export_zip
from tests.storage import stored_rows

pytestmark = pytest.mark.usefixtures("as_system")

RECEIVED = datetime.date(2025, 10, 20)  # a Monday
DECIDED = datetime.date(2025, 11, 12)
SENT = datetime.date(2025, 11, 13)  # a Thursday: six weeks end on Christmas Day
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def letter_settings(db: None) -> RegistrationSettings:
    RegistrationSettings.objects.filter(id=1).update(regime="named", **DEMO_LETTER_SETTINGS)
    return RegistrationSettings.current()


def _application(owner: Any, **request_fields: Any) -> RegistrationRequest:
    person = Person.objects.create(
        name="Mirjam de Groot",
        address="Voorbeeldstraat 12, 6511 AB Voorbeeldstad",
        consent_on=RECEIVED,
    )
    request = services.create_request(
        kind="application",
        received_on=RECEIVED,
        channel="mail",
        owner=owner,
        person=person,
        **request_fields,
    )
    services.start_handling(request=request)
    services.give_advice(
        advice=services.ask_advice(request=request, by=owner),
        answer="yes",
        known_since=datetime.date(2021, 3, 1),
        motivation="",
        client=None,
        by=owner,
    )
    return request


def granted(owner: Any, **request_fields: Any) -> Decision:
    request = _application(owner, **request_fields)
    return services.decide(
        request=request,
        outcome="granted",
        decided_on=DECIDED,
        by=owner,
        pass_number="TZ-2025-014",
        valid_from=DECIDED,
        valid_until=datetime.date(2026, 11, 11),
        conditions="Alleen binnen de openingstijden van de zone.",
    )


def refused(owner: Any) -> Decision:
    request = _application(owner)
    return services.decide(
        request=request,
        outcome="refused",
        decided_on=DECIDED,
        by=owner,
        grounds=[RefusalGround.objects.create(name="Niet bekend in de Nijmeegse zorg")],
        grounds_text="Uit het advies blijkt geen zorgcontact in de afgelopen twaalf maanden.",
    )


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    # A PDF breaks lines where the page does: compare the words, not the line breaks.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def flat(text: str) -> str:
    return " ".join(text.split())


def awb_parts(decision: Decision) -> list[str]:
    """What a decision letter sent on 13 November 2025 must say (Awb 3:45, 3:46, 6:7, 8:81)."""
    request = decision.request
    return [
        "Gemeente Voorbeeldstad — Zorg- en Veiligheidshuis (demo)",  # letterhead
        "de burgemeester van Voorbeeldstad",  # the decision-making body
        "artikel 3:9 van de Algemene Plaatselijke Verordening Voorbeeldstad",  # legal basis
        f"Ons kenmerk: {request.reference}",
        "Datum verzending: 13 november 2025",
        "Waarom wij zo besluiten",  # the reasons (3:46)
        "ieder ander die rechtstreeks door dit besluit wordt geraakt",  # who may object
        "uiterlijk op maandag 29 december 2025",  # the term, as computed
        "t.a.v. de bezwaarcommissie Postbus 1234 6500 AA Voorbeeldstad",  # to whom, with address
        "voorlopige voorziening",
        "Rechtbank Voorbeeld, voorzieningenrechter (bestuursrecht) Postbus 5678 6800 BB",
        "De burgemeester van Voorbeeldstad, namens deze, Mr. A. Voorbeeld, teamleider",
    ]


def test_an_objection_term_ending_on_christmas_runs_to_the_next_working_day() -> None:
    # Six weeks after Thursday 13 November 2025 is Thursday 25 December (Christmas); the 26th is
    # a holiday too and the 27th and 28th a weekend (Algemene termijnenwet art. 1).
    assert objection_deadline(SENT) == datetime.date(2025, 12, 29)
    assert objection_deadline(datetime.date(2025, 11, 12)) == datetime.date(2025, 12, 24)


@pytest.mark.django_db
def test_a_granted_decision_letter_holds_every_part_the_awb_requires(
    client, letter_settings, sanne_secretariat
):
    decision = granted(sanne_secretariat)
    text = flat(docx_text(decision_letter(decision, sent_on=SENT)))
    for part in awb_parts(decision):
        assert flat(part) in text, part
    assert "Uw pasnummer is TZ-2025-014" in text
    assert "geldig van 12 november 2025 tot en met 11 november 2026" in text
    assert "sinds 1 maart 2021 bekend in de Nijmeegse zorg" in text
    assert "Mirjam de Groot\nVoorbeeldstraat 12" in docx_text(decision_letter(decision))

    # Sent on Thursday 13 November 2025: the PDF in her file says the same, and the term runs.
    client.force_login(sanne_secretariat)
    response = client.post(
        reverse("registrations:request_notify", args=[decision.request.pk]),
        {"notified_on": SENT.isoformat(), "confirm": "on"},
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert (letter.kind, letter.sent_on, letter.addressee) == ("granted", SENT, "Mirjam de Groot")
    assert letter.history.get().history_user == sanne_secretariat
    decision.refresh_from_db()
    assert decision.notified_on == SENT
    assert decision.objection_deadline() == datetime.date(2025, 12, 29)
    with letter.pdf.open("rb") as handle:
        pdf = pdf_text(handle.read())
    for part in awb_parts(decision):
        assert flat(part) in pdf, part

    download = client.get(reverse("registrations:letter_download", args=[letter.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert "Mirjam" not in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    page = client.get(reverse("registrations:request_detail", args=[decision.request.pk]))
    assert "Verzonden brieven" in page.content.decode()
    assert "bezwaar kan tot en met maandag 29 december 2025" in page.content.decode()


@pytest.mark.django_db
def test_a_refusal_letter_gives_the_grounds_and_the_full_objection_clause(
    letter_settings, sanne_secretariat
):
    decision = refused(sanne_secretariat)
    text = flat(docx_text(decision_letter(decision, sent_on=SENT)))
    for part in awb_parts(decision):
        assert flat(part) in text, part
    assert "Wij weigeren de registratie." in text
    assert "Gronden: Niet bekend in de Nijmeegse zorg." in text
    assert "geen zorgcontact in de afgelopen twaalf maanden" in text


@pytest.mark.django_db
def test_a_letter_goes_to_her_gemachtigde_or_is_handed_over_without_an_address(
    letter_settings, sanne_secretariat
):
    decision = granted(
        sanne_secretariat, submitted_by="representative", representative="Joke Smit, IrisZorg"
    )
    text = docx_text(decision_letter(decision, sent_on=SENT))
    assert "Joke Smit, IrisZorg\ngemachtigde van Mirjam de Groot" in text
    assert "Geachte Joke Smit, IrisZorg," in text

    Person.objects.filter(requests=decision.request).update(address="")
    RegistrationRequest.objects.filter(pk=decision.request_id).update(
        submitted_by="herself", representative=""
    )
    decision = Decision.objects.get(pk=decision.pk)
    assert "Mirjam de Groot\nUitgereikt in persoon" in docx_text(decision_letter(decision))


@pytest.mark.django_db
def test_without_the_letter_settings_stap_makes_no_letter_and_names_what_is_missing(
    client, letter_settings, sanne_secretariat
):
    decision = granted(sanne_secretariat)
    RegistrationSettings.objects.filter(id=1).update(court_address="", signatory=" ")
    client.force_login(sanne_secretariat)
    detail = reverse("registrations:request_detail", args=[decision.request.pk])
    page = client.get(detail).content.decode()
    assert "rechtbank voor een voorlopige voorziening, ondertekenaar namens" in page
    assert reverse("stapteam:beheer_list", args=["brieven"]) in page

    response = client.get(reverse("registrations:decision_letter", args=[decision.request.pk]))
    assert response.status_code == 302
    message = client.get(detail).content.decode()
    assert "vul eerst in het beheer bij Brieven in: rechtbank voor een voorlopige" in message

    before = stored_rows()
    response = client.post(
        reverse("registrations:request_notify", args=[decision.request.pk]),
        {"notified_on": SENT.isoformat(), "confirm": "on"},
    )
    assert "vul eerst in het beheer bij Brieven in" in response.content.decode()
    assert stored_rows() == before
    decision.refresh_from_db()
    assert decision.notified_on is None


@pytest.mark.django_db
def test_sending_needs_a_confirmation_and_changes_nothing_without(
    client, letter_settings, sanne_secretariat
):
    decision = granted(sanne_secretariat)
    client.force_login(sanne_secretariat)
    before = stored_rows()
    response = client.post(
        reverse("registrations:request_notify", args=[decision.request.pk]),
        {"notified_on": SENT.isoformat()},
    )
    assert response.status_code == 200
    assert "Vink aan dat de brief echt verzonden is." in response.content.decode()
    assert stored_rows() == before


@pytest.mark.django_db
def test_an_edited_letter_is_filed_as_pdf_only_while_it_still_says_the_term(
    client, letter_settings, sanne_secretariat
):
    decision = granted(sanne_secretariat)
    url = reverse("registrations:request_notify", args=[decision.request.pk])
    client.force_login(sanne_secretariat)

    made_today = Document(io.BytesIO(decision_letter(decision, sent_on=DECIDED)))
    stale = io.BytesIO()
    made_today.save(stale)
    before = stored_rows()
    response = client.post(
        url,
        {
            "notified_on": SENT.isoformat(),
            "confirm": "on",
            "edited": SimpleUploadedFile("brief.docx", stale.getvalue(), content_type=DOCX),
        },
    )
    assert "De aangepaste brief moet noemen: maandag 29 december 2025." in (
        response.content.decode()
    )
    assert stored_rows() == before

    edited = Document(io.BytesIO(decision_letter(decision, sent_on=SENT)))
    edited.add_paragraph("Met de hand toegevoegd: u kunt ons ook bellen.")
    upload = io.BytesIO()
    edited.save(upload)
    response = client.post(
        url,
        {
            "notified_on": SENT.isoformat(),
            "confirm": "on",
            "edited": SimpleUploadedFile("brief.docx", upload.getvalue(), content_type=DOCX),
        },
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.edited
    with letter.pdf.open("rb") as handle:
        assert "Met de hand toegevoegd" in pdf_text(handle.read())


@pytest.mark.django_db
def test_a_filed_letter_is_in_her_subject_access_export_and_goes_with_her_file(
    letter_settings, sanne_secretariat
):
    decision = refused(sanne_secretariat)
    services.send_decision_letter(decision=decision, sent_on=SENT, by=sanne_secretariat)
    person = decision.request.person
    assert person is not None
    content = export_zip(
        number="1",
        subject=person.name,
        sections=registration_sections(person),
        basis="AVG art. 15",
    )
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        pdfs = [n for n in archive.namelist() if n.startswith("bijlagen/") and n.endswith(".pdf")]
        assert len(pdfs) == 1
        assert "Wij weigeren de registratie." in pdf_text(archive.read(pdfs[0]))
        assert "Verzonden brieven" in archive.read("inzage.html").decode()


@pytest.mark.django_db(transaction=True)
def test_retention_deletes_the_pdf_of_a_sent_letter(letter_settings, sanne_secretariat):
    from registrations.retention import anonymise_closed_request
    from stapteam.platform.retention import Due

    decision = refused(sanne_secretariat)
    letter = services.send_decision_letter(decision=decision, sent_on=SENT, by=sanne_secretariat)
    stored = letter.pdf.name
    assert letter.pdf.storage.exists(stored)
    with transaction.atomic():
        anonymise_closed_request(Due(decision.request_id))
    letter.refresh_from_db()
    assert not letter.pdf and letter.addressee != "Mirjam de Groot"
    assert not letter.pdf.storage.exists(stored)
    assert not Letter.history.filter(addressee="Mirjam de Groot").exists()


def test_a_conversion_that_takes_too_long_says_so_in_dutch() -> None:
    document = Document()
    document.add_paragraph("Een brief")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(PdfConversionFailed, match="niet binnen 0 seconden"):
        docx_to_pdf(buffer.getvalue(), timeout=0.01)
    with pytest.raises(PdfConversionFailed, match="Controleer of het bestand"):
        docx_to_pdf(b"geen word-document")


@pytest.mark.django_db
def test_only_the_secretariat_opens_a_sent_letter(
    client, letter_settings, sanne_secretariat, carla_coordinator
):
    decision = refused(sanne_secretariat)
    letter = services.send_decision_letter(decision=decision, sent_on=SENT, by=sanne_secretariat)
    client.force_login(carla_coordinator)
    assert client.get(reverse("registrations:letter_download", args=[letter.pk])).status_code in (
        403,
        404,
    )


# --- The process letters ------------------------------------------------------------------------


def send(client: Any, request: RegistrationRequest, **data: Any) -> Any:
    return client.post(
        reverse("registrations:letter_send", args=[request.pk]),
        {"action": "send", "confirm": "on", **data},
    )


def filed_text(letter: Letter) -> str:
    with letter.pdf.open("rb") as handle:
        return pdf_text(handle.read())


@pytest.mark.django_db
def test_a_request_to_complete_suspends_the_decision_term_from_dispatch_to_completion(
    client, letter_settings, sanne_secretariat
):
    request = _application(sanne_secretariat)
    # Received Monday 20 October 2025: eight weeks end Monday 15 December 2025.
    assert request.decision_deadline() == datetime.date(2025, 12, 15)
    client.force_login(sanne_secretariat)
    response = send(
        client,
        request,
        kind="completion",
        sent_on="2025-10-23",
        restore_until="2025-11-06",
        note="Een kopie van uw identiteitsbewijs.",
    )
    assert response.status_code == 302
    letter = Letter.objects.get(kind="completion")
    text = filed_text(letter)
    assert "Een kopie van uw identiteitsbewijs." in text
    assert "uiterlijk op donderdag 6 november 2025 aanvullen" in text
    assert "Awb artikel 4:15" in text and f"Ons kenmerk: {request.reference}" in text
    suspension = request.suspensions.get()
    assert (suspension.starts_on, suspension.restore_until, suspension.ends_on) == (
        datetime.date(2025, 10, 23),
        datetime.date(2025, 11, 6),
        None,
    )
    request.refresh_from_db()
    # Until she completes, the term stands still to the end of the hersteltermijn: 14 days.
    assert request.decision_deadline() == datetime.date(2025, 12, 29)

    response = client.post(
        reverse("registrations:request_complete", args=[request.pk]), {"completed_on": "2025-10-30"}
    )
    assert response.status_code == 302
    suspension.refresh_from_db()
    assert suspension.ends_on == datetime.date(2025, 10, 30)
    assert suspension.history.count() == 2
    request.refresh_from_db()
    assert request.decision_deadline() == datetime.date(2025, 12, 22)  # 7 days later


@pytest.mark.django_db
def test_a_notice_of_extension_gives_the_new_date_and_extends_the_term(
    client, letter_settings, sanne_secretariat
):
    request = _application(sanne_secretariat)
    client.force_login(sanne_secretariat)
    send(
        client,
        request,
        kind="extension",
        sent_on="2025-12-01",
        weeks="4",
        note="Wij wachten op het advies over de zorgvoorwaarde.",
    )
    letter = Letter.objects.get(kind="extension")
    text = filed_text(letter)
    assert "verdagen de beslistermijn daarom met 4 weken (Awb artikel 4:14)" in text
    assert "Wij beslissen uiterlijk op maandag 12 januari 2026." in text
    request.refresh_from_db()
    assert (request.extension_weeks, request.extension_notice_on) == (
        4,
        datetime.date(2025, 12, 1),
    )
    assert request.decision_deadline() == datetime.date(2026, 1, 12)


@pytest.mark.django_db
def test_receipt_letters_and_the_objection_letters_say_their_dates(
    client, letter_settings, sanne_secretariat
):
    decision = refused(sanne_secretariat)
    request = decision.request
    client.force_login(sanne_secretariat)
    download = client.post(
        reverse("registrations:letter_send", args=[request.pk]),
        {"action": "download", "kind": "receipt", "sent_on": "2025-10-21"},
    )
    assert download["Content-Type"] == DOCX
    receipt = flat(docx_text(download.content))
    assert "Op 20 oktober 2025 ontvingen wij uw aanvraag" in receipt
    assert "uiterlijk op maandag 15 december 2025 (Awb artikel 4:13)" in receipt
    assert not Letter.objects.exists()  # downloading is not sending

    services.send_decision_letter(decision=decision, sent_on=SENT, by=sanne_secretariat)
    decision.refresh_from_db()
    objection = services.add_objection(
        decision=decision,
        by=sanne_secretariat,
        received_on=datetime.date(2025, 11, 20),
        grounds="Zij is wel bekend bij de Cirkel.",
        hearing_on=datetime.date(2026, 12, 17),
    )
    send(client, request, kind="objection_receipt", sent_on="2025-11-21")
    text = filed_text(Letter.objects.get(kind="objection_receipt"))
    assert "Op 20 november 2025 ontvingen wij uw bezwaarschrift" in text
    # Six weeks after the objection term (29 December 2025): Monday 9 February 2026 (7:10).
    assert "uiterlijk op maandag 9 februari 2026 (Awb artikel 7:10)" in text

    send(
        client,
        request,
        kind="hearing",
        sent_on="2025-11-24",
        hearing_on="2026-12-17",
        hearing_time="10:30",
        hearing_place="Stadhuis Voorbeeldstad, Markt 1, zaal 2",
        note="Neem uw identiteitsbewijs mee.",
    )
    text = filed_text(Letter.objects.get(kind="hearing"))
    assert (
        "De hoorzitting is op donderdag 17 december 2026 om 10.30 uur. Plaats: Stadhuis "
        "Voorbeeldstad, Markt 1, zaal 2. Neem uw identiteitsbewijs mee." in text
    )
    objection.refresh_from_db()
    assert (objection.hearing_on, objection.hearing_time, objection.hearing_place) == (
        datetime.date(2026, 12, 17),
        datetime.time(10, 30),
        "Stadhuis Voorbeeldstad, Markt 1, zaal 2",
    )
    assert objection.history.first().history_user == sanne_secretariat

    services.decide_objection(
        objection=objection, outcome="partly_founded", decided_on=datetime.date(2025, 12, 1)
    )
    send(
        client,
        request,
        kind="objection_decision",
        sent_on="2025-12-02",
        note="Het advies is opnieuw gevraagd.",
    )
    text = filed_text(Letter.objects.get(kind="objection_decision"))
    assert "Wij verklaren uw bezwaar gedeeltelijk gegrond." in text
    assert "beroep instellen bij de rechtbank" in text
    assert "uiterlijk op dinsdag 13 januari 2026 bij de rechtbank" in text
    assert "namens deze, Mr. A. Voorbeeld" in text


@pytest.mark.django_db
def test_a_process_letter_that_does_not_fit_or_lacks_its_text_changes_nothing(
    client, letter_settings, sanne_secretariat
):
    request = _application(sanne_secretariat)
    client.force_login(sanne_secretariat)
    before = stored_rows()
    response = send(client, request, kind="completion", sent_on="2025-10-23")
    assert "Schrijf in de toelichting wat zij moet aanvullen" in response.content.decode()
    response = send(client, request, kind="hearing", sent_on="2025-10-23", note="x")
    assert "Kies" in response.content.decode()  # no objection: the choice is not offered
    response = client.post(
        reverse("registrations:letter_send", args=[request.pk]),
        {"action": "send", "kind": "receipt", "sent_on": "2025-10-23"},
    )
    assert "Vink aan dat de brief echt verzonden is." in response.content.decode()
    assert stored_rows() == before


@pytest.mark.django_db
def test_the_request_page_costs_the_same_queries_with_more_letters(
    assert_fixed_queries, letter_settings, sanne_secretariat
):
    from django.core.files.base import ContentFile

    decision = refused(sanne_secretariat)

    def more() -> None:
        for day in range(1, 6):
            letter = Letter(
                request=decision.request,
                kind="receipt",
                sent_on=datetime.date(2025, 10, 20 + day),
                addressee="Mirjam de Groot",
                sent_by=sanne_secretariat,
            )
            letter.pdf.save("brief.pdf", ContentFile(b"%PDF-1.4"), save=True)

    more()
    assert_fixed_queries(
        sanne_secretariat,
        reverse("registrations:request_detail", args=[decision.request.pk]),
        add_more=more,
        max_queries=30,
    )


@pytest.mark.django_db
def test_the_confirmation_of_an_ending_at_her_request_names_the_pass_and_the_day(
    client, letter_settings, sanne_secretariat
):
    decision = granted(sanne_secretariat)
    stop = services.create_request(
        kind="stop",
        received_on=datetime.date(2025, 12, 1),
        channel="mail",
        owner=sanne_secretariat,
        person=decision.request.person,
    )
    services.start_handling(request=stop)
    services.handle_stop(request=stop, ended_on=datetime.date(2025, 12, 2))
    client.force_login(sanne_secretariat)
    assert send(client, stop, kind="own_request_end", sent_on="2025-12-03").status_code == 302
    text = filed_text(Letter.objects.get(kind="own_request_end"))
    # The PDF may break the pass number after its hyphen at the end of a line.
    assert "uw registratie met pasnummer TZ-2025-014 is beëindigd per 2 december 2025" in (
        text.replace("- ", "-")
    )
    # Sent on Wednesday 3 December 2025: objection until Wednesday 14 January 2026.
    assert "uiterlijk op woensdag 14 januari 2026" in text
    assert f"Ons kenmerk: {stop.reference}" in text


def test_a_suspension_she_agreed_to_is_stored_with_its_period_and_moves_the_deadline(
    client, letter_settings, sanne_secretariat
):
    request = _application(sanne_secretariat)
    assert request.decision_deadline() == datetime.date(2025, 12, 15)
    url = reverse("registrations:request_suspend", args=[request.pk])
    client.force_login(sanne_secretariat)
    data = {"reason": "consent", "starts_on": "2025-11-03", "ends_on": "2025-11-17"}

    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "Beslistermijn opgeschort" in page
    suspension = request.suspensions.get()
    assert (suspension.reason, suspension.starts_on, suspension.ends_on) == (
        "consent",
        datetime.date(2025, 11, 3),
        datetime.date(2025, 11, 17),
    )
    assert "uitstel met instemming van de aanvrager (Awb 4:15 lid 2a)" in page
    request.refresh_from_db()
    assert request.decision_deadline() == datetime.date(2025, 12, 29)  # 14 days later

    overlapping = client.post(url, {**data, "starts_on": "2025-11-10", "ends_on": "2025-11-20"})
    assert "overlapt met een opschorting die al is vastgelegd" in overlapping.content.decode()
    backwards = client.post(url, {**data, "starts_on": "2025-11-20", "ends_on": "2025-11-19"})
    assert "De einddatum moet na de begindatum liggen." in backwards.content.decode()
    assert 'value="2025-11-20"' in backwards.content.decode() or "20-11-2025" in (
        backwards.content.decode()
    )
    request.refresh_from_db()
    assert request.suspensions.count() == 1 and request.suspended_days == 14


def _objected(owner: Any, **objection_fields: Any) -> Any:
    decision = refused(owner)
    services.send_decision_letter(decision=decision, sent_on=SENT, by=owner)
    decision.refresh_from_db()
    return services.add_objection(
        decision=decision,
        by=owner,
        received_on=datetime.date(2025, 11, 20),
        grounds="Zij is wel bekend bij de Cirkel.",
        **objection_fields,
    )


def download(client: Any, request: RegistrationRequest, **data: Any) -> str:
    response = client.post(
        reverse("registrations:letter_send", args=[request.pk]), {"action": "download", **data}
    )
    assert response["Content-Type"] == DOCX, response.content.decode()[:2000]
    return docx_text(response.content)


@pytest.mark.django_db
def test_the_objection_letters_go_to_the_gemachtigde_who_objected(
    client, letter_settings, sanne_secretariat
):
    objection = _objected(
        sanne_secretariat,
        submitted_by="representative",
        representative="mr. T. van Dijk, Voorbeeld Advocaten",
    )
    request = objection.decision.request
    client.force_login(sanne_secretariat)
    receipt = download(client, request, kind="objection_receipt", sent_on="2025-11-21")
    assert "mr. T. van Dijk, Voorbeeld Advocaten\ngemachtigde van Mirjam de Groot" in receipt
    assert "Geachte mr. T. van Dijk, Voorbeeld Advocaten," in receipt
    assert "Voorbeeldstraat 12" not in receipt

    send(client, request, kind="objection_receipt", sent_on="2025-11-21")
    letter = Letter.objects.get(kind="objection_receipt")
    assert letter.addressee == "mr. T. van Dijk, Voorbeeld Advocaten"
    # Her decision letter went to her, as before the objection.
    assert Letter.objects.get(kind="refused").addressee == "Mirjam de Groot"


@pytest.mark.django_db
def test_an_objection_she_made_herself_is_answered_to_her_not_to_the_applications_gemachtigde(
    client, letter_settings, sanne_secretariat
):
    objection = _objected(sanne_secretariat, hearing_on=datetime.date(2026, 12, 17))
    request = objection.decision.request
    RegistrationRequest.objects.filter(pk=request.pk).update(
        submitted_by="representative", representative="Stichting Voorbeeldhulp"
    )
    client.force_login(sanne_secretariat)
    invitation = download(
        client,
        request,
        kind="hearing",
        sent_on="2025-11-24",
        hearing_on="2026-12-17",
        hearing_time="09:00",
        hearing_place="Stadhuis Voorbeeldstad, Markt 1",
    )
    assert "Mirjam de Groot\nVoorbeeldstraat 12\n6511 AB Voorbeeldstad" in invitation
    assert "Geachte Mirjam de Groot," in invitation
    assert "Stichting Voorbeeldhulp" not in invitation
    assert (
        "De hoorzitting is op donderdag 17 december 2026 om 09.00 uur. Plaats: Stadhuis "
        "Voorbeeldstad, Markt 1." in flat(invitation)
    )


@pytest.mark.django_db
def test_an_invitation_without_time_or_place_or_after_the_hearing_changes_nothing(
    client, letter_settings, sanne_secretariat
):
    objection = _objected(sanne_secretariat, hearing_on=datetime.date(2026, 12, 17))
    request = objection.decision.request
    client.force_login(sanne_secretariat)
    before = stored_rows()
    response = send(client, request, kind="hearing", sent_on="2025-11-24", hearing_on="2026-12-17")
    assert (
        "Vul de datum, het tijdstip en de plaats van de hoorzitting in; die staan in de brief."
        in response.content.decode()
    )
    response = send(
        client,
        request,
        kind="hearing",
        sent_on="2025-11-24",
        hearing_on="2025-11-24",
        hearing_time="10:00",
        hearing_place="Stadhuis",
    )
    assert response.status_code == 200
    assert "De hoorzitting moet na de verzenddatum van de uitnodiging zijn." in (
        response.content.decode()
    )
    response = send(
        client,
        request,
        kind="hearing",
        sent_on="2025-11-24",
        hearing_on="2026-12-17",
        hearing_time="25:99",
        hearing_place="Stadhuis",
    )
    assert "Vul een tijdstip in als 10:00." in response.content.decode()
    assert stored_rows() == before
    objection.refresh_from_db()
    assert (objection.hearing_time, objection.hearing_place) == (None, "")


def test_a_request_to_complete_may_not_overlap_a_suspension_already_recorded(
    client, letter_settings, sanne_secretariat
):
    request = _application(sanne_secretariat)
    client.force_login(sanne_secretariat)
    suspend = reverse("registrations:request_suspend", args=[request.pk])
    period = {"reason": "force_majeure", "starts_on": "2025-10-27", "ends_on": "2025-11-03"}
    assert client.post(suspend, period).status_code == 302

    response = send(
        client,
        request,
        kind="completion",
        sent_on="2025-10-30",
        restore_until="2025-11-13",
        note="Een kopie van uw identiteitsbewijs.",
    )
    assert "overlapt met een opschorting die al is vastgelegd" in response.content.decode()
    assert not Letter.objects.filter(kind="completion").exists()
    request.refresh_from_db()
    assert request.suspensions.count() == 1 and request.suspended_days == 7


def test_the_database_refuses_overlapping_suspensions_written_past_the_service(
    letter_settings, sanne_secretariat, as_system
):
    request = _application(sanne_secretariat)
    first = {"starts_on": datetime.date(2025, 10, 27), "restore_until": datetime.date(2025, 11, 10)}
    TermSuspension.objects.create(request=request, **first)  # open: counts up to 10 November
    with pytest.raises(IntegrityError, match="suspensions_do_not_overlap"), transaction.atomic():
        TermSuspension.objects.create(
            request=request,
            reason="consent",
            starts_on=datetime.date(2025, 11, 5),
            restore_until=datetime.date(2025, 11, 20),
            ends_on=datetime.date(2025, 11, 20),
        )
    # The day the open one ends, another may start.
    TermSuspension.objects.create(
        request=request,
        reason="consent",
        starts_on=datetime.date(2025, 11, 10),
        restore_until=datetime.date(2025, 11, 20),
        ends_on=datetime.date(2025, 11, 20),
    )
    assert request.suspensions.count() == 2
