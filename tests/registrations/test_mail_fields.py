"""The pure reader of a mail's fields: each field in each way people write it."""

from __future__ import annotations

import datetime

import pytest

from registrations.attachment_text import decoded, pdf_text
from registrations.mail_fields import BODY, SENDER, Text, parse_date, read_fields, same_person
from tests.registrations.pdfs import build_pdf

TODAY = datetime.date(2026, 12, 1)
CARE_WORKER = "Anouk Bakker <a.bakker@iriszorg.example>"
HERSELF = "Roos Kuipers <roosk@example.org>"


def read(body: str, sender: str = HERSELF, *attachments: Text) -> dict[str, object]:
    fields = read_fields(sender=sender, texts=[Text(body), *attachments], today=TODAY)
    return {key: found.value for key, found in fields.found.items()}


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("3 april 1990", datetime.date(1990, 4, 3)),
        ("03 April 1990", datetime.date(1990, 4, 3)),
        ("3 apr. 1990", datetime.date(1990, 4, 3)),
        ("3e april 1990", datetime.date(1990, 4, 3)),
        ("21 juli 1996", datetime.date(1996, 7, 21)),
        ("1 mrt 1985", datetime.date(1985, 3, 1)),
        ("03-04-1990", datetime.date(1990, 4, 3)),
        ("3-4-1990", datetime.date(1990, 4, 3)),
        ("03/04/1990", datetime.date(1990, 4, 3)),
        ("03.04.1990", datetime.date(1990, 4, 3)),
        ("03-04-90", datetime.date(1990, 4, 3)),
        ("03-04-05", datetime.date(2005, 4, 3)),
        ("1990-04-03", datetime.date(1990, 4, 3)),
    ],
)
def test_a_date_is_read_however_it_is_written(written, expected):
    assert parse_date(written, earliest=datetime.date(1900, 1, 1), latest=TODAY) == expected


@pytest.mark.parametrize("written", ["31-02-1990", "3 smarch 1990", "13-13-1990", "1890-01-01"])
def test_an_impossible_or_implausible_date_is_none(written):
    assert parse_date(written, earliest=datetime.date(1900, 1, 1), latest=TODAY) is None


def test_a_birth_date_after_today_is_not_a_birth_date():
    assert "date_of_birth" not in read("Geboortedatum: 3 april 2030")


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Naam: Fatima el Amrani", "Fatima el Amrani"),
        ("naam:   Fatima el Amrani  ", "Fatima el Amrani"),
        ("Naam cliënte: Daniëlle van den Berg", "Daniëlle van den Berg"),
        ("- Volledige naam: Zoë Jacobs", "Zoë Jacobs"),
        ("Naam:\nLotte de Graaf\nGeboortedatum: 19-05-1995", "Lotte de Graaf"),
        ("Voornamen: Fatima Zahra\nAchternaam: el Amrani", "Fatima Zahra el Amrani"),
        ("Namens mevrouw Zoë Jacobs vraag ik een pas aan.", "Zoë Jacobs"),
        ("Graag een pas voor mijn cliënte mevrouw Esra Yildiz, geb. 12-09-1998.", "Esra Yildiz"),
        ("Mijn cliënte Roos van der Linden wil op de zone werken.", "Roos van der Linden"),
        ("Hallo, mijn naam is Roos Kuipers en ik wil een pas.", "Roos Kuipers"),
    ],
)
def test_her_name_is_read_from_a_label_or_a_phrase(body, name):
    assert read(body, CARE_WORKER)["name"] == name


def test_roepnaam_is_not_taken_for_her_name():
    found = read("Roepnaam: Tima\nNaam: Fatima el Amrani", CARE_WORKER)
    assert (found["name"], found["call_name"]) == ("Fatima el Amrani", "Tima")


@pytest.mark.parametrize(
    ("body", "call_name"),
    [
        ("Roepnaam: Tima", "Tima"),
        ("mevrouw Fatima el Amrani (roepnaam Tima) vraagt", "Tima"),
        ("Zij wordt Dani genoemd.", "Dani"),
        ("Zij noemt zich Dani.", "Dani"),
    ],
)
def test_roepnaam(body, call_name):
    assert read(body)["call_name"] == call_name


@pytest.mark.parametrize(
    ("body", "born"),
    [
        ("Geboortedatum: 3 april 1990", datetime.date(1990, 4, 3)),
        ("Geboortedatum: 03-04-1990", datetime.date(1990, 4, 3)),
        ("Geb. datum: 3/4/1990", datetime.date(1990, 4, 3)),
        ("Zij is geboren op 3 april 1990 en woont in Nijmegen.", datetime.date(1990, 4, 3)),
        ("mevrouw Esra Yildiz, geb. 12-09-1998.", datetime.date(1998, 9, 12)),
        ("Geboren: 1990-04-03", datetime.date(1990, 4, 3)),
    ],
)
def test_birth_date(body, born):
    assert read(body)["date_of_birth"] == born


@pytest.mark.parametrize(
    ("body", "phone"),
    [
        ("Telefoon: 06-87654321", "06-87654321"),
        ("Tel.: 06 8765 4321", "06 8765 4321"),
        ("Mobiel: 0687654321", "0687654321"),
        ("Telefoonnummer: +31 6 87654321", "+31 6 87654321"),
        ("Ik ben overdag bereikbaar op 06-11223344.", "06-11223344"),
    ],
)
def test_phone(body, phone):
    assert read(body)["phone"] == phone


