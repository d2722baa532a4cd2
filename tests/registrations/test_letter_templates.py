"""The beheerder keeps the decision-letter templates on STAP's beheer pages: list, upload a .docx,
replace it, switch it off (the letters then use STAP's own template); other files are refused."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from registrations import services as registration_services
from registrations.letters import decision_letter
from registrations.models import LetterTemplate, RefusalGround
from tests.registrations.test_requests import (  # noqa: F401 - the fixtures
    application,
    letter_settings,
    named_regime,
)

LIST = reverse("stapteam:beheer_list", args=["briefsjablonen"])
NEW = reverse("stapteam:beheer_create", args=["briefsjablonen"])
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def word_file(text: str, name: str = "geweigerd.docx") -> SimpleUploadedFile:
    document = Document()
    document.add_paragraph(text)
    document.add_paragraph("Pasnummer: {{ pasnummer }}")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=DOCX)


def text_of_letter(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        return docx.read("word/document.xml").decode()


@pytest.mark.django_db
def test_the_beheerder_uploads_replaces_and_switches_off_a_letter_template(
    client,
    fenna_functional_admin,
    letter_settings,  # noqa: F811 - the fixture
    application,  # noqa: F811 - the fixture
):
    registration_services.decide(
        request=application,
        outcome="refused",
        decided_on=application.received_on,
        by=application.owner,
        grounds=[RefusalGround.objects.create(name="Geen zorgtraject")],
        grounds_text="Zie gronden.",
    )
    client.force_login(fenna_functional_admin)
    assert "Briefsjablonen" in client.get(reverse("stapteam:beheer_index")).content.decode()
    response = client.post(
        NEW,
        {"kind": "refused", "file": word_file("Eigen brief van de gemeente"), "is_active": "on"},
    )
    assert response.status_code == 302
    template = LetterTemplate.objects.get()
    assert template.history.earliest().history_user == fenna_functional_admin
    assert "geweigerd.docx" in client.get(LIST).content.decode()
    assert "Eigen brief van de gemeente" in text_of_letter(decision_letter(application.decision))

    edit = reverse("stapteam:beheer_edit", args=["briefsjablonen", template.pk])
    response = client.post(
        edit, {"kind": "refused", "file": word_file("Tweede versie"), "is_active": "on"}
    )
    assert response.status_code == 302
    assert "Tweede versie" in text_of_letter(decision_letter(application.decision))

    response = client.post(edit, {"kind": "refused"})  # In gebruik off, the file stays
    assert response.status_code == 302
    template.refresh_from_db()
    assert not template.is_active and template.file
    letter = text_of_letter(decision_letter(application.decision))
    assert "Tweede versie" not in letter
    assert "Geen zorgtraject" in letter  # STAP's own template again


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("brief.pdf", b"%PDF-1.4", content_type="application/pdf"),
            "Kies een Word-document dat eindigt op .docx.",
        ),
        (
            SimpleUploadedFile("brief.docx", b"geen zip", content_type=DOCX),
            "Dit is geen Word-document (.docx); sla het op als .docx.",
        ),
        (None, "Kies een bestand bij “Sjabloon (.docx)”."),
    ],
    ids=["pdf", "not-a-zip", "no-file"],
)
def test_a_file_that_is_no_word_document_is_refused_in_dutch(
    client, fenna_functional_admin, upload, message
):
    client.force_login(fenna_functional_admin)
    data: dict[str, Any] = {"kind": "granted", "is_active": "on"}
    if upload is not None:
        data["file"] = upload
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="granted" selected' in response.content.decode()
    assert not LetterTemplate.objects.exists()


@pytest.mark.django_db
def test_other_roles_keep_no_letter_templates(client, sanne_secretariat):
    client.force_login(sanne_secretariat)
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403
