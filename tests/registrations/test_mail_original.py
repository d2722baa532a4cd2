"""The original message of every mail is kept as its file; the page shows a bounded part of it.

A 29 MB mail once made a 30 MB page. Now the text is stored up to 1,000,000 characters (cut with a
note on the mail), the page shows the first 20,000, and the whole message downloads as its .eml.
"""

from __future__ import annotations

import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from registrations import mail as intake
from registrations import services as reg
from registrations.mail import BODY_SHORTENED, fetch_mailbox, store_message, store_msg_file
from registrations.models import InboundMail, RegistrationSettings
from stapteam.platform.retention import apply_retention
from stapteam.platform.text import MAIL_BODY_LENGTH
from tests.registrations.conftest import imap_client
from tests.registrations.test_mail_intake import build_msg, fixture

pytestmark = pytest.mark.usefixtures("as_system")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def download(client: Any, mail: InboundMail) -> Any:
    return client.get(reverse("registrations:mail_message_download", args=[mail.pk]))


def huge_mail(megabytes: int) -> bytes:
    """A real mail of about `megabytes` MB: a long letter in plain text, CRLF as servers send."""
    line = (
        "Beste secretariaat, dit is een heel lange regel tekst van een aanvraag. \u00e9\u00eb\r\n"
    )
    lines = (megabytes * 1024 * 1024) // len(line.encode())
    message = EmailMessage()
    message["From"] = "Lange Schrijfster <lang@example.nl>"
    message["To"] = "registratie@example.nl"
    message["Subject"] = "Een heel lange e-mail"
    message["Date"] = "Mon, 3 Nov 2025 10:00:00 +0100"
    message["Message-ID"] = "<heel-lang@example.nl>"
    message.set_content("Begin van de brief.\n" + line.replace("\r\n", "\n") * lines, cte="8bit")
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


@pytest.mark.django_db
def test_the_original_eml_is_kept_under_a_random_name(media_root) -> None:
    raw = fixture("01-aanvraag.eml")

    mail, _created = store_message(raw, source=InboundMail.Source.UPLOAD)

    assert mail.raw_message.name.startswith("mail/") and mail.raw_message.name.endswith(".eml")
    assert "jansen" not in mail.raw_message.name.lower()
    assert Path(mail.raw_message.path).read_bytes() == raw
    assert mail.history.count() == 1  # one row, the file named in it


@pytest.mark.django_db
def test_an_outlook_upload_is_kept_as_its_msg_file(client, sanne_secretariat) -> None:
    data = build_msg(
        message_id="<outlook-origineel@example.nl>",
        subject="Aanvraag",
        body="Hallo",
        sent=datetime.datetime(2025, 11, 3, 9, 0, tzinfo=datetime.UTC),
    )

    mail, _created = store_msg_file(data)

    assert mail.raw_message.name.endswith(".msg")
    client.force_login(sanne_secretariat)
    response = download(client, mail)
    assert response["Content-Disposition"] == f'attachment; filename="bericht-{mail.pk}.msg"'
    assert b"".join(response.streaming_content) == data


@pytest.mark.django_db
def test_the_original_downloads_under_a_neutral_name_and_is_not_cached(
    client, sanne_secretariat
) -> None:
    raw = fixture("01-aanvraag.eml")
    mail, _created = store_message(raw, source=InboundMail.Source.UPLOAD)
    client.force_login(sanne_secretariat)

    page = client.get(reverse("registrations:mail_detail", args=[mail.pk])).content.decode()
    response = download(client, mail)

    assert reverse("registrations:mail_message_download", args=[mail.pk]) in page
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="bericht-{mail.pk}.eml"'
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == raw


@pytest.mark.django_db
def test_a_mail_without_its_file_has_no_download(client, sanne_secretariat) -> None:
    mail = InboundMail.objects.create(message_id="<zonder-bestand@test.invalid>", source="upload")
    client.force_login(sanne_secretariat)

    page = client.get(reverse("registrations:mail_detail", args=[mail.pk])).content.decode()

    assert "Volledig bericht downloaden" not in page
    assert download(client, mail).status_code == 404


