"""Mail intake from .eml and .msg uploads and a real IMAP mailbox: every mail once, none lost."""

from __future__ import annotations

import contextlib
import datetime
import email
import email.policy
import hashlib
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse

from registrations import mail as intake
from registrations.mail import fetch_mailbox, store_message, store_msg_file
from registrations.models import InboundMail, MailAttachment
from stapteam.models import User
from stapteam.platform.actor import acting_as
from tests.registrations.conftest import imap_client
from tests.registrations.outlook import build_msg

# Mail intake and retention run as commands do: as the system account.
pytestmark = pytest.mark.usefixtures("as_system")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mail"
STORED = b"$StapStored"
DATE = "Mon, 3 Nov 2025 10:00:00 +0100"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def all_fixtures() -> list[bytes]:
    return [path.read_bytes() for path in sorted(FIXTURES.glob("*.eml"))]


def message_ids_of_fixtures() -> set[str]:
    ids = set()
    for raw in all_fixtures():
        message_id = email.message_from_bytes(raw, policy=email.policy.default)["Message-ID"]
        ids.add(str(message_id) if message_id else intake._read_eml(raw).message_id)
    return ids


@contextlib.contextmanager
def refused_port() -> Iterator[int]:
    """A loopback port that is bound but not listening: connections to it are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def crlf(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root: Path) -> list[Path]:
    return [path for path in media_root.rglob("*") if path.is_file()]


def attachment_files(media_root: Path) -> list[Path]:
    """The stored files but each mail's original message."""
    originals = {Path(m.raw_message.path) for m in InboundMail.objects.exclude(raw_message="")}
    return [path for path in stored_files(media_root) if path not in originals]


# --- .eml: fields, encodings and attachments ---------------------------------------------------


