"""The secretariat's mailbox in headless Chromium: "Nu ophalen" against the real Dovecot, a care
worker's mail turned into a request with the woman's name and birth date prefilled, and a
question answered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from registrations import services
from registrations.models import (
    InboundMail,
    MailboxFetch,
    RegistrationRequest,
    RegistrationSettings,
)
from tests.browser.conftest import log_in, menu_link, shoot
from tests.registrations.conftest import dovecot, imap_client, imap_config  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CARE_WORKER_MAIL = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "mail"
    / "gegevens"
    / "11-hulpverlener-tekst.eml"
)


def both_widths(page: Page, name: str, *, for_docs: bool = False) -> None:
    """The page on a phone (375 px) and on a desk screen (1280 px); the phone's for the guide."""
    if for_docs:
        shoot(page, name, for_docs=True)
    shoot(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, f"{name}-1280")
    page.set_viewport_size({"width": 375, "height": 812})


def test_nu_ophalen_and_a_care_workers_mail_becomes_her_request(
    page: Page,
    live_server: Any,
    settings: Any,
    tmp_path: Path,
    dovecot: dict[str, Any],  # noqa: F811
    imap_config: dict[str, Any],  # noqa: F811
    sanne_secretariat: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.REGISTRATION_IMAP = imap_config
    RegistrationSettings.objects.filter(id=1).update(regime="named")
    with imap_client(dovecot) as imap:
        imap.append("INBOX", CARE_WORKER_MAIL.read_bytes())

    log_in(page, live_server.url, sanne_secretariat.username)
    menu_link(page, "Registratiepost")
    expect(page.get_by_text("De mailbox is nog niet gelezen.")).to_be_visible()
    page.get_by_role("button", name="Nu ophalen").click()
    expect(page.get_by_text("1 nieuwe e-mail opgehaald.")).to_be_visible()
    expect(page.get_by_text("Laatst gelezen")).to_be_visible()
    both_widths(page, "secretariaat-post-nu-ophalen", for_docs=True)
    assert MailboxFetch.objects.get().by == sanne_secretariat

    mail = InboundMail.objects.get()
    page.get_by_role("link", name=mail.subject).click()
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Fatima el Amrani")
    expect(page.get_by_label("Geboortedatum")).to_have_value("1990-04-03")
    expect(page.get_by_label("Roepnaam")).to_have_value("Tima")
    expect(page.get_by_label("Gemachtigde", exact=True)).to_have_value(
        "Anouk Bakker <a.bakker@iriszorg.example>"
    )
    expect(page.get_by_label("gemachtigde (bijv. haar hulpverlener)")).to_be_checked()
    expect(
        page.get_by_text("Uit de e-mail (de tekst van de e-mail); controleer.").first
    ).to_be_visible()
    page.get_by_label("Uitdrukkelijke toestemming gegeven op").fill(
        timezone.localdate().isoformat()
    )
    both_widths(page, "secretariaat-mail-uit-de-email", for_docs=True)
    page.get_by_role("button", name="Aanvraag aanmaken").click()

    expect(page.get_by_text("Aanvraag aangemaakt uit deze e-mail.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Aanvraag registratie: Fatima el Amrani")
    ).to_be_visible()
    expect(page.get_by_text("gemachtigde: Anouk Bakker")).to_be_visible()
    request = RegistrationRequest.objects.get()
    assert request.person is not None
    assert (request.person.name, str(request.person.date_of_birth)) == (
        "Fatima el Amrani",
        "1990-04-03",
    )
    assert request.submitted_by == RegistrationRequest.SubmittedBy.REPRESENTATIVE
    both_widths(page, "secretariaat-aanvraag-gemachtigde")


def test_the_secretariat_answers_a_question(
    page: Page, live_server: Any, as_system: Any, sanne_secretariat: Any
) -> None:
    question = services.create_request(
        kind="question",
        received_on=timezone.localdate(),
        channel="mail",
        owner=sanne_secretariat,
        summary="Kan ik een dagpas krijgen zonder naam?",
    )

    log_in(page, live_server.url, sanne_secretariat.username)
    page.goto(f"{live_server.url}/registraties/{question.pk}/")
    page.get_by_label("Gegeven antwoord").fill("Ja: een dagpas gaat op pasnummer, zonder naam.")
    page.get_by_label("Aan wie").fill("Noor Visser <noor.visser@example.org>")
    both_widths(page, "secretariaat-vraag-beantwoorden")
    page.get_by_role("button", name="Antwoord vastleggen en afhandelen").click()

    expect(page.get_by_text("Antwoord vastgelegd; de vraag is afgehandeld.")).to_be_visible()
    expect(page.get_by_text("Ja: een dagpas gaat op pasnummer, zonder naam.")).to_be_visible()
    both_widths(page, "secretariaat-vraag-beantwoord", for_docs=True)
    menu_link(page, "Cijfers registraties")
    row = page.get_by_role("row", name="Vragen beantwoord")
    expect(row).to_contain_text("1")
    both_widths(page, "secretariaat-cijfers-vragen")
