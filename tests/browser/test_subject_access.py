"""The coordinator reviews a subject-access export, blacks out another woman's name in a
contact note and releases the ZIP; the review page passes axe at phone and laptop width."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from stapteam.models import SubjectAccessRequest
from stapteam.platform.subject_access import register_access_request
from tests.browser.conftest import log_in, shoot
from tests.browser.test_accessibility import AXE, RUN
from tests.factories import ClientFactory, ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OTHER = "Olga Ander slaapt ook bij haar"


def test_coordinator_blacks_out_another_woman_and_releases_the_export(
    page: Page, live_server, anna_casemanager, carla_coordinator
) -> None:
    her = ClientFactory.create(call_name="Roos", casemanager=anna_casemanager)
    ContactFactory.create(client=her, author=anna_casemanager, note=f"Gesprek. {OTHER}.")
    access_request = register_access_request(
        request=SubjectAccessRequest(client=her, received_on=timezone.localdate()),
        by=carla_coordinator,
    )
    log_in(page, live_server.url, carla_coordinator.username)
    page.goto(f"{live_server.url}{reverse('stapteam:subject_access_list')}")
    page.get_by_role("link", name=f"Nakijken en vrijgeven {access_request.number}").click()
    expect(page.get_by_role("heading", name="Vrije teksten nakijken")).to_be_visible()
    page.evaluate(AXE.read_text(encoding="utf-8"))
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate(RUN) == [], width

    note = page.get_by_role("article").filter(has_text="Contactmomenten · notitie")
    note.get_by_text("Weglakken", exact=True).click()
    note.get_by_label("Passage die wordt weggelakt").fill(OTHER)
    note.get_by_label("Reden").fill("Gegevens van een andere vrouw")
    note.get_by_role("button", name="Weglakken in de inzage").click()
    expect(page.get_by_text("het dossier zelf is niet gewijzigd")).to_be_visible()
    expect(
        page.get_by_role("article").filter(has_text="[weggelakt: gegevens van een ander]")
    ).to_have_count(1)
    expect(page.get_by_role("cell", name="Gegevens van een andere vrouw")).to_be_visible()
    shoot(page, "coordinator-inzage-weglakken", for_docs=True)

    page.get_by_label("Ik heb de vrije teksten nagekeken").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Inzage vrijgeven (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    document = archive.read("inzage.html").decode()
    assert "[weggelakt: gegevens van een ander]" in document and "Olga" not in document
