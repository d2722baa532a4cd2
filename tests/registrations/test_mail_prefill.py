"""A mail becomes a request without retyping: her fields prefilled from the whole message, marked
"uit de e-mail", the sender kept apart as gemachtigde, a known person offered."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from registrations.mail import store_message, store_msg_file
from registrations.models import InboundMail, MailAttachment, Person, RegistrationRequest
from registrations.prefill import prefill_from

pytestmark = pytest.mark.usefixtures("as_system")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mail"
GEGEVENS = FIXTURES / "gegevens"
REPRESENTATIVE = RegistrationRequest.SubmittedBy.REPRESENTATIVE
HERSELF = RegistrationRequest.SubmittedBy.HERSELF


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def named_regime(db: None) -> None:
    from registrations.models import RegistrationSettings

    RegistrationSettings.objects.filter(id=1).update(regime="named")


def stored(name: str) -> InboundMail:
    data = (GEGEVENS / name).read_bytes()
    if name.endswith(".msg"):
        return store_msg_file(data)[0]
    return store_message(data, source=InboundMail.Source.UPLOAD)[0]


# What each fixture fills in: (name, roepnaam, geboortedatum, telefoon, adres, ingangsdatum,
# ingediend door, read from).
EXPECTED = {
    "11-hulpverlener-tekst.eml": (
        "Fatima el Amrani",
        "Tima",
        datetime.date(1990, 4, 3),
        "06-87654321",
        "Molenstraat 41, 6511 HA Nijmegen",
        datetime.date(2027, 2, 1),
        REPRESENTATIVE,
        "de tekst van de e-mail",
    ),
    "12-hulpverlener-pdf.eml": (
        "Daniëlle van den Berg",
        "Dani",
        datetime.date(1992, 11, 7),
        "06-23456789",
        "Van Welderenstraat 88, 6511 MR Nijmegen",
        datetime.date(2027, 1, 15),
        REPRESENTATIVE,
        "bijlage aanmeldformulier.pdf",
    ),
    "13-alleen-html.eml": (
        "Roos Kuipers",
        None,
        datetime.date(1996, 7, 21),
        "06-34567890",
        "Tweede Walstraat 9, 6511 LR Nijmegen",
        None,
        HERSELF,
        "de tekst van de e-mail",
    ),
    "14-latin1-hulpverlener.eml": (
        "Zoë Jacobs",
        "Zoë",
        datetime.date(1985, 3, 30),
        None,
        "Graafseweg 274, 6532 ZV Nijmegen",
        None,
        REPRESENTATIVE,
        "de tekst van de e-mail",
    ),
    "15-hulpverlener.msg": (
        "Esra Yildiz",
        None,
        datetime.date(1998, 9, 12),
        "06-45678901",
        None,
        datetime.date(2027, 1, 1),  # only in the PDF
        REPRESENTATIVE,
        "de tekst van de e-mail",
    ),
    "16-hulpverlener-tekstbijlage.eml": (
        "Lotte de Graaf",
        None,
        datetime.date(1995, 5, 19),
        "+31 6 56789012",
        "Hatertseweg 12, 6533 AB Nijmegen",
        datetime.date(2027, 3, 1),
        REPRESENTATIVE,
        "bijlage aanmelding.txt",
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.django_db
def test_each_fixture_prefills_her_fields(name):
    prefill = prefill_from(stored(name))

    name_, call, born, phone, address, start, submitted_by, where = EXPECTED[name]
    got = prefill.initial
    assert (got.get("name"), got.get("call_name"), got.get("date_of_birth")) == (name_, call, born)
    assert (got.get("phone"), got.get("address"), got.get("wished_start")) == (
        phone,
        address,
        start,
    )
    assert got["submitted_by"] == submitted_by
    assert prefill.from_mail["name"] == where
    assert prefill.problems == []


@pytest.mark.django_db
def test_a_care_workers_mail_keeps_her_apart_from_the_woman():
    prefill = prefill_from(stored("11-hulpverlener-tekst.eml"))

    assert prefill.initial["name"] == "Fatima el Amrani"
    assert prefill.initial["representative"] == "Anouk Bakker <a.bakker@iriszorg.example>"
    assert "email" not in prefill.initial  # the care worker's address is not hers
    assert prefill.initial["kind"] == RegistrationRequest.Kind.APPLICATION


@pytest.mark.django_db
def test_the_woman_named_only_in_a_filled_in_pdf():
    mail = stored("12-hulpverlener-pdf.eml")
    assert "Daniëlle" not in mail.body_text

    prefill = prefill_from(mail)

    assert prefill.initial["name"] == "Daniëlle van den Berg"
    assert prefill.from_mail["date_of_birth"] == "bijlage aanmeldformulier.pdf"
    assert prefill.initial["phone"] == "06-23456789"  # hers from the form, not the signature's


@pytest.mark.django_db
def test_an_unreadable_pdf_is_noted_and_the_body_still_read():
    mail = stored("11-hulpverlener-tekst.eml")
    attachment = MailAttachment(
        mail=mail, filename="kapot.pdf", content_type="application/pdf", size=9
    )
    attachment.file.save("kapot.pdf", ContentFile(b"%PDF-kapot"), save=True)

    prefill = prefill_from(mail)

    assert prefill.problems == [
        "Bijlage 'kapot.pdf' kon niet worden gelezen; neem de gegevens zelf over."
    ]
    assert prefill.initial["name"] == "Fatima el Amrani"


@pytest.mark.django_db
def test_the_mail_page_prefills_and_marks_what_came_from_the_mail(client, sanne_secretariat):
    mail = stored("11-hulpverlener-tekst.eml")
    client.force_login(sanne_secretariat)

    page = client.get(reverse("registrations:mail_detail", args=[mail.pk])).content.decode()

    assert 'value="Fatima el Amrani"' in page
    assert 'value="Tima"' in page
    assert 'value="1990-04-03"' in page
    assert 'value="2027-02-01"' in page
    assert "Uit de e-mail (de tekst van de e-mail); controleer." in page
    assert "Uit de e-mail (de afzender); controleer." in page
    assert 'value="Anouk Bakker &lt;a.bakker@iriszorg.example&gt;"' in page
    assert re.search(r'value="representative"[^>]*checked', page)
    assert "schrijft namens haar: ingevuld als gemachtigde, niet als haar naam." in page
    assert 'value="Anouk Bakker"' not in page


@pytest.mark.django_db
def test_the_request_made_from_a_care_workers_mail(client, named_regime, sanne_secretariat):
    mail = stored("11-hulpverlener-tekst.eml")
    client.force_login(sanne_secretariat)
    form = {
        "kind": "application",
        "received_on": "2026-11-17",
        "channel": "mail",
        "submitted_by": "representative",
        "representative": "Anouk Bakker <a.bakker@iriszorg.example>",
        "name": "Fatima el Amrani",
        "call_name": "Tima",
        "date_of_birth": "1990-04-03",
        "phone": "06-87654321",
        "address": "Molenstraat 41, 6511 HA Nijmegen",
        "wished_start": "2027-02-01",
    }

    response = client.post(reverse("registrations:mail_detail", args=[mail.pk]), form)

    request = RegistrationRequest.objects.get()
    assert response.status_code == 302
    assert (request.submitted_by, request.representative) == (
        REPRESENTATIVE,
        "Anouk Bakker <a.bakker@iriszorg.example>",
    )
    assert request.wished_start == datetime.date(2027, 2, 1)
    person = request.person
    assert person is not None
    assert (person.name, person.call_name, person.date_of_birth, person.email) == (
        "Fatima el Amrani",
        "Tima",
        datetime.date(1990, 4, 3),
        "",
    )
    page = client.get(reverse("registrations:request_detail", args=[request.pk])).content.decode()
    assert "gemachtigde: Anouk Bakker" in page
    assert "1 februari 2027" in page


@pytest.mark.django_db
def test_a_gemachtigde_without_a_name_is_refused_and_the_input_kept(
    client, named_regime, sanne_secretariat
):
    mail = stored("11-hulpverlener-tekst.eml")
    client.force_login(sanne_secretariat)

    response = client.post(
        reverse("registrations:mail_detail", args=[mail.pk]),
        {
            "kind": "application",
            "received_on": "2026-11-17",
            "channel": "mail",
            "submitted_by": "representative",
            "representative": " ",
            "name": "Fatima el Amrani",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Vul de naam van de gemachtigde in." in page
    assert 'value="Fatima el Amrani"' in page
    assert not RegistrationRequest.objects.exists()


@pytest.mark.django_db
def test_a_known_woman_is_offered_instead_of_a_duplicate(client, named_regime, sanne_secretariat):
    known = Person.objects.create(name="Fatima el Amrani", date_of_birth=datetime.date(1990, 4, 3))
    Person.objects.create(name="Fatima el Amrani", date_of_birth=datetime.date(1991, 4, 3))
    mail = stored("11-hulpverlener-tekst.eml")
    client.force_login(sanne_secretariat)

    page = client.get(reverse("registrations:mail_detail", args=[mail.pk])).content.decode()

    assert "Zij is al bekend: Fatima el Amrani, geboren 3 april 1990." in page
    assert f'<option value="{known.pk}" selected>' in page
    client.post(
        reverse("registrations:mail_detail", args=[mail.pk]),
        {
            "kind": "application",
            "received_on": "2026-11-17",
            "channel": "mail",
            "submitted_by": "representative",
            "representative": "Anouk Bakker <a.bakker@iriszorg.example>",
            "name": "Fatima el Amrani",
            "date_of_birth": "1990-04-03",
            "existing_person": known.pk,
        },
    )
    assert RegistrationRequest.objects.get().person == known
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_no_match_without_the_same_birth_date():
    Person.objects.create(name="Fatima el Amrani", date_of_birth=datetime.date(1991, 4, 3))

    assert prefill_from(stored("11-hulpverlener-tekst.eml")).match is None
