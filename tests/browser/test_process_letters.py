"""The secretariat's process letters in headless Chromium: a request to complete suspends the
decision term, the completion ends the suspension, a notice of extension gives the new date."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from registrations import services
from registrations.models import Letter, Person, RegistrationRequest, RegistrationSettings
from stapteam.platform.formats import day_date, long_date
from tests.browser.conftest import log_in, menu_link, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def letter_settings(settings, tmp_path) -> None:
    from registrations.demo import DEMO_LETTER_SETTINGS

    settings.MEDIA_ROOT = tmp_path
    RegistrationSettings.objects.filter(id=1).update(regime="named", **DEMO_LETTER_SETTINGS)


def _deadline_of(request: RegistrationRequest) -> datetime.date:
    request.refresh_from_db()
    deadline = request.decision_deadline()
    assert deadline is not None
    return deadline


def _no_overflow(page: Page, name: str) -> None:
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"the request page is wider than {width} px"
        shoot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 375, "height": 812})


def test_request_to_complete_then_completion_then_extension(
    page: Page, live_server, letter_settings, sanne_secretariat, as_system
) -> None:
    today = timezone.localdate()
    request = services.create_request(
        kind="application",
        received_on=today - datetime.timedelta(days=20),
        channel="desk",
        owner=sanne_secretariat,
        person=Person.objects.create(name="Fenna de Wit", address="Lange Hezelstraat 1, Nijmegen"),
    )
    services.start_handling(request=request)
    first = _deadline_of(request)
    sent_on = today - datetime.timedelta(days=6)
    restore_until = today + datetime.timedelta(days=8)

    page.set_default_timeout(10_000)
    log_in(page, live_server.url, sanne_secretariat.username)
    menu_link(page, "Aanvragen")
    page.get_by_role("link", name="Fenna de Wit").click()
    status = page.get_by_role("status").filter(has_text="Beslissen uiterlijk")
    expect(status).to_contain_text(f"Beslissen uiterlijk {long_date(first)}")

    # The request to complete, with its hersteltermijn.
    page.get_by_text("Brief maken of verzenden").click()
    form = page.locator("details").filter(has_text="Brief maken of verzenden")
    form.get_by_role("combobox", name="Brief").select_option(
        label="Verzoek om aanvulling (Awb 4:5)"
    )
    form.get_by_label("Verzonden op").fill(sent_on.isoformat())
    form.get_by_label("Hersteltermijn tot en met").fill(restore_until.isoformat())
    form.get_by_label("Toelichting in de brief").fill("Een kopie van uw identiteitsbewijs.")
    form.get_by_label("De brief is verzonden.").check()
    form.get_by_role("button", name="Verzending vastleggen").click()
    expect(page.get_by_text("Verzending vastgelegd; de brief staat als PDF")).to_be_visible()
    suspended = _deadline_of(request)
    assert suspended > first
    expect(status).to_contain_text(f"Beslissen uiterlijk {long_date(suspended)}")
    expect(status).to_contain_text(
        f"Opgeschort sinds {day_date(sent_on)}; "
        f"hersteltermijn tot en met {day_date(restore_until)}."
    )
    expect(page.get_by_role("link", name="Verzoek om aanvulling (Awb 4:5)")).to_be_visible()
    _no_overflow(page, "secretariaat-aanvulling")

    # She completed four days after the dispatch: the deadline moves back by the unused days.
    completed_on = sent_on + datetime.timedelta(days=4)
    page.get_by_label("Aangevuld op").fill(completed_on.isoformat())
    page.get_by_role("button", name="Aanvulling vastleggen").click()
    expect(page.get_by_text("Aanvulling vastgelegd; de beslistermijn loopt weer.")).to_be_visible()
    completed = _deadline_of(request)
    assert first < completed < suspended
    expect(status).to_contain_text(f"Beslissen uiterlijk {long_date(completed)}")
    expect(status).not_to_contain_text("hersteltermijn tot en met")

    # The notice of extension gives the new date, in the letter and on the page.
    page.get_by_text("Brief maken of verzenden").click()
    form = page.locator("details").filter(has_text="Brief maken of verzenden")
    form.get_by_role("combobox", name="Brief").select_option(
        label="Verdaging beslistermijn (Awb 4:14)"
    )
    form.get_by_label("Verdagen met (weken)").fill("4")
    form.get_by_label("Toelichting in de brief").fill("Wij wachten op het advies van de zorg.")
    form.get_by_label("De brief is verzonden.").check()
    form.get_by_role("button", name="Verzending vastleggen").click()
    expect(page.get_by_text("Verzending vastgelegd; de brief staat als PDF")).to_be_visible()
    extended = _deadline_of(request)
    assert extended >= completed + datetime.timedelta(weeks=4)
    expect(status).to_contain_text(f"Beslissen uiterlijk {long_date(extended)}")
    expect(status).to_contain_text("Verdaagd met 4 weken")
    assert list(
        Letter.objects.filter(request=request).order_by("id").values_list("kind", flat=True)
    ) == ["completion", "extension"]
    _no_overflow(page, "secretariaat-verdaging")
    # The letter form itself fits a phone too; without an objection it asks no hearing.
    page.get_by_text("Brief maken of verzenden").click()
    expect(form.get_by_label("Toelichting in de brief")).to_be_visible()
    expect(form.get_by_label("Plaats van de hoorzitting")).to_have_count(0)
    _no_overflow(page, "secretariaat-briefformulier")
