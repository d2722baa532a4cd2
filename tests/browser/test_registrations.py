"""Tippelzone registrations in headless Chromium: mail to pass, and a stop request."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from registrations import mail as mailbox
from registrations import services
from registrations.models import Person, Registration, RegistrationRequest, RegistrationSettings
from stapteam.platform.formats import long_date
from tests.browser.conftest import log_in, menu_link, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mail"


@pytest.fixture
def named_regime(settings, tmp_path) -> None:
    from registrations.demo import DEMO_LETTER_SETTINGS

    settings.MEDIA_ROOT = tmp_path
    RegistrationSettings.objects.filter(id=1).update(regime="named", **DEMO_LETTER_SETTINGS)


def test_mail_to_request_advice_decision_letter_and_pass(
    page: Page,
    browser: Browser,
    live_server,
    as_system,  # the mail arrives as the fetch command stores it
    named_regime,
    sanne_secretariat,
    carla_coordinator,
    tmp_path,
) -> None:
    mail, _created = mailbox.store_message(
        (FIXTURES / "01-aanvraag.eml").read_bytes(), source="imap"
    )
    log_in(page, live_server.url, sanne_secretariat.username)
    menu_link(page, "Registratiepost")
    shoot(page, "secretariaat-post", for_docs=True)
    page.get_by_role("link", name=mail.subject).click()
    expect(page.get_by_label("Soort")).to_have_value("application")
    page.get_by_label("Uitdrukkelijke toestemming gegeven op").fill(
        timezone.localdate().isoformat()
    )
    shoot(page, "secretariaat-mail", for_docs=True)
    page.get_by_role("button", name="Aanvraag aanmaken").click()
    expect(page.get_by_text("Aanvraag aangemaakt uit deze e-mail.")).to_be_visible()
    page.get_by_role("button", name="In behandeling nemen").click()
    page.get_by_role("button", name="Advies vragen aan coördinator").click()
    expect(page.get_by_text("Wacht op het advies van de coördinator.")).to_be_visible()
    request = RegistrationRequest.objects.get()
    assert request.person is not None

    # The coordinator answers in her own session.
    coordinator = browser.new_context(viewport={"width": 375, "height": 812})
    other = coordinator.new_page()
    log_in(other, live_server.url, carla_coordinator.username)
    menu_link(other, "Advies registraties")
    other.get_by_role("link", name=request.person.name).first.click()
    other.get_by_label("Ja, bekend in de Nijmeegse zorg").check()
    other.get_by_label("Bekend in de zorg sinds").fill("2021-03-01")
    other.get_by_label("Korte motivering").fill("Bekend bij de Cirkel.")
    other.get_by_role("button", name="Advies geven").click()
    expect(other.get_by_text("Ja, bekend in de Nijmeegse zorg").first).to_be_visible()
    coordinator.close()

    # Back at the secretariat: decide, download the letter, record the notification.
    page.reload()
    expect(page.get_by_text("Ja, bekend in de Nijmeegse zorg")).to_be_visible()
    page.get_by_role("link", name="Besluit nemen").click()
    page.get_by_label("Verleend").check()
    shoot(page, "secretariaat-besluit", for_docs=True)
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Besluit vastgelegd.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Besluitbrief downloaden").click()
    letter = tmp_path / "brief.docx"
    download_info.value.save_as(letter)
    with zipfile.ZipFile(letter) as docx:
        assert request.person.name in docx.read("word/document.xml").decode()
    # Sending is a step of its own, confirmed: the letter is filed as PDF.
    confirm = page.get_by_label("De brief is verzonden.").first
    expect(confirm).to_have_attribute("required", "")  # the browser asks first, then STAP
    confirm.check()
    page.get_by_role("button", name="Verzending vastleggen").first.click()
    expect(page.get_by_text("de bezwaartermijn loopt")).to_be_visible()
    expect(page.get_by_role("link", name="Besluit: verleend")).to_be_visible()
    shoot(page, "secretariaat-aanvraag", for_docs=True)
    page.get_by_text("Brief maken of verzenden").click()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"the request page is wider than {width} px"
        shoot(page, f"secretariaat-brieven-{width}")
    page.set_viewport_size({"width": 375, "height": 812})

    registration = Registration.objects.get(person=request.person)
    menu_link(page, "Register")
    expect(page.get_by_text(registration.pass_number).first).to_be_visible()
    shoot(page, "secretariaat-register", for_docs=True)


def test_stop_request_ends_her_registration(
    page: Page, live_server, named_regime, sanne_secretariat, as_system
) -> None:
    today = timezone.localdate()
    person = Person.objects.create(name="Lotte Brouwer", consent_on=today)
    application = services.create_request(
        kind="application",
        received_on=today,
        channel="desk",
        owner=sanne_secretariat,
        person=person,
    )
    services.start_handling(request=application)
    services.give_advice(
        advice=services.ask_advice(request=application, by=sanne_secretariat),
        answer="yes",
        known_since=datetime.date(2020, 1, 1),
        motivation="",
        client=None,
        by=sanne_secretariat,
    )
    services.decide(
        request=application,
        outcome="granted",
        decided_on=today,
        by=sanne_secretariat,
        pass_number="TZ-STOP-1",
        valid_from=today,
        valid_until=today + datetime.timedelta(days=300),
    )
    log_in(page, live_server.url, sanne_secretariat.username)
    menu_link(page, "Aanvragen")
    page.get_by_role("link", name="Nieuwe aanvraag").click()
    page.get_by_label("Soort").select_option("stop")
    page.get_by_label("Of: bestaande persoon").select_option(label="Lotte Brouwer")
    page.get_by_role("button", name="Vastleggen").click()
    page.get_by_role("button", name="In behandeling nemen").click()
    page.get_by_role("button", name="Registratie beëindigen").click()
    expect(page.get_by_text("Registratie beëindigd op haar verzoek.")).to_be_visible()
    registration = Registration.objects.get(pass_number="TZ-STOP-1")
    assert registration.end_reason == Registration.EndReason.OWN_REQUEST


def test_the_radar_and_the_request_say_how_late_a_deadline_is(
    page: Page, browser: Browser, live_server, named_regime, sanne_secretariat, as_system
) -> None:
    today = timezone.localdate()
    late = services.create_request(
        kind="application",
        received_on=today - datetime.timedelta(days=1100),
        channel="mail",
        owner=sanne_secretariat,
        person=Person.objects.create(name="Mila Jansen"),
    )
    deadline = late.decision_deadline()
    overdue = (today - deadline).days
    log_in(page, live_server.url, sanne_secretariat.username)
    menu_link(page, "Aanvragen")
    row = page.get_by_role("row").filter(has_text="Mila Jansen")
    expect(row.get_by_test_id("term")).to_contain_text(f"{overdue} dagen te laat")
    expect(row.get_by_test_id("term")).to_contain_text(long_date(deadline))
    expect(row).not_to_contain_text(f"-{overdue}")
    shoot(page, "secretariaat-termijnen", for_docs=True)
    row.get_by_role("link", name="Mila Jansen").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Beslissen uiterlijk {long_date(deadline)} ({overdue} dagen te laat)."
    )
