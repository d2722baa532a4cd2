"""The mailbox is visible: "Nu ophalen" on the inbox, each round recorded, one round at a time.
Against the real Dovecot of the test setup (tests/registrations/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from registrations.mailbox import MAIL_LOCK, fetch_round
from registrations.models import InboundMail, MailboxFetch
from stapteam.models import User
from stapteam.platform.locks import lock_key
from tests.registrations.conftest import imap_client

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mail"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def mailbox(dovecot, imap_config, settings) -> dict[str, Any]:
    """Five invented mails waiting in the registration mailbox."""
    with imap_client(dovecot) as imap:
        for path in sorted(FIXTURES.glob("*.eml"))[:5]:
            imap.append("INBOX", path.read_bytes())
    settings.REGISTRATION_IMAP = imap_config
    settings.REGISTRATION_IMAP_FETCH_LIMIT = 3
    return imap_config


@pytest.fixture
def lock_held_elsewhere(db: None) -> Iterator[None]:
    """Another connection (another process, a colleague's click) holds the mailbox lock."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [lock_key(MAIL_LOCK)])
        yield
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock_all()")
    finally:
        other.close()


def fetch_now(client: Any) -> Any:
    return client.post(reverse("registrations:mailbox_fetch"), follow=True)


@pytest.mark.django_db(transaction=True)
def test_nu_ophalen_reads_at_most_the_limit_and_records_who(client, mailbox, sanne_secretariat):
    client.force_login(sanne_secretariat)

    page = fetch_now(client).content.decode()

    assert InboundMail.objects.count() == 3
    fetch = MailboxFetch.objects.get()
    assert (fetch.by, fetch.limit, fetch.result) == (sanne_secretariat, 3, MailboxFetch.Result.OK)
    assert (fetch.stored, fetch.already_stored, fetch.failed, fetch.remaining) == (3, 0, 0, 2)
    assert fetch.finished_at is not None
    assert {row.history_user for row in fetch.history.all()} == {sanne_secretariat}
    assert "3 nieuwe e-mails opgehaald. Er staan nog 2 berichten in de mailbox" in page
    assert "Laatst gelezen" in page
    assert "nog 2 in de mailbox" in page
    assert "Hoogstens 3 berichten per keer." in page

    page = fetch_now(client).content.decode()

    assert InboundMail.objects.count() == 5
    assert MailboxFetch.objects.first().remaining == 0  # type: ignore[union-attr]
    assert "2 nieuwe e-mails opgehaald." in page
    assert "Eerdere rondes" in page  # the first round, listed below the last


@pytest.mark.django_db(transaction=True)
def test_nu_ophalen_is_refused_while_another_round_runs(
    client, mailbox, sanne_secretariat, lock_held_elsewhere
):
    client.force_login(sanne_secretariat)

    page = fetch_now(client).content.decode()

    assert "De mailbox wordt op dit moment al opgehaald" in page
    assert not MailboxFetch.objects.exists()
    assert not InboundMail.objects.exists()


@pytest.mark.django_db
def test_the_scheduled_command_skips_while_a_round_runs_and_reads_after(
    mailbox, lock_held_elsewhere, capsys, as_system
):
    call_command("fetch_registration_mail")

    assert "er loopt al een ophaalronde; deze is overgeslagen" in capsys.readouterr().out
    assert not InboundMail.objects.exists()


@pytest.mark.django_db
def test_the_scheduled_command_records_an_automatic_round(client, mailbox, sanne_secretariat):
    system = User.objects.system_account()
    call_command("fetch_registration_mail")

    fetch = MailboxFetch.objects.get()
    assert (fetch.by, fetch.limit, fetch.stored) == (None, None, 5)
    assert fetch.history.first().history_user == system
    client.force_login(sanne_secretariat)
    page = client.get(reverse("registrations:inbox")).content.decode()
    assert "automatisch" in page
    assert "5 nieuw" in page


@pytest.mark.django_db(transaction=True)
def test_a_failed_round_says_why_in_dutch_and_never_the_password(
    client, mailbox, settings, sanne_secretariat
):
    settings.REGISTRATION_IMAP = {**mailbox, "PASSWORD": "Geheim-Wachtwoord-77"}
    client.force_login(sanne_secretariat)

    page = fetch_now(client).content.decode()

    fetch = MailboxFetch.objects.get()
    assert fetch.result == MailboxFetch.Result.FAILED
    assert "Ophalen mislukt: Inloggen op 127.0.0.1:" in page
    assert "Mislukt" in page
    assert "Geheim-Wachtwoord-77" not in page + fetch.message
    assert not InboundMail.objects.exists()


@pytest.mark.django_db
def test_without_a_mail_server_nothing_is_tried(client, settings, sanne_secretariat):
    settings.REGISTRATION_IMAP = {**settings.REGISTRATION_IMAP, "HOST": ""}
    client.force_login(sanne_secretariat)

    page = fetch_now(client).content.decode()

    assert "Er is geen mailserver ingesteld; vraag de beheerder." in page
    assert not MailboxFetch.objects.exists()


@pytest.mark.django_db
def test_a_round_that_was_cut_off_is_closed_by_the_next(mailbox, as_system):
    cut_off = MailboxFetch.objects.create(started_at=timezone.now())

    fetch_round(by=None, limit=1)

    cut_off.refresh_from_db()
    assert cut_off.result == MailboxFetch.Result.ABORTED
    assert cut_off.finished_at is not None
    assert MailboxFetch.objects.filter(result=MailboxFetch.Result.OK).count() == 1


@pytest.mark.django_db
def test_a_casemanager_cannot_fetch(client, anna_casemanager):
    client.force_login(anna_casemanager)

    assert client.post(reverse("registrations:mailbox_fetch")).status_code == 403
    assert not MailboxFetch.objects.exists()


@pytest.mark.django_db
def test_the_inbox_with_its_mailbox_card_costs_fixed_queries(
    assert_fixed_queries, sanne_secretariat, as_system
):
    def rounds_and_mails(count: int) -> None:
        for number in range(count):
            now = timezone.now()
            MailboxFetch.objects.create(
                started_at=now, finished_at=now, result="ok", by=sanne_secretariat, stored=1
            )
            InboundMail.objects.create(
                message_id=f"<telling-{number}-{count}@test.invalid>", source="imap"
            )

    rounds_and_mails(1)
    assert_fixed_queries(
        sanne_secretariat,
        reverse("registrations:inbox"),
        add_more=lambda: rounds_and_mails(10),
        max_queries=14,  # 13, and the count of the unprocessed mail since it is paged (50 a page)
    )


@pytest.mark.django_db
def test_a_mail_page_with_its_prefill_costs_fixed_queries(
    assert_fixed_queries, sanne_secretariat, as_system
):
    from registrations.models import Person

    mail = InboundMail.objects.create(
        message_id="<telling@test.invalid>",
        source="imap",
        sender="Anouk Bakker <a.bakker@iriszorg.example>",
        body_text="Namens mijn cliënte:\nNaam: Fatima el Amrani\nGeboortedatum: 3 april 1990",
    )

    def more() -> None:
        Person.objects.create(name="Fatima el Amrani", date_of_birth="1990-04-03")
        for number in range(10):
            Person.objects.create(name=f"Persoon {number}")
            attachment_row(mail, number)

    assert_fixed_queries(
        sanne_secretariat,
        reverse("registrations:mail_detail", args=[mail.pk]),
        add_more=more,
        max_queries=16,
    )


def attachment_row(mail: InboundMail, number: int) -> None:
    from registrations.models import MailAttachment

    MailAttachment.objects.create(
        mail=mail, filename=f"foto-{number}.jpg", content_type="image/jpeg", size=3
    )


@pytest.mark.django_db
def test_an_unexpected_failure_is_recorded_in_dutch_without_the_details(
    mailbox, monkeypatch, as_system
):
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("kapot")

    monkeypatch.setattr("registrations.mailbox.fetch_mailbox", broken)

    fetch = fetch_round(by=None)

    assert fetch.result == MailboxFetch.Result.FAILED
    assert "serverlog" in fetch.message
    assert "kapot" not in fetch.message


@pytest.mark.django_db
def test_the_unprocessed_mail_is_paged_newest_first(client, sanne_secretariat, as_system):
    mails = [
        InboundMail.objects.create(message_id=f"<stapel-{n}@test.invalid>", source="imap")
        for n in range(51)
    ]
    client.force_login(sanne_secretariat)
    first = client.get(reverse("registrations:inbox"))
    assert list(first.context["new_mails"]) == mails[:0:-1]
    assert "1–50 van 51" in first.content.decode()
    second = client.get(
        reverse("registrations:inbox"), {"pagina": "2"}, headers={"HX-Request": "true"}
    )
    assert list(second.context["new_mails"]) == [mails[0]]
    assert "<h1" not in second.content.decode()
