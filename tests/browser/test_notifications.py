"""Notifications in headless Chromium: the bell counts, the list links to the work, all read."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import Page, expect

from stapteam.caseload import services
from stapteam.models import Notification
from tests.browser.conftest import log_in, open_menu, shoot
from tests.factories import ClientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_process_director_follows_the_bell_to_the_escalation_and_marks_all_read(
    page: Page, live_server: Any, anna_casemanager: Any, pim_process_director: Any
) -> None:
    for question in ("Geen contact meer.", "Woont op straat."):
        services.escalate(
            client=ClientFactory.create(casemanager=anna_casemanager),
            question=question,
            by=anna_casemanager,
        )

    log_in(page, live_server.url, pim_process_director.username)
    open_menu(page)
    expect(page.get_by_test_id("bell-count")).to_have_text("2")
    page.get_by_test_id("bell").click()
    expect(page.get_by_role("heading", name="Meldingen")).to_be_visible()
    expect(page.get_by_test_id("notification")).to_have_count(2)
    shoot(page, "meldingen", for_docs=True)

    page.get_by_role("link", name="Nieuwe opschaling", exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Opschaling")

    page.go_back()
    page.get_by_role("button", name="Alles gelezen").click()
    expect(page.get_by_text("2 meldingen gemarkeerd als gelezen.")).to_be_visible()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)


def waiting_for(user: Any, count: int) -> None:
    """`count` unread notifications for `user` (the bell counts rows; what they point at is the
    list's business)."""
    target = ClientFactory.create()
    content_type = ContentType.objects.get_for_model(target)
    today = timezone.localdate()
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind="escalation_follow_up",
            content_type=content_type,
            object_id=target.pk,
            due=today - datetime.timedelta(days=day),
        )
        for day in range(count)
    )


@pytest.mark.parametrize("count", [3, 120])
def test_the_bell_fits_the_menu_at_every_width(
    page: Page, live_server: Any, carla_coordinator: Any, count: int
) -> None:
    # The longest kind of name she may have: the account must not push the bell to a new line.
    carla_coordinator.last_name = "van den Heuvel-Oosterhuis Brandsma"
    carla_coordinator.save(update_fields=["last_name"])
    waiting_for(carla_coordinator, count)
    log_in(page, live_server.url, carla_coordinator.username)
    shown = str(count) if count < 100 else "99+"
    for width in (375, 992, 1280, 1920):
        page.set_viewport_size({"width": width, "height": 800})
        page.reload()
        open_menu(page)
        bell = page.get_by_test_id("bell")
        expect(page.get_by_test_id("bell-count")).to_have_text(shown)
        page.evaluate("document.fonts.ready.then(() => true)")  # measure the final layout
        box = bell.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), width
        if width >= 1280:  # the coordinator's menu on one line: the bell beside the brand
            brand = page.get_by_role("link", name="STAP", exact=True).bounding_box()
            assert brand is not None
            assert abs(box["y"] + box["height"] / 2 - (brand["y"] + brand["height"] / 2)) < 12
        shoot(page, f"bell-{count}-{width}")