@pytest.mark.django_db
def test_a_failed_store_leaves_no_file(media_root, monkeypatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(intake, "_attachment_row", broken)

    with pytest.raises(RuntimeError):
        store_message(fixture("01-aanvraag.eml"), source=InboundMail.Source.UPLOAD)

    assert InboundMail.objects.count() == 0
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_the_same_mail_twice_keeps_one_original(media_root) -> None:
    raw = fixture("01-aanvraag.eml")
    store_message(raw, source=InboundMail.Source.UPLOAD)
    store_message(raw, source=InboundMail.Source.IMAP)

    assert len([p for p in media_root.rglob("*.eml") if p.is_file()]) == 1


@pytest.mark.django_db
def test_retention_deletes_the_original_with_the_mail(
    media_root, sanne_secretariat, django_capture_on_commit_callbacks
) -> None:
    RegistrationSettings.objects.filter(id=1).update(regime="named")
    today = timezone.localdate()
    request = reg.create_request(
        kind="application",
        received_on=today,
        channel="mail",
        owner=sanne_secretariat,
        person_fields={"name": "Ingetrokken Aanvraagster"},
    )
    mail, _created = store_message(fixture("01-aanvraag.eml"), source="upload")
    original = Path(mail.raw_message.path)
    reg.link_mail(mail=mail, request=request, by=sanne_secretariat)
    reg.start_handling(request=request)
    reg.close_request(request=request)

    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(today=today + datetime.timedelta(weeks=6, days=1), apply=True)

    mail.refresh_from_db()
    assert not original.exists()
    assert mail.raw_message.name == ""
    assert not any(h.raw_message for h in mail.history.all())


@pytest.mark.django_db
def test_a_long_body_is_stored_up_to_one_megabyte_with_a_note(media_root) -> None:
    raw = huge_mail(3)

    mail, _created = store_message(raw, source=InboundMail.Source.UPLOAD)

    assert len(mail.body_text) == MAIL_BODY_LENGTH
    assert mail.body_text.startswith("Begin van de brief.")
    assert mail.body_text.endswith(" [ingekort]")
    assert BODY_SHORTENED in mail.problems
    assert Path(mail.raw_message.path).read_bytes() == raw


@pytest.mark.django_db
def test_a_29_mb_mail_from_the_mailbox_gives_a_bounded_page_and_its_whole_eml(
    client, sanne_secretariat, dovecot, imap_config
) -> None:
    """Through the real intake: Dovecot hands it out, fetch_mailbox stores it, the page is small."""
    raw = huge_mail(29)
    assert len(raw) > 29 * 1000 * 1000
    with imap_client(dovecot) as server:
        server.append("INBOX", raw)
        server.select_folder("INBOX", readonly=True)
        (uid,) = server.search("ALL")
        as_served = server.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"]

    result = fetch_mailbox(imap_config)

    assert (result.stored, result.failed) == (1, 0)
    mail = InboundMail.objects.get()
    assert len(mail.body_text) == MAIL_BODY_LENGTH
    client.force_login(sanne_secretariat)
    page = client.get(reverse("registrations:mail_detail", args=[mail.pk]))
    assert page.status_code == 200
    assert len(page.content) < 200_000
    text = page.content.decode()
    assert "Dit is het begin van de e-mail: 20000 van 1000000 tekens." in text
    assert BODY_SHORTENED in text
    response = download(client, mail)
    assert response["Content-Disposition"] == f'attachment; filename="bericht-{mail.pk}.eml"'
    downloaded = b"".join(response.streaming_content)
    assert downloaded == as_served == raw


def test_the_original_is_a_plain_file_field_for_subject_access() -> None:
    assert type(InboundMail._meta.get_field("raw_message")) is models.FileField
