"""The subject-access documents are for the woman herself (AVG art. 15): a Dutch label for every
field, no English, no True/False, no internal ids, Dutch dates and euros, the stored files inside
the ZIP, a cover page with the legal basis from the settings, and other people's data blacked out
after the handler's review (art. 15 lid 4), recorded and applied to every later export."""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

import budgets.subject_access
import registrations.subject_access
import timeout.subject_access
from budgets.services import record_expense
from registrations.models import (
    Advice,
    Decision,
    InboundMail,
    Letter,
    MailAttachment,
    Objection,
    Person,
    RefusalGround,
    Registration,
    RegistrationRequest,
    RegistrationSettings,
)
from registrations.models import SubjectAccessRedaction as RegistrationRedaction
from registrations.models import SubjectAccessRequest as RegistrationAccessRequest
from stapteam.caseload import services as care
from stapteam.models import (
    AccessLogEntry,
    CaseloadSettings,
    Client,
    DomainSet,
    SubjectAccessRedaction,
    SubjectAccessRequest,
)
from stapteam.platform import care_export
from stapteam.platform.dates import add_years
from stapteam.platform.retention import apply_retention
from stapteam.platform.subject_access import (
    EXPORT_FIELDS,
    HISTORY_EXCLUDED,
    HISTORY_LABELS,
    ReviewItem,
    missing_labels,
    record_redaction,
    register_access_request,
)
from tests.budgets.conftest import make_budget
from tests.factories import ClientFactory, ContactFactory, EscalationFactory, GoalFactory
from tests.timeout.conftest import make_beds, stay_on

pytestmark = pytest.mark.usefixtures("as_system")