def test_a_number_that_is_not_a_phone_number_is_left_out():
    assert "phone" not in read("Telefoon: 12345")


@pytest.mark.parametrize(
    ("body", "address"),
    [
        ("Adres: Molenstraat 41, 6511 HA Nijmegen", "Molenstraat 41, 6511 HA Nijmegen"),
        ("Adres: Molenstraat 41\n6511 HA Nijmegen", "Molenstraat 41, 6511 HA Nijmegen"),
        (
            "Woonadres: Hatertseweg 12\nPostcode en woonplaats: 6533 AB Nijmegen",
            "Hatertseweg 12, 6533 AB Nijmegen",
        ),
        ("Adres: Molenstraat 41\nZij woont er sinds mei.", "Molenstraat 41"),
    ],
)
def test_address(body, address):
    assert read(body)["address"] == address


@pytest.mark.parametrize(
    ("body", "start"),
    [
        ("Gewenste ingangsdatum: 1 februari 2027", datetime.date(2027, 2, 1)),
        ("Ingangsdatum: 01-02-2027", datetime.date(2027, 2, 1)),
        ("Startdatum: 2027-02-01", datetime.date(2027, 2, 1)),
        ("Graag met ingang van 1 februari 2027.", datetime.date(2027, 2, 1)),
    ],
)
def test_wished_start(body, start):
    assert read(body)["wished_start"] == start


def test_a_care_worker_is_the_gemachtigde_not_the_woman():
    body = (
        "Namens mijn cliënte mevrouw Fatima el Amrani vraag ik een registratie aan.\n"
        "Telefoon: 06-87654321\n\nMet vriendelijke groet,\nAnouk Bakker\nTel: 024-3456789\n"
    )
    fields = read_fields(sender=CARE_WORKER, texts=[Text(body)], today=TODAY)

    assert fields.on_behalf
    assert fields.sender == CARE_WORKER
    assert fields.value("name") == "Fatima el Amrani"
    assert fields.value("phone") == "06-87654321"  # hers, not the signature's
    assert "email" not in fields.found  # the sender's address is not hers


def test_a_care_worker_who_names_no_one_leaves_the_name_empty():
    body = "Mijn cliënte wil graag op de zone werken; wat moet zij doen?\n\nGroet,\nAnouk Bakker"
    fields = read_fields(sender=CARE_WORKER, texts=[Text(body)], today=TODAY)

    assert fields.on_behalf
    assert "name" not in fields.found


def test_a_body_naming_someone_else_makes_the_sender_a_gemachtigde():
    body = "Naam: Daniëlle van den Berg\nGeboortedatum: 07-11-1992"
    fields = read_fields(sender="Joost Smits <j.smits@example.nl>", texts=[Text(body)], today=TODAY)

    assert fields.on_behalf
    assert fields.value("name") == "Daniëlle van den Berg"


def test_she_writes_herself_the_sender_is_her_and_her_signature_counts():
    body = "Hallo,\n\nIk wil een pas.\n\nGroetjes,\nRoos Kuipers\n06-34567890 (bel op 06-34567890)"
    fields = read_fields(sender=HERSELF, texts=[Text(body)], today=TODAY)

    assert not fields.on_behalf
    assert fields.found["name"].value == "Roos Kuipers"
    assert fields.found["name"].where == SENDER
    assert fields.found["email"].value == "roosk@example.org"
    assert fields.value("phone") == "06-34567890"


def test_the_same_person_by_surname():
    assert same_person("Marieke Jansen", "M. Jansen")
    assert same_person("Zoë Jacobs", "zoe jacobs")
    assert not same_person("Fatima el Amrani", "Anouk Bakker")


def test_the_body_comes_before_the_attachments_and_each_value_says_where():
    pdf = Text("Naam: Lotte de Graaf\nTelefoon: 06-56789012", "bijlage aanmelding.pdf")
    fields = read_fields(
        sender=CARE_WORKER, texts=[Text("Telefoon: 06-87654321"), pdf], today=TODAY
    )

    assert fields.found["phone"].value == "06-87654321"
    assert fields.found["phone"].where == BODY
    assert fields.found["name"].where == "bijlage aanmelding.pdf"


def test_quoted_lines_of_an_earlier_mail_are_not_read():
    assert read("Zie hieronder.\n> Naam: Iemand Anders\n")["name"] == "Roos Kuipers"


def test_windows_line_ends_are_read_like_any_other():
    body = (
        "Namens mijn cliënte:\r\nNaam: Zoë Jacobs\r\n\r\n"
        "Met vriendelijke groet,\r\nTel: 024-3456789\r\n"
    )
    found = read(body, CARE_WORKER)
    assert found["name"] == "Zoë Jacobs"
    assert "phone" not in found


def test_pdf_text_gives_the_fields_of_a_filled_in_form_and_the_page_text():
    pdf = build_pdf(
        ["Aanmeldformulier registratie tippelzone"],
        {"veld1": ("Naam", "Daniëlle van den Berg"), "geb": ("Geboortedatum", "07-11-1992")},
    )

    text = pdf_text(pdf)

    assert "Naam: Daniëlle van den Berg" in text
    assert "Geboortedatum: 07-11-1992" in text
    assert "Aanmeldformulier registratie tippelzone" in text


def test_a_text_attachment_in_utf8_or_windows_1252():
    assert decoded("Naam: Zoë".encode()) == "Naam: Zoë"
    assert decoded("Naam: Zoë".encode("cp1252")) == "Naam: Zoë"
