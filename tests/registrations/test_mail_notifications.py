"""A new mail in the registration mailbox tells the secretariat, once per mail, in the mail's own
transaction; handling the mail resolves it. Against the real Dovecot of the test setup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.models import InboundMail, MailAttachment, MailboxFetch
from stapteam.models import Notification, NotificationSettings
from stapteam.platform import notifications
from stapteam.platform.actor import acting_as
from stapteam.platform.roles import Role
from tests.factories import UserFactory
from tests.registrations.conftest import imap_client

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mail"
MAILS = ["01-aanvraag.eml", "02-stopzetting.eml", "08-bijlagen.eml"]


def waiting(user: Any) -> list[str]:
    return list(Notification.objects.for_user(user).waiting().values_list("kind", flat=True))


def received(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def mailbox(dovecot, imap_config, settings) -> dict[str, Any]:
    """Three invented mails waiting in the registration mailbox."""
    append(dovecot, *MAILS)
    settings.REGISTRATION_IMAP = imap_config
    settings.REGISTRATION_IMAP_FETCH_LIMIT = 10
    return imap_config


def append(dovecot: dict[str, Any], *names: str) -> None:
    with imap_client(dovecot) as imap:
        for name in names:
            imap.append("INBOX", (FIXTURES / name).read_bytes())


@pytest.fixture
def tessa_secretariat(db: None) -> Any:
    return UserFactory.create(username="tessa", roles=[Role.SECRETARIAT])


@pytest.mark.django_db
def test_an_automatic_round_tells_every_secretariat_member_once_per_mail(
    dovecot, mailbox, sanne_secretariat, tessa_secretariat, carla_coordinator, as_system
):
    call_command("fetch_registration_mail")

    assert InboundMail.objects.count() == 3
    assert waiting(sanne_secretariat) == ["new_mail"] * 3
    assert waiting(tessa_secretariat) == ["new_mail"] * 3
    assert received(carla_coordinator) == []
    mails = set(InboundMail.objects.values_list("pk", flat=True))
    assert set(Notification.objects.values_list("object_id", flat=True)) == mails

    # The next round, with one of the same mails delivered again: nothing new to tell.
    append(dovecot, MAILS[0])
    call_command("fetch_registration_mail")
    assert MailboxFetch.objects.first().already_stored == 1  # type: ignore[union-attr]
    assert received(sanne_secretariat) == ["new_mail"] * 3
    assert received(tessa_secretariat) == ["new_mail"] * 3


@pytest.mark.django_db(transaction=True)
def test_nu_ophalen_does_not_tell_her_who_pressed_it(
    client, mailbox, sanne_secretariat, tessa_secretariat
):
    client.force_login(sanne_secretariat)
    client.post(reverse("registrations:mailbox_fetch"))

    assert InboundMail.objects.count() == 3
    assert received(sanne_secretariat) == []
    assert waiting(tessa_secretariat) == ["new_mail"] * 3


@pytest.mark.django_db
def test_handling_a_mail_resolves_it_for_everyone(
    client, mailbox, sanne_secretariat, tessa_secretariat, as_system
):
    call_command("fetch_registration_mail")
    first, second, third = InboundMail.objects.order_by("pk")

    with acting_as(sanne_secretariat):
        request = services.create_request(
            kind="question",
            received_on=timezone.localdate(),
            channel="mail",
            owner=sanne_secretariat,
            mail=first,
        )
        services.link_mail(mail=second, request=request, by=sanne_secretariat)
    client.force_login(tessa_secretariat)
    client.post(
        reverse("registrations:mail_dismiss", args=[third.pk]), {"reason": "Reclame voor pasjes."}
    )

    assert waiting(sanne_secretariat) == []
    assert waiting(tessa_secretariat) == []
    assert Notification.objects.filter(resolved_at__isnull=False).count() == 6
    home = client.get(reverse("stapteam:home")).content.decode()
    assert 'data-testid="bell-count"' not in home


@pytest.mark.django_db
def test_a_mail_that_is_not_stored_notifies_no_one(
    dovecot, mailbox, monkeypatch, sanne_secretariat, tessa_secretariat, as_system
):
    real_save = MailAttachment.save

    def broken_disk(self: MailAttachment, *args: Any, **kwargs: Any) -> None:
        raise OSError("schijf vol")

    monkeypatch.setattr(MailAttachment, "save", broken_disk)
    call_command("fetch_registration_mail")

    fetch = MailboxFetch.objects.get()
    assert fetch.failed == 2  # the two mails with attachments: rolled back, left in the mailbox
    assert InboundMail.objects.count() == 1
    assert waiting(tessa_secretariat) == ["new_mail"]  # only for the mail that is stored
    assert set(Notification.objects.values_list("object_id", flat=True)) == {
        InboundMail.objects.get().pk
    }

    monkeypatch.setattr(MailAttachment, "save", real_save)
    call_command("fetch_registration_mail")
    assert InboundMail.objects.count() == 3
    assert waiting(sanne_secretariat) == ["new_mail"] * 3
    assert waiting(tessa_secretariat) == ["new_mail"] * 3


@pytest.mark.django_db
def test_an_upload_tells_the_others_and_a_muted_kind_no_one(
    client, sanne_secretariat, tessa_secretariat, cast
):
    NotificationSettings.objects.create(user=tessa_secretariat, muted_kinds=["new_mail"])
    colleague = UserFactory.create(roles=[Role.SECRETARIAT])
    client.force_login(sanne_secretariat)
    upload = SimpleUploadedFile("aanvraag.eml", (FIXTURES / MAILS[0]).read_bytes())
    client.post(reverse("registrations:mail_upload"), {"file": upload})

    assert InboundMail.objects.count() == 1
    assert received(sanne_secretariat) == []  # she put it there herself
    assert received(tessa_secretariat) == []  # she switched the kind off
    assert waiting(colleague) == ["new_mail"]
    assert all(received(member) == [] for role, member in cast.items() if role != Role.SECRETARIAT)


@pytest.mark.django_db
def test_the_notification_names_no_sender_and_its_page_decides(
    client, mailbox, sanne_secretariat, carla_coordinator, as_system
):
    call_command("fetch_registration_mail")
    mail = InboundMail.objects.get(subject="Kopie paspoort bij aanvraag registratie")
    made = Notification.objects.get(recipient=sanne_secretariat, object_id=mail.pk)

    text, url = notifications.shown(made).text, notifications.shown(made).url
    assert text == "Nieuwe e-mail in de registratiemailbox."
    assert url == reverse("registrations:mail_detail", args=[mail.pk])

    client.force_login(sanne_secretariat)
    listing = client.get(reverse("stapteam:notification_list")).content.decode()
    assert url in listing
    for private in ("Marieke", "Jansen", "m.jansen", "paspoort"):
        assert private not in listing
    assert client.get(url).status_code == 200

    client.force_login(carla_coordinator)  # not hers: the page refuses it
    assert client.get(url).status_code == 403