TODAY = timezone.localdate()
MONTHS = [
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
]
PDF = b"%PDF-1.4 bon van de kledingwinkel"
OTHER_WOMAN = "Zus van Olga Ander woont ook op de Loods"
EXPORT_MODULES = [care_export, timeout.subject_access, budgets.subject_access]
ENGLISH = [
    "True",
    "False",
    "None",
    "Created",
    "Changed",
    "Deleted",
    "history_",
    "client_list",
    "subject_access",
    "casemanager,",
    "coordinator",
    "peer_worker",
    "submission",
    "Message-ID",
    "allowed",
    "denied",
]


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def unzip(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.content[:500]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    return {
        "names": names,
        "html": archive.read("inzage.html").decode(),
        "json": json.loads(archive.read("inzage.json")),
        "readme": archive.read("LEESMIJ.txt").decode(),
        "files": {n: archive.read(n) for n in names if n.startswith("bijlagen/")},
    }


def part(data: dict[str, Any], title: str) -> list[dict[str, Any]]:
    return next(s["records"] for s in data["onderdelen"] if s["titel"] == title)


def text_of(html: str) -> str:
    """The document's visible text (tags and the style block removed)."""
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def json_values(data: Any) -> str:
    """Every value in the JSON (its keys are the fields' names, for a computer)."""
    if isinstance(data, dict):
        return " ".join(json_values(v) for v in data.values())
    if isinstance(data, list):
        return " ".join(json_values(v) for v in data)
    return "" if data is None or isinstance(data, bool) else str(data)  # null, true, false


def release(client: Any, url_name: str, access_request: Any) -> Any:
    return client.post(reverse(url_name, args=[access_request.pk]), {"confirmed": "on"})


# --- Labels --------------------------------------------------------------------------------------


def test_every_field_of_every_exported_model_has_a_dutch_label_or_a_reason() -> None:
    assert EXPORT_MODULES and registrations.subject_access  # the modules that label their models
    assert len(EXPORT_FIELDS) >= 26
    for model, spec in EXPORT_FIELDS.items():
        fields = {f.name for f in [*model._meta.concrete_fields, *model._meta.many_to_many]}
        assert not missing_labels(model), (model, missing_labels(model))
        assert not (spec.labels.keys() - fields), (model, "labels of fields that are gone")
        assert not (spec.labels.keys() & spec.excluded.keys()), model
        assert "id" in spec.excluded
        assert all(reason.strip() for reason in spec.excluded.values()), model
        if hasattr(model, "history"):
            history = {f.name for f in model.history.model._meta.concrete_fields} - fields
            assert history <= HISTORY_LABELS.keys() | HISTORY_EXCLUDED.keys(), model


def test_a_new_field_without_a_label_is_caught(monkeypatch) -> None:
    field: models.CharField[str, str] = models.CharField("nieuw veld", max_length=10)
    field.name = field.attname = "new_field"
    concrete = [*Client._meta.concrete_fields, field]
    monkeypatch.setattr(type(Client._meta), "concrete_fields", property(lambda _: concrete))
    assert missing_labels(Client) == {"new_field"}


def test_every_model_that_names_a_client_or_person_is_in_the_export() -> None:
    """A new table about her must come into her export, or say here why not."""
    not_exported = {
        "stapteam.DestructionRecord": "retention bookkeeping of a destroyed file, no data on her",
        "stapteam.SubjectAccessRedaction": "holds other people's data, blacked out for her",
        "registrations.SubjectAccessRedaction": "holds other people's data, blacked out for her",
        "registrations.DayPass": "anonymous day passes, no person",
    }
    about_her = {
        model._meta.label
        for model in apps.get_models()
        if not model.__name__.startswith("Historical")
        and any(
            f.is_relation and f.related_model in (Client, Person)
            for f in model._meta.concrete_fields
        )
    }
    exported = {model._meta.label for model in EXPORT_FIELDS}
    assert about_her - exported - not_exported.keys() == set()


# --- The care export ----------------------------------------------------------------------------


@pytest.fixture
def full_file(anna_casemanager, bram_casemanager_ldh, esther_peer_worker, carla_coordinator):
    """A client with data in every section of her care export."""
    her = ClientFactory.create(
        casemanager=anna_casemanager,
        full_name="Inge Inzage",
        date_of_birth=datetime.date(1990, 3, 3),
        in_protected_housing=True,
        consent_on=datetime.date(2026, 1, 5),
    )
    contact = ContactFactory.create(
        client=her,
        author=anna_casemanager,
        occurred_at=timezone.make_aware(datetime.datetime(2026, 3, 3, 14, 5)),
        note=f"Praatte over haar werk. {OTHER_WOMAN}.",
    )
    care.correct_contact(contact=contact, by=anna_casemanager, minutes=45)
    GoalFactory.create(client=her, created_by=anna_casemanager, wish="Een eigen kamer")
    care.record_zrm(
        client=her,
        assessed_on=TODAY,
        moment="intake",
        assessor=anna_casemanager,
        scores=[(d, 3, "", 4) for d in DomainSet.default().domains.all()],
    )
    care.add_trajectory(client=her, kind="entry_housing", provider="Terecht", started_on=TODAY)
    care.set_peer_link(client=her, peer_worker=esther_peer_worker, linked=True)
    care.grant_access(client=her, user=bram_casemanager_ldh, reason="Dienst van Anna overgenomen")
    escalation = EscalationFactory.create(client=her, raised_by=anna_casemanager)
    care.add_escalation_action(
        escalation=escalation,
        by=carla_coordinator,
        kind="agreement",
        description="Bellen",
        owner="Casemanager",
    )
    care.reassign(
        client=her,
        to_casemanager=bram_casemanager_ldh,
        overlap_until=TODAY + datetime.timedelta(days=7),
        note="Warme overdracht",
        by=carla_coordinator,
    )
    stay_on(
        make_beds(1)[0], TODAY, TODAY + datetime.timedelta(days=3), client=her, by=carla_coordinator
    )
    budget = make_budget(by=carla_coordinator, approval_threshold=Decimal("500.00"))
    record_expense(
        budget=budget,
        amount=Decimal("12.50"),
        booked_on=TODAY,
        client=her,
        category="clothing",
        by=anna_casemanager,
        description="Jas",
        receipt=ContentFile(PDF, name="bon-Jansen.pdf"),
    )
    care.close_client(
        client=her,
        closed_on=TODAY,
        outcome="regular_care",
        outcome_region="",
        reason="Zorg via het wijkteam",
        by=anna_casemanager,
    )
    care.reopen_client(client=her, reason="Terug op de zone", by=carla_coordinator)
    return her


@pytest.fixture
def care_request(full_file, carla_coordinator) -> SubjectAccessRequest:
    return register_access_request(
        request=SubjectAccessRequest(client=full_file, received_on=TODAY), by=carla_coordinator
    )


@pytest.mark.django_db
def test_the_care_export_is_readable_by_her(
    client, carla_coordinator, anna_casemanager, full_file, care_request
) -> None:
    client.force_login(anna_casemanager)
    client.get(reverse("stapteam:client_detail", args=[full_file.pk]))  # in the access log
    client.force_login(carla_coordinator)

    files = unzip(release(client, "stapteam:subject_access_export", care_request))

    html, data, text = files["html"], files["json"], text_of(files["html"])
    # Data in every section, so that every label and value below is really checked.
    empty = [s["titel"] for s in data["onderdelen"] if not s["records"]]
    assert not empty, empty
    for word in ENGLISH:
        assert word not in text, word
        assert word not in json_values(data["onderdelen"]), word
    for history_marker in ("<td>+</td>", "<td>~</td>", "<td>-</td>"):
        assert history_marker not in html
    assert "aangemaakt" in text and "gewijzigd" in text
    # No internal ids: no id column, no number of a row in the document or the JSON.
    for s in data["onderdelen"]:
        assert not {"id", "history_id", "object_id", "client"} & s["velden"].keys(), s["titel"]
    # Booleans as Ja/Nee, dates and datetimes in Dutch, money in euros.
    assert "Ja" in text and "Nee" in text
    assert "3 maart 1990" in text and "3 maart 2026 om 14:05" in text
    assert "€\u00a012,50" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert f"{TODAY.day} {MONTHS[TODAY.month - 1]} {TODAY.year}" in text
    # The receipt is in the ZIP, linked from the document by its name there.
    assert list(files["files"]) == ["bijlagen/bijlage-1.pdf"]
    assert files["files"]["bijlagen/bijlage-1.pdf"] == PDF
    assert 'href="bijlagen/bijlage-1.pdf"' in html
    assert part(data, "Uitgaven flexbudget")[0]["receipt"] == "bijlagen/bijlage-1.pdf"
    assert "Jansen" not in text and "receipts/" not in html
    # The JSON stays machine-readable: ISO dates, native booleans, labelled keys.
    person = part(data, "Cliëntgegevens")[0]
    assert person["date_of_birth"] == "1990-03-03" and person["in_protected_housing"] is True
    fields = next(s["velden"] for s in data["onderdelen"] if s["titel"] == "Cliëntgegevens")
    assert fields["date_of_birth"] == "geboortedatum"


@pytest.mark.django_db
def test_the_cover_page_says_what_is_inside_and_on_what_legal_basis(
    client, carla_coordinator, care_request
) -> None:
    settings = CaseloadSettings.current()
    settings.subject_access_text = "Grondslag volgens de beheerder: AVG artikel 15."
    settings.save()
    client.force_login(carla_coordinator)

    files = unzip(release(client, "stapteam:subject_access_export", care_request))

    cover = files["html"].split('<h2 id="s1">')[0]
    assert "Grondslag volgens de beheerder: AVG artikel 15." in cover
    assert "Contactmomenten</a>: 1 gegeven" in cover
    assert 'href="bijlagen/bijlage-1.pdf"' in cover
    assert (
        "Grondslag volgens de beheerder" in files["readme"]
        and "bijlagen/bijlage-1.pdf" in files["readme"]
    )
    assert files["json"]["grondslag"] == "Grondslag volgens de beheerder: AVG artikel 15."
    assert sorted(files["names"]) == [
        "LEESMIJ.txt",
        "bijlagen/bijlage-1.pdf",
        "inzage.html",
        "inzage.json",
    ]


@pytest.mark.django_db
def test_the_default_legal_basis_names_article_15() -> None:
    assert "artikel 15" in CaseloadSettings.current().subject_access_text
    assert "artikel 15" in RegistrationSettings.current().subject_access_text


# --- Review and redaction -----------------------------------------------------------------------


def contact_key(her: Client) -> str:
    return f"stapteam.contact:{her.contacts.get().pk}:note"


@pytest.mark.django_db
def test_the_handler_blacks_out_another_womans_data_for_the_export_only(
    client, carla_coordinator, full_file, care_request
) -> None:
    client.force_login(carla_coordinator)
    page = client.get(reverse("stapteam:subject_access_detail", args=[care_request.pk]))
    assert page.status_code == 200
    assert (
        OTHER_WOMAN in page.content.decode() and "Vrije teksten nakijken" in page.content.decode()
    )
    assert AccessLogEntry.objects.filter(
        action="read", client=full_file, object_type="subject_access", user=carla_coordinator
    ).exists()

    response = client.post(
        reverse("stapteam:subject_access_redact", args=[care_request.pk]),
        {"item": contact_key(full_file), "passage": OTHER_WOMAN, "reason": "Gegevens van Olga"},
    )

    assert response.status_code == 302
    redaction = SubjectAccessRedaction.objects.get(request=care_request)
    assert (redaction.made_by, redaction.reason) == (carla_coordinator, "Gegevens van Olga")
    assert redaction.history.count() == 1
    assert full_file.contacts.get().note.endswith(f"{OTHER_WOMAN}.")  # the file is unchanged
    page = client.get(
        reverse("stapteam:subject_access_detail", args=[care_request.pk])
    ).content.decode()
    assert "Gegevens van Olga" in page and "[weggelakt: gegevens van een ander]" in page
    for attempt in range(2):  # every later export of the request too
        files = unzip(release(client, "stapteam:subject_access_export", care_request))
        everything = files["html"] + json.dumps(files["json"], ensure_ascii=False)
        assert "Olga" not in everything, attempt
        notes = [c["note"] for c in part(files["json"], "Contactmomenten")]
        assert notes == ["Praatte over haar werk. [weggelakt: gegevens van een ander]."]
        versions = [c["note"] for c in part(files["json"], "Geschiedenis: contactmomenten")]
        assert versions and all("weggelakt" in v for v in versions)
        assert "Op 3 plaatsen staan gegevens van anderen" in files["html"]


@pytest.mark.django_db
def test_a_whole_text_is_blacked_out_when_no_passage_is_given(
    client, carla_coordinator, full_file, care_request
) -> None:
    client.force_login(carla_coordinator)
    client.post(
        reverse("stapteam:subject_access_redact", args=[care_request.pk]),
        {"item": contact_key(full_file), "passage": "", "reason": "Alles over een ander"},
    )
    files = unzip(release(client, "stapteam:subject_access_export", care_request))
    assert [c["note"] for c in part(files["json"], "Contactmomenten")] == [
        "[weggelakt: gegevens van een ander]"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"passage": "Staat er niet in", "reason": "Olga"}, "staat niet letterlijk in de tekst"),
        ({"passage": OTHER_WOMAN, "reason": ""}, "Vul “Reden” in."),
        (
            {"item": "stapteam.client:1:full_name", "passage": "", "reason": "x"},
            "hoort niet bij deze inzage",
        ),
        ({"item": "onzin", "passage": "", "reason": "x"}, "hoort niet bij deze inzage"),
    ],
)
def test_a_wrong_redaction_is_refused_in_dutch_and_keeps_what_she_typed(
    client, carla_coordinator, full_file, care_request, data, message
) -> None:
    client.force_login(carla_coordinator)
    response = client.post(
        reverse("stapteam:subject_access_redact", args=[care_request.pk]),
        {"item": contact_key(full_file), **data},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    if data["passage"]:
        assert data["passage"] in page
    assert not SubjectAccessRedaction.objects.exists()


@pytest.mark.django_db
def test_release_needs_the_confirmation_of_the_review(
    client, carla_coordinator, care_request
) -> None:
    client.force_login(carla_coordinator)
    response = client.post(reverse("stapteam:subject_access_export", args=[care_request.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Vink aan dat je de vrije teksten hebt nagekeken" in response.content.decode()
    care_request.refresh_from_db()
    assert care_request.handled_on is None


@pytest.mark.django_db
def test_the_review_pages_are_for_the_handler_only(
    client, anna_casemanager, sanne_secretariat, care_request
) -> None:
    for user in (anna_casemanager, sanne_secretariat):
        client.force_login(user)
        assert (
            client.get(
                reverse("stapteam:subject_access_detail", args=[care_request.pk])
            ).status_code
            == 403
        )
        response = client.post(
            reverse("stapteam:subject_access_redact", args=[care_request.pk]),
            {"item": "x", "passage": "", "reason": "x"},
        )
        assert response.status_code == 403
    assert not SubjectAccessRedaction.objects.exists()


@pytest.mark.django_db
def test_the_review_page_costs_fixed_queries(
    assert_fixed_queries, carla_coordinator, anna_casemanager, full_file, care_request
) -> None:
    def more() -> None:
        for n in range(5):
            ContactFactory.create(client=full_file, author=anna_casemanager, note=f"Notitie {n}")
            GoalFactory.create(client=full_file, created_by=anna_casemanager)
        for _n in range(2):
            care.close_client(
                client=full_file,
                closed_on=TODAY,
                outcome="closed",
                outcome_region="",
                by=anna_casemanager,
            )
            care.reopen_client(client=full_file, reason="Weer in beeld", by=carla_coordinator)

    assert_fixed_queries(
        carla_coordinator,
        reverse("stapteam:subject_access_detail", args=[care_request.pk]),
        add_more=more,
        # One query per section and relation, whatever her file holds (136: the closure periods
        # and their history, each with who closed and who reopened).
        max_queries=140,  # one query or two per section of the export, fixed whatever her data
    )


# --- The registration export --------------------------------------------------------------------


@pytest.fixture
def registered(sanne_secretariat, carla_coordinator) -> Person:
    """A person with data in every section of her registration export."""
    person = Person.objects.create(
        name="Pien Persoon", date_of_birth=datetime.date(1988, 5, 1), consent_on=TODAY
    )
    request = RegistrationRequest.objects.create(
        kind="application",
        received_on=TODAY,
        channel="mail",
        person=person,
        summary="Aanvraag pas",
        owner=sanne_secretariat,
    )
    mail = InboundMail.objects.create(
        message_id="<1@example.org>",
        source="imap",
        sender="pien@example.org",
        subject="Aanvraag",
        body_text=f"Graag een pas. {OTHER_WOMAN}.",
        request=request,
        state="linked",
        handled_by=sanne_secretariat,
    )
    attachment = MailAttachment(
        mail=mail, filename="ID-Persoon.pdf", content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save("ID-Persoon.pdf", ContentFile(PDF), save=False)
    attachment.save()
    Advice.objects.create(
        request=request,
        asked_by=sanne_secretariat,
        answer="yes",
        known_since=datetime.date(2024, 1, 1),
        motivation="Bekend",
        answered_at=timezone.now(),
        answered_by=carla_coordinator,
    )
    decision = Decision.objects.create(
        request=request, outcome="granted", decided_on=TODAY, decided_by=sanne_secretariat
    )
    decision.grounds.add(RefusalGround.objects.create(name="Niet bekend in de zorg"))
    Registration.objects.create(
        person=person,
        decision=decision,
        pass_number="TZ-0001",
        valid_from=TODAY,
        valid_until=TODAY + datetime.timedelta(days=365),
    )
    Objection.objects.create(
        decision=decision, received_on=TODAY, grounds="Bezwaar", entered_by=sanne_secretariat
    )
    letter = Letter(
        request=request,
        kind="granted",
        sent_on=TODAY,
        addressee="Pien Persoon",
        sent_by=sanne_secretariat,
    )
    letter.pdf.save("brief.pdf", ContentFile(PDF), save=True)
    return person


@pytest.mark.django_db
def test_the_registration_export_is_readable_by_her_and_redactable(
    client, sanne_secretariat, registered
) -> None:
    access_request = register_access_request(
        request=RegistrationAccessRequest(person=registered, received_on=TODAY),
        by=sanne_secretariat,
    )
    client.force_login(sanne_secretariat)
    mail = InboundMail.objects.get()
    response = client.post(
        reverse("registrations:subject_access_redact", args=[access_request.pk]),
        {
            "item": f"registrations.inboundmail:{mail.pk}:body_text",
            "passage": OTHER_WOMAN,
            "reason": "Olga",
        },
    )
    assert response.status_code == 302
    assert RegistrationRedaction.objects.get(request=access_request).made_by == sanne_secretariat

    files = unzip(release(client, "registrations:subject_access_export", access_request))

    html, data, text = files["html"], files["json"], text_of(files["html"])
    empty = [s["titel"] for s in data["onderdelen"] if not s["records"]]
    assert not empty, empty
    for word in ENGLISH:
        assert word not in text, word
    assert "Olga" not in html + json.dumps(data, ensure_ascii=False)
    assert (
        part(data, "E-mails")[0]["body_text"]
        == "Graag een pas. [weggelakt: gegevens van een ander]."
    )
    assert "1 mei 1988" in text and not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert "Niet bekend in de zorg" in text
    # The mail's attachment and the sent letter (a stand-in PDF here).
    assert files["files"] == {"bijlagen/bijlage-1.pdf": PDF, "bijlagen/bijlage-2.pdf": PDF}
    assert 'href="bijlagen/bijlage-1.pdf"' in html
    assert "mail/" not in html and "message_id" not in json.dumps(data)
    assert RegistrationSettings.current().subject_access_text[:40] in html
    for s in data["onderdelen"]:
        assert not {"id", "history_id", "person"} & s["velden"].keys(), s["titel"]
    assert f"persoon {registered.pk}" not in text


@pytest.mark.django_db
def test_retention_destroys_the_redactions_with_the_file(
    carla_coordinator, anna_casemanager
) -> None:
    her = ClientFactory.create(
        closed=True, closed_on=add_years(TODAY, -15) - datetime.timedelta(days=1)
    )
    contact = ContactFactory.create(client=her, author=anna_casemanager, note=OTHER_WOMAN)
    access_request = register_access_request(
        request=SubjectAccessRequest(client=her, received_on=TODAY), by=carla_coordinator
    )
    key = f"stapteam.contact:{contact.pk}:note"
    record_redaction(
        request=access_request,
        item=ReviewItem(key, "Contactmomenten", "notitie", [OTHER_WOMAN]),
        passage=OTHER_WOMAN,
        reason="Olga",
        by=carla_coordinator,
    )
    assert SubjectAccessRedaction.history.filter(passage=OTHER_WOMAN).exists()

    apply_retention(today=TODAY, apply=True)

    assert not SubjectAccessRedaction.objects.exists()
    assert not SubjectAccessRedaction.history.exists()
