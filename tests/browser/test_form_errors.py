"""A step that is not right comes back on its page with what she typed and what to change."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from registrations import services
from registrations.models import Objection, Person, RegistrationSettings
from tests.browser.conftest import log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUNDS = "Zij werkt al jaren op de zone & kent de regels <goed>."


def test_secretariat_records_an_objection_after_a_refused_first_try(
    page: Page, live_server, as_system, sanne_secretariat, carla_coordinator
) -> None:
    RegistrationSettings.objects.filter(id=1).update(regime="named")
    today = timezone.localdate()
    request = services.create_request(
        kind="application",
        received_on=today,
        channel="desk",
        owner=sanne_secretariat,
        person=Person.objects.create(name="Roos Bezwaar", consent_on=today),
    )
    services.start_handling(request=request)
    services.give_advice(
        advice=services.ask_advice(request=request, by=sanne_secretariat),
        answer="no",
        known_since=None,
        motivation="",
        client=None,
        by=carla_coordinator,
    )
    decision = services.decide(
        request=request,
        outcome="refused",
        decided_on=today,
        by=sanne_secretariat,
        grounds_text="Niet lang genoeg bekend in de zorg.",
    )
    services.notify(decision=decision, notified_on=today)

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, sanne_secretariat.username)
    page.goto(f"{live_server.url}/registraties/{request.pk}/")
    page.get_by_text("Bezwaar vastleggen", exact=True).first.click()
    page.get_by_label("Ingediend door").select_option("representative")
    page.get_by_label("Gronden van bezwaar").fill(GROUNDS)
    page.get_by_role("button", name="Bezwaar vastleggen").click()

    # The page comes back opened at the form: her grounds are still there, the rule beside the name.
    expect(page.get_by_text("Vul in wie de gemachtigde is.")).to_be_visible()
    expect(page.get_by_label("Gronden van bezwaar")).to_have_value(GROUNDS)
    expect(page.get_by_label("Ingediend door")).to_have_value("representative")
    assert not Objection.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, "secretariaat-bezwaar-fout-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "secretariaat-bezwaar-fout-1280")

    page.get_by_label("Naam gemachtigde").fill("Mr. De Vries")
    page.get_by_role("button", name="Bezwaar vastleggen").click()
    expect(page.get_by_text("Bezwaar vastgelegd.")).to_be_visible()
    objection = Objection.objects.get()
    assert (objection.representative, objection.grounds) == ("Mr. De Vries", GROUNDS)
    assert objection.received_on == today
