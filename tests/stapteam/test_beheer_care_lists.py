"""The beheerder's last two pages that used to live in the Django admin: which list of life
domains is the default, and the destruction register."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stapteam.models import DestructionRecord, DomainSet

pytestmark = pytest.mark.django_db

REGISTER = reverse("stapteam:destruction_register")


def domain_set(code: str) -> DomainSet:
    return DomainSet.objects.get(code=code)


def edit_url(obj: DomainSet) -> str:
    return reverse("stapteam:beheer_edit", args=["leefgebiedlijsten", obj.pk])


def test_the_beheerder_makes_another_list_the_default_after_seeing_what_changes(
    client, fenna_functional_admin
):
    nijmegen, zrm = domain_set("nijmegen-12"), domain_set("zrm-2017-13")
    client.force_login(fenna_functional_admin)
    index = client.get(reverse("stapteam:beheer_index")).content.decode()
    assert "Standaardlijst leefgebieden" in index
    data = {"is_default": "on", "change_reason": "Besluit teamoverleg: ZRM 2017"}

    confirm = client.post(edit_url(zrm), data)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Nieuwe doelen en ZRM-metingen gebruiken voortaan" in page
    assert "in plaats van Nijmegen (12 leefgebieden)" in page
    assert "De nieuwe lijst heeft 13 leefgebieden" in page
    assert DomainSet.default() == nijmegen  # nothing saved before she confirms

    done = client.post(edit_url(zrm), {**data, "bevestigd": "1"}, follow=True)
    assert "ZRM 2017 (13 leefgebieden) is nu de standaardlijst" in done.content.decode()
    assert DomainSet.default() == zrm
    assert list(DomainSet.objects.filter(is_default=True)) == [zrm]
    stopped = nijmegen.history.latest()
    assert (stopped.is_default, stopped.history_change_reason) == (False, data["change_reason"])
    assert stopped.history_user == fenna_functional_admin
    assert zrm.history.latest().history_change_reason == data["change_reason"]


def test_the_default_list_cannot_be_switched_off_without_choosing_another(
    client, fenna_functional_admin
):
    nijmegen = domain_set("nijmegen-12")
    client.force_login(fenna_functional_admin)
    page = client.get(edit_url(nijmegen)).content.decode()
    assert "Maak een andere lijst de standaard" in page
    response = client.post(edit_url(nijmegen), {"change_reason": "uitzetten"}, follow=True)
    assert response.status_code == 200
    assert DomainSet.default() == nijmegen


def test_a_switch_without_a_reason_is_refused_and_changes_nothing(client, fenna_functional_admin):
    zrm = domain_set("zrm-2017-13")
    client.force_login(fenna_functional_admin)
    response = client.post(edit_url(zrm), {"is_default": "on", "change_reason": ""})
    assert response.status_code == 200
    assert "Vul in waarom deze instelling verandert" in response.content.decode()
    assert DomainSet.default().code == "nijmegen-12"


def record(code: str, **fields: object) -> DestructionRecord:
    values: dict[str, object] = {
        "category": "care_file",
        "object_type": "stapteam.client",
        "object_id": "4711",
        "client_code": code,
        "action": DestructionRecord.Action.ANONYMISED,
        "destroyed_on": datetime.date(2026, 11, 2),
        "related_rows": 14,
        **fields,
    }
    return DestructionRecord.objects.create(**values)


def test_the_beheerder_reads_the_destruction_register_in_dutch(client, fenna_functional_admin):
    record("STAP-7123")
    record(
        "",
        category="registration_request_closed",
        object_type="registrations.registrationrequest",
        object_id="99",
        action=DestructionRecord.Action.DELETED,
        related_rows=3,
    )
    client.force_login(fenna_functional_admin)
    index = client.get(reverse("stapteam:beheer_index")).content.decode()
    assert REGISTER in index
    page = client.get(REGISTER).content.decode()
    page = page[page.index("<table") :]  # the rows; the filter's options name the categories
    for text in ["Zorgdossier", "Cliënt", "STAP-7123", "geanonimiseerd", "2-11-2026", "14"]:
        assert text in page, text
    for text in ["Ingetrokken of geweigerde aanvraag registratie", "verwijderd"]:
        assert text in page, text
    assert "automatisch (bewaartermijn)" in page
    for internal in ["care_file", "stapteam.client", "4711", "apply_retention"]:
        assert internal not in page, internal


def test_she_finds_one_client_code_and_one_category(client, fenna_functional_admin):
    record("STAP-7123")
    record("STAP-7456")
    client.force_login(fenna_functional_admin)
    found = client.get(REGISTER, {"clientcode": "stap-7456"}).content.decode()
    assert "STAP-7456" in found and "STAP-7123" not in found
    assert "Alle regels tonen" in found
    none = client.get(REGISTER, {"categorie": "registration_file"}).content.decode()
    assert "Geen regels bij dit filter." in none
    wrong = client.get(REGISTER, {"categorie": "alles"}).content.decode()
    assert "Kies een categorie uit de lijst." in wrong
    assert "STAP-7123" not in wrong


def test_the_register_pages_with_a_fixed_number_of_queries(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    record("STAP-0001")
    with CaptureQueriesContext(connection) as one:
        assert client.get(REGISTER).status_code == 200
    for number in range(2, 80):
        record(f"STAP-{number:04d}", object_id=str(number))
    with CaptureQueriesContext(connection) as many:
        page = client.get(REGISTER).content.decode()
    assert len(many) == len(one)
    assert "Pagina 1 van" in page
    assert "STAP-0079" in page and "STAP-0001" not in page  # newest first


def test_only_who_keeps_retention_reads_the_register(client, carla_coordinator, anna_casemanager):
    for user in (carla_coordinator, anna_casemanager):
        client.force_login(user)
        assert client.get(REGISTER).status_code == 403