@pytest.mark.django_db
def test_an_attachment_downloads_under_a_neutral_name(client, media_root, sanne_secretariat):
    mail, _created = store_message(fixture("01-aanvraag.eml"), source=InboundMail.Source.UPLOAD)
    (pdf,) = mail.attachments.all()
    client.force_login(sanne_secretariat)

    response = client.get(reverse("registrations:attachment_download", args=[pdf.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bijlage-1.pdf"'
    assert "jansen" not in response["Content-Disposition"].lower()
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")


@pytest.mark.django_db
def test_application_mail_is_stored_with_its_pdf(media_root):
    mail, created = store_message(fixture("01-aanvraag.eml"), source=InboundMail.Source.UPLOAD)

    assert created
    assert mail.message_id == "<3f9c1a2e-7d41-4b8e-9a0f-1c2d3e4f5a60@example.nl>"
    assert mail.source == "upload"
    assert mail.sender == "Marieke Jansen <m.jansen@example.nl>"
    assert mail.subject == "Aanvraag registratie tippelzone"
    assert mail.sent_at == datetime.datetime(2025, 11, 3, 8, 14, 27, tzinfo=datetime.UTC)
    assert "Geboortedatum: 14-03-1994" in mail.body_text
    assert "tippelzone aan de Lagelandseweg." in mail.body_text  # quoted-printable undone
    assert mail.problems == ""
    assert mail.state == InboundMail.State.NEW
    (pdf,) = mail.attachments.all()
    assert (pdf.filename, pdf.content_type, pdf.refused_reason) == (
        "aanvraagformulier-jansen.pdf",
        "application/pdf",
        "",
    )
    assert pdf.file.name.startswith("mail/") and pdf.file.name.endswith(".pdf")
    content = Path(pdf.file.path).read_bytes()
    assert content.startswith(b"%PDF-1.4") and len(content) == pdf.size
    assert attachment_files(media_root) == [Path(pdf.file.path)]
    assert sorted(stored_files(media_root)) == sorted(
        [Path(pdf.file.path), Path(mail.raw_message.path)]
    )


@pytest.mark.django_db
def test_the_same_eml_uploaded_twice_is_one_mail(media_root):
    raw = fixture("01-aanvraag.eml")
    first, created_first = store_message(raw, source=InboundMail.Source.UPLOAD)
    again, created_again = store_message(raw, source=InboundMail.Source.UPLOAD)
    # The same mail as a mail server hands it out (CRLF, other header folding) is still that mail.
    from_server, created_from_server = store_message(crlf(raw), source=InboundMail.Source.IMAP)

    assert (created_first, created_again, created_from_server) == (True, False, False)
    assert first.pk == again.pk == from_server.pk
    assert InboundMail.objects.count() == 1
    assert MailAttachment.objects.count() == 1
    assert len(attachment_files(media_root)) == 1
    assert len(stored_files(media_root)) == 2  # and one original message


@pytest.mark.django_db
def test_mail_without_message_id_is_recognised_by_its_hash():
    raw = fixture("07-zonder-message-id.eml")
    mail, created = store_message(raw, source=InboundMail.Source.UPLOAD)
    again, created_again = store_message(raw, source=InboundMail.Source.UPLOAD)
    from_server, created_from_server = store_message(crlf(raw), source=InboundMail.Source.IMAP)

    assert created and not created_again and not created_from_server
    assert mail.message_id == f"<sha256-{hashlib.sha256(raw).hexdigest()}@stap.invalid>"
    assert mail.pk == again.pk == from_server.pk
    assert mail.subject == "Aanvraag registratie tippelzone"
    assert "Naam: Priya Ramdin" in mail.body_text


@pytest.mark.django_db
def test_message_id_is_normalised():
    base = "From: a@example.nl\nSubject: x\nDate: Mon, 3 Nov 2025 10:00:00 +0100\n"
    first, _ = store_message(
        f"{base}Message-ID:\n  <abc.123@example.nl>  \n\nHallo\n".encode(), source="upload"
    )
    same, created = store_message(
        f"{base}Message-ID: <abc.123@example.nl>\n\nHallo, andere tekst\n".encode(),
        source="upload",
    )
    bare, _ = store_message(f"{base}Message-ID: zonder-haken@x\n\nHoi\n".encode(), source="upload")

    assert first.message_id == "<abc.123@example.nl>"
    assert (same.pk, created) == (first.pk, False)
    assert bare.message_id == "<zonder-haken@x>"


@pytest.mark.django_db
def test_latin1_subject_sender_and_body_are_decoded():
    mail, _ = store_message(fixture("06-latin1.eml"), source=InboundMail.Source.IMAP)

    assert mail.subject == "Stand van zaken aanvraag, graag reactie vóór vrijdag"
    assert mail.sender == "Zoë Hendriks-Çelik <zoe.hendriks@example.nl>"
    assert "Kunt u mij vóór vrijdag laten weten" in mail.body_text
    assert "Zoë Hendriks-Çelik" in mail.body_text
    assert mail.problems == ""


@pytest.mark.django_db
def test_html_only_mail_becomes_safe_plain_text():
    mail, _ = store_message(fixture("05-alleen-html.eml"), source=InboundMail.Source.IMAP)

    assert mail.body_text == (
        "Beste mensen van het Veiligheidshuis,\n\n"
        "Ik heb twee vragen over de dagpas:\n\n"
        "- Kan ik een dagpas krijgen zonder naam & adres te geven?\n"
        "- Wat gebeurt er als er al 20 passen zijn uitgegeven?\n\n"
        "Groetjes,\nNoor Visser"
    )
    for html_left_over in ("<", ">", "&amp;", "&nbsp;", "tracking", "font-family", "Webmail"):
        assert html_left_over not in mail.body_text


@pytest.mark.django_db
def test_plain_text_is_preferred_over_html():
    message = EmailMessage()
    message["From"] = "a@example.nl"
    message["Subject"] = "Beide"
    message["Date"] = "Mon, 3 Nov 2025 10:00:00 +0100"
    message.set_content("De platte tekst.\n")
    message.add_alternative("<p>De <b>HTML</b>-tekst.</p>", subtype="html")

    mail, _ = store_message(message.as_bytes(), source="upload")

    assert mail.body_text == "De platte tekst.\n"


@pytest.mark.parametrize(
    ("subject_header", "expected"),
    [
        ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
        ("=?shift_jis?B?k/qWe4zq?=", "日本語"),
        ("=?windows-1252?Q?Caf=E9_=80_5?=", "Café € 5"),
        ("=?utf-8?Q?Z=C3=B6e?= en =?iso-8859-15?Q?=A4?=", "Zöe en €"),
    ],
)
@pytest.mark.django_db
def test_odd_charsets_in_the_subject_survive(subject_header, expected):
    raw = f"From: a@example.nl\nSubject: {subject_header}\nDate: {DATE}\n\nx\n"

    mail, _ = store_message(raw.encode(), source="upload")

    assert mail.subject == expected
    assert mail.problems == ""


@pytest.mark.django_db
def test_undecodable_bytes_are_replaced_and_noted():
    raw = (
        b"From: a@example.nl\n"
        b"Subject: =?x-onbekend?Q?Caf=E9?=\n"
        b"Date: Mon, 3 Nov 2025 10:00:00 +0100\n"
        b"Content-Type: text/plain; charset=utf-8\n\n"
        b"Geen utf-8: \x81\x8d\x90 hier\n"
    )

    mail, created = store_message(raw, source="upload")

    assert created
    assert mail.subject == "Caf\ufffd"
    assert "Onderwerp: sommige tekens waren onleesbaar en zijn vervangen door �." in mail.problems
    assert mail.body_text == "Geen utf-8: \ufffd\ufffd\ufffd hier\n"
    assert "Tekst: sommige tekens waren onleesbaar" in mail.problems


@pytest.mark.django_db
def test_unlabelled_8bit_header_and_wrong_charset_are_read_and_noted():
    raw = (
        b"From: Ren\xe9 <r@example.nl>\n"
        b"Subject: Caf\xe9 na afspraak\n"
        b"Date: Mon, 3 Nov 2025 10:00:00 +0100\n"
        b"Content-Type: text/plain; charset=utf-8\n\n"
        b"Tot vrijdag, Ren\xe9\n"
    )

    mail, _ = store_message(raw, source="upload")

    assert mail.subject == "Café na afspraak"
    assert mail.sender == "René <r@example.nl>"
    assert mail.body_text == "Tot vrijdag, René\n"
    assert "Onderwerp: geen tekenset; gelezen als Windows-1252" in mail.problems
    assert "Tekst: de opgegeven tekenset 'utf-8' klopte niet" in mail.problems


@pytest.mark.django_db
def test_unparsable_or_missing_date_leaves_sent_at_empty_with_a_note():
    bad, _ = store_message(b"From: a@example.nl\nDate: 31 februari\n\nx\n", source="upload")
    missing, _ = store_message(b"From: a@example.nl\nSubject: geen datum\n\nx\n", source="upload")
    utc_unknown, _ = store_message(
        b"From: a@example.nl\nDate: Mon, 3 Nov 2025 10:00:00 -0000\n\nx\n", source="upload"
    )

    assert bad.sent_at is None
    assert "Verzenddatum '31 februari' is onleesbaar; datum leeg gelaten." in bad.problems
    assert missing.sent_at is None
    assert "Geen verzenddatum" in missing.problems
    assert utc_unknown.sent_at == datetime.datetime(2025, 11, 3, 10, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("raw", "note", "body"),
    [
        (b"", "Leeg bestand", ""),
        (b"   \r\n\r\n", "Leeg bestand", ""),
        (
            b"Beste meneer, dit is geen e-mail maar een brief.\nGroet, Jan\n",
            "Dit is geen e-mail",
            "Beste meneer, dit is geen e-mail maar een brief.\nGroet, Jan\n",
        ),
        # Control characters go (see stapteam/platform/text.py); the readable rest stays.
        (b"%PDF-1.4\n\x00\x01 binary \xff\n", "Dit is geen e-mail", "%PDF-1.4\n binary ÿ\n"),
    ],
)
@pytest.mark.django_db
def test_input_that_is_not_an_email_is_kept_with_a_note(raw, note, body):
    mail, created = store_message(raw, source=InboundMail.Source.UPLOAD)

    assert created
    assert note in mail.problems
    assert mail.body_text == body
    unix_lines = raw.replace(b"\r\n", b"\n")  # as a file on disk and from the server alike
    assert mail.message_id == f"<sha256-{hashlib.sha256(unix_lines).hexdigest()}@stap.invalid>"
    assert store_message(raw, source=InboundMail.Source.UPLOAD) == (mail, False)


@pytest.mark.django_db
def test_multipart_without_its_boundary_keeps_the_text():
    raw = (
        b"From: a@example.nl\nSubject: kapot\nDate: Mon, 3 Nov 2025 10:00:00 +0100\n"
        b'Content-Type: multipart/mixed; boundary="bestaat-niet"\n\n'
        b"Mijn nieuwe adres is Hoogstraat 1.\n"
    )

    mail, _ = store_message(raw, source="upload")

    assert "Mijn nieuwe adres is Hoogstraat 1." in mail.body_text
    assert "beschadigd" in mail.problems


@pytest.mark.django_db
def test_absurdly_nested_mail_is_stored_with_a_note():
    raw = b"From: a@example.nl\nSubject: nest\nDate: Mon, 3 Nov 2025 10:00 +0100\n"
    for level in range(200):
        raw += f'Content-Type: multipart/mixed; boundary="b{level}"\n\n--b{level}\n'.encode()
    raw += b"Content-Type: text/plain\n\ndiep\n"

    mail, created = store_message(raw, source="upload")

    assert created
    assert "te diep genest" in mail.problems


@pytest.mark.django_db
def test_a_parser_failure_still_stores_the_mail_as_text(monkeypatch):
    def broken_parser(raw: bytes) -> Any:
        raise ValueError("onverwachte invoer")

    monkeypatch.setattr(intake, "_read_eml", broken_parser)
    raw = fixture("04-vraag.eml")

    mail, created = store_message(raw, source="upload")

    assert created
    assert mail.message_id == "<a71e0c55b3d94f1e8c2a@example.org>"
    assert "Deze e-mail kon niet worden gelezen" in mail.problems
    assert mail.body_text == raw.decode()
    assert store_message(raw, source="upload") == (mail, False)


@pytest.mark.django_db
def test_oversized_and_forbidden_attachments_are_recorded_without_a_file(settings, media_root):
    message = email.message_from_bytes(fixture("08-bijlagen.eml"), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    scan = next(p for p in message.iter_attachments() if p.get_content_type() == "image/png")
    big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (12 * 1024 * 1024)
    scan.set_content(big, maintype="image", subtype="png", filename="scan-paspoort.png")
    assert settings.MAIL_ATTACHMENT_MAX_BYTES == 10 * 1024 * 1024  # the real default limit

    mail, _ = store_message(message.as_bytes(), source=InboundMail.Source.IMAP)

    rows = {row.filename: row for row in mail.attachments.all()}
    assert set(rows) == {"scan-paspoort.png", "toelichting.zip"}
    assert rows["scan-paspoort.png"].refused_reason == "Te groot (12,0 MB)"
    assert rows["scan-paspoort.png"].size == len(big)
    assert rows["toelichting.zip"].refused_reason == "Soort bestand niet toegestaan"
    assert rows["toelichting.zip"].content_type == "application/zip"
    assert not rows["scan-paspoort.png"].file and not rows["toelichting.zip"].file
    assert attachment_files(media_root) == []
    assert "Zoals gevraagd stuur ik een scan van mijn paspoort" in mail.body_text


@pytest.mark.django_db
def test_small_allowed_attachment_of_fixture_08_is_saved(media_root):
    mail, _ = store_message(fixture("08-bijlagen.eml"), source=InboundMail.Source.UPLOAD)

    saved = mail.attachments.get(filename="scan-paspoort.png")
    assert saved.refused_reason == "" and Path(saved.file.path).read_bytes().startswith(b"\x89PNG")
    assert mail.attachments.get(filename="toelichting.zip").refused_reason
    assert len(attachment_files(media_root)) == 1


@pytest.mark.django_db
def test_attachment_filenames_lose_their_folders(media_root):
    message = EmailMessage()
    message["From"] = "a@example.nl"
    message["Subject"] = "Bijlagen"
    message["Date"] = "Mon, 3 Nov 2025 10:00:00 +0100"
    message.set_content("Zie bijlagen.")
    for name in ("../../../etc/cron.d/brief.pdf", "C:\\Users\\Jan\\..\\paspoort.pdf", ".."):
        message.add_attachment(b"%PDF-1.4\n", maintype="application", subtype="pdf", filename=name)
    # Many mail programs label every file application/octet-stream; the extension decides.
    message.add_attachment(
        b"%PDF-1.4\n", maintype="application", subtype="octet-stream", filename="formulier.pdf"
    )

    mail, _ = store_message(message.as_bytes(), source="upload")

    rows = list(mail.attachments.order_by("pk"))
    assert [row.filename for row in rows] == [
        "brief.pdf",
        "paspoort.pdf",
        "bijlage-3.pdf",
        "formulier.pdf",
    ]
    assert rows[3].content_type == "application/pdf" and rows[3].refused_reason == ""
    root = media_root.resolve()
    for row in rows:
        path = Path(row.file.path).resolve()
        assert path.is_relative_to(root / "mail")
        assert ".." not in row.file.name


@pytest.mark.django_db
def test_attachment_whose_name_says_another_type_is_refused(media_root):
    message = EmailMessage()
    message["From"] = "a@example.nl"
    message["Subject"] = "Formulier"
    message["Date"] = DATE
    message.set_content("Zie bijlage.")
    message.add_attachment(
        b"<script>alert(1)</script>", maintype="application", subtype="pdf", filename="brief.html"
    )

    mail, _ = store_message(message.as_bytes(), source="upload")

    (row,) = mail.attachments.all()
    assert row.refused_reason == "Soort bestand niet toegestaan" and not row.file
    assert attachment_files(media_root) == []


@pytest.mark.django_db
def test_forwarded_mail_keeps_its_text_and_attachments():
    inner = email.message_from_bytes(fixture("01-aanvraag.eml"), policy=email.policy.default)
    outer = EmailMessage()
    outer["From"] = "Hulpverlener <hulp@example.org>"
    outer["Subject"] = "Fwd: Aanvraag registratie tippelzone"
    outer["Date"] = "Tue, 4 Nov 2025 09:00:00 +0100"
    outer.set_content("Zie hieronder de aanvraag van mevrouw Jansen.")
    outer.add_attachment(inner)

    mail, _ = store_message(outer.as_bytes(), source="upload")

    assert mail.body_text.startswith("Zie hieronder de aanvraag van mevrouw Jansen.")
    assert "Doorgestuurd bericht" in mail.body_text
    assert "Van: Marieke Jansen <m.jansen@example.nl>" in mail.body_text
    assert "Geboortedatum: 14-03-1994" in mail.body_text
    assert [a.filename for a in mail.attachments.all()] == ["aanvraagformulier-jansen.pdf"]


@pytest.mark.django_db
def test_nul_bytes_never_reach_the_database():
    raw = b"From: a@example.nl\nSubject: nul\x00byte\nDate: Mon, 3 Nov 2025 10:00 +0100\n\na\x00b\n"

    mail, _ = store_message(raw, source="upload")

    mail.refresh_from_db()
    assert "\x00" not in mail.subject + mail.body_text
    assert mail.body_text == "ab\n"


@pytest.mark.django_db(transaction=True)
def test_concurrent_insert_of_the_same_mail_ends_as_already_stored():
    raw = fixture("02-stopzetting.eml")
    system = User.objects.system_account()
    first_inserted, release = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def first() -> None:
        try:
            with acting_as(system), transaction.atomic():
                results["first"] = store_message(raw, source=InboundMail.Source.IMAP)
                first_inserted.set()
                release.wait(10)
        except Exception as exc:
            results["first_error"] = exc
        finally:
            first_inserted.set()
            connection.close()

    def second() -> None:
        try:
            with acting_as(system):
                results["second"] = store_message(raw, source=InboundMail.Source.UPLOAD)
        except Exception as exc:
            results["second_error"] = exc
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert first_inserted.wait(10)
    two = threading.Thread(target=second)
    two.start()
    two.join(0.5)
    # The second saw no row yet (uncommitted) and now waits on the unique index.
    assert two.is_alive()
    release.set()
    one.join(10)
    two.join(10)

    assert "first_error" not in results and "second_error" not in results, results
    first_mail, first_created = results["first"]
    second_mail, second_created = results["second"]
    assert (first_created, second_created) == (True, False)
    assert second_mail.pk == first_mail.pk
    assert InboundMail.objects.filter(message_id=first_mail.message_id).count() == 1


# --- Outlook .msg ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_outlook_msg_is_stored_once(media_root):
    sent = datetime.datetime(2025, 11, 3, 8, 14, 27, tzinfo=datetime.UTC)
    data = build_msg(
        message_id="<outlook-3f9c1a2e@example.nl>",
        subject="Aanvraag registratie tippelzone",
        body="Geachte heer/mevrouw,\r\n\r\nGeboortedatum: 14-03-1994\r\n",
        sent=sent,
    )

    mail, created = store_msg_file(data)
    again, created_again = store_msg_file(data)

    assert (created, created_again) == (True, False)
    assert again.pk == mail.pk
    assert mail.message_id == "<outlook-3f9c1a2e@example.nl>"
    assert mail.source == InboundMail.Source.UPLOAD
    assert mail.sender == "Marieke Jansen <m.jansen@example.nl>"
    assert mail.subject == "Aanvraag registratie tippelzone"
    assert mail.sent_at == sent
    assert mail.body_text == "Geachte heer/mevrouw,\n\nGeboortedatum: 14-03-1994\n"
    (pdf,) = mail.attachments.all()
    assert (pdf.filename, pdf.content_type, pdf.refused_reason) == (
        "formulier.pdf",
        "application/pdf",
        "",
    )
    assert Path(pdf.file.path).read_bytes() == b"%PDF-1.4\n%%EOF\n"


@pytest.mark.django_db
def test_outlook_msg_without_message_id_dedups_by_hash():
    data = build_msg(
        message_id=None, subject="Vraag", body="Hallo", sent=datetime.datetime.now(tz=datetime.UTC)
    )

    mail, created = store_msg_file(data)

    assert created
    assert mail.message_id == f"<sha256-{hashlib.sha256(data).hexdigest()}@stap.invalid>"
    assert store_msg_file(data) == (mail, False)


@pytest.mark.parametrize(
    ("data", "body"),
    [
        (b"", ""),
        (b"Dit is geen Outlook-bestand.", "Dit is geen Outlook-bestand."),
        # olefile would open short bytes as a path on the server; it must never get the chance.
        (b"/etc/hostname", "/etc/hostname"),
        (fixture("01-aanvraag.eml"), fixture("01-aanvraag.eml").decode()),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "ÐÏà¡±á"),  # OLE, broken
    ],
)
@pytest.mark.django_db
def test_unreadable_msg_file_is_kept_with_a_clear_note(data, body):
    mail, created = store_msg_file(data)

    assert created
    assert "Dit is geen leesbaar Outlook-bestand (.msg)." in mail.problems
    assert mail.body_text == body
    assert mail.message_id == f"<sha256-{hashlib.sha256(data).hexdigest()}@stap.invalid>"
    assert store_msg_file(data) == (mail, False)


# --- The IMAP mailbox (a real Dovecot) ---------------------------------------------------------


def append_fixtures(dovecot: dict[str, Any], folder: str = "INBOX") -> None:
    with imap_client(dovecot) as client:
        for raw in all_fixtures():
            client.append(folder, raw)


def server_flags(dovecot: dict[str, Any], folder: str = "INBOX") -> dict[int, tuple[bytes, ...]]:
    with imap_client(dovecot) as client:
        client.select_folder(folder, readonly=True)
        return dict(client.get_flags(client.search("ALL")))


def assert_each_fixture_stored_once() -> None:
    ids = list(InboundMail.objects.values_list("message_id", flat=True))
    assert len(ids) == len(set(ids)) == 8
    assert set(ids) == message_ids_of_fixtures()


@pytest.mark.django_db
def test_fetch_stores_every_message_once_and_a_second_run_nothing_new(dovecot, imap_config):
    append_fixtures(dovecot)

    first = fetch_mailbox(imap_config)
    second = fetch_mailbox(imap_config)

    assert (first.stored, first.already_stored, first.failed, first.errors) == (8, 0, 0, [])
    assert (second.stored, second.already_stored, second.failed) == (0, 0, 0)
    assert_each_fixture_stored_once()
    assert set(InboundMail.objects.values_list("source", flat=True)) == {"imap"}
    flags = server_flags(dovecot)
    assert len(flags) == 8
    assert all(STORED in f and b"\\Seen" in f for f in flags.values())
    latin1 = InboundMail.objects.get(message_id="<000f01dc5088$3a1b2c40$ae5d84c0$@example.nl>")
    assert latin1.subject == "Stand van zaken aanvraag, graag reactie vóór vrijdag"


@pytest.mark.django_db
def test_a_run_that_fails_half_way_loses_nothing_and_duplicates_nothing(
    dovecot, imap_config, monkeypatch
):
    append_fixtures(dovecot)
    real_store = intake.store_message
    calls = {"n": 0}

    def database_fails_on_the_third(raw: bytes, *, source: str) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("database weg")
        return real_store(raw, source=source)

    monkeypatch.setattr(intake, "store_message", database_fails_on_the_third)
    interrupted = fetch_mailbox(imap_config)

    third = sorted(server_flags(dovecot))[2]
    assert (interrupted.stored, interrupted.failed) == (7, 1)
    assert interrupted.errors == [
        f"Bericht (UID {third}): opslaan mislukt (RuntimeError); het blijft in de mailbox en "
        "wordt bij de volgende ronde opnieuw geprobeerd."
    ]
    flags = server_flags(dovecot)
    assert STORED not in flags[third]  # not flagged: the next run sees it again
    assert all(STORED in f for uid, f in flags.items() if uid != third)

    monkeypatch.setattr(intake, "store_message", real_store)
    recovered = fetch_mailbox(imap_config)

    assert (recovered.stored, recovered.already_stored, recovered.failed) == (1, 0, 0)
    assert_each_fixture_stored_once()


@pytest.mark.django_db
def test_a_crash_between_storing_and_flagging_is_recognised_by_message_id(dovecot, imap_config):
    append_fixtures(dovecot)
    fetch_mailbox(imap_config)
    # As if the run died after the commit but before the server heard about it.
    uids = sorted(server_flags(dovecot))
    with imap_client(dovecot) as client:
        client.select_folder("INBOX")
        client.remove_flags([uids[1], uids[6]], [STORED, b"\\Seen"])

    rerun = fetch_mailbox(imap_config)

    assert (rerun.stored, rerun.already_stored, rerun.failed) == (0, 2, 0)
    assert_each_fixture_stored_once()
    assert all(STORED in flags for flags in server_flags(dovecot).values())


@pytest.mark.django_db
def test_done_folder_is_created_and_receives_fetched_mail(dovecot, imap_config):
    append_fixtures(dovecot)
    config = {**imap_config, "DONE_FOLDER": "Verwerkt"}

    result = fetch_mailbox(config)
    again = fetch_mailbox(config)

    assert (result.stored, again.stored, again.already_stored) == (8, 0, 0)
    assert server_flags(dovecot, "INBOX") == {}
    moved = server_flags(dovecot, "Verwerkt")
    assert len(moved) == 8 and all(STORED in flags for flags in moved.values())
    assert_each_fixture_stored_once()


@pytest.mark.django_db
def test_flagged_mail_left_behind_is_moved_when_a_done_folder_is_set(dovecot, imap_config):
    append_fixtures(dovecot)
    fetch_mailbox(imap_config)  # flagged, but stays in INBOX

    result = fetch_mailbox({**imap_config, "DONE_FOLDER": "Verwerkt"})

    assert (result.stored, result.already_stored) == (0, 0)
    assert server_flags(dovecot, "INBOX") == {}
    assert len(server_flags(dovecot, "Verwerkt")) == 8


@pytest.mark.django_db
def test_fetch_keeps_malformed_mail_from_the_server(dovecot, imap_config):
    with imap_client(dovecot) as client:
        client.append("INBOX", b"Dit is helemaal geen e-mail, alleen tekst.\r\n")
        client.append("INBOX", fixture("04-vraag.eml"))

    result = fetch_mailbox(imap_config)

    assert (result.stored, result.failed) == (2, 0)
    odd = InboundMail.objects.get(message_id__startswith="<sha256-")
    assert "Dit is geen e-mail" in odd.problems
    assert "alleen tekst" in odd.body_text


@pytest.mark.django_db
def test_command_prints_a_dutch_summary(dovecot, imap_config, settings, capsys):
    append_fixtures(dovecot)
    settings.REGISTRATION_IMAP = imap_config

    call_command("fetch_registration_mail")
    call_command("fetch_registration_mail")

    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "Registratiemail: 8 nieuw opgeslagen, 0 al eerder opgeslagen, 0 mislukt.",
        "Registratiemail: 0 nieuw opgeslagen, 0 al eerder opgeslagen, 0 mislukt.",
    ]


@pytest.mark.django_db
def test_command_fails_clearly_on_a_wrong_password(dovecot, imap_config, settings):
    settings.REGISTRATION_IMAP = {**imap_config, "PASSWORD": "Fout-Wachtwoord-42"}

    with pytest.raises(CommandError) as failure:
        call_command("fetch_registration_mail")

    message = str(failure.value)
    assert message.startswith("Registratiemail niet opgehaald: Inloggen op 127.0.0.1:")
    assert "als 'registratie' mislukt ([AUTHENTICATIONFAILED] Authentication failed.)" in message
    assert "Fout-Wachtwoord-42" not in message
    assert dovecot["password"] not in message


@pytest.mark.django_db
def test_command_fails_clearly_when_the_folder_does_not_exist(imap_config, settings):
    settings.REGISTRATION_IMAP = {**imap_config, "FOLDER": "Bestaat-niet"}

    with pytest.raises(CommandError, match="Map 'Bestaat-niet' op de mailserver niet te gebruiken"):
        call_command("fetch_registration_mail")


@pytest.mark.django_db
def test_command_fails_clearly_when_the_server_is_unreachable(imap_config, settings):
    with refused_port() as port:
        settings.REGISTRATION_IMAP = {**imap_config, "PORT": port}
        with pytest.raises(CommandError, match=r"Mailserver 127\.0\.0\.1:\d+ niet bereikbaar"):
            call_command("fetch_registration_mail")


@pytest.mark.django_db
def test_command_fails_clearly_without_a_configured_server(settings):
    settings.REGISTRATION_IMAP = {**settings.REGISTRATION_IMAP, "HOST": ""}

    with pytest.raises(CommandError, match="Geen mailserver ingesteld"):
        call_command("fetch_registration_mail")
