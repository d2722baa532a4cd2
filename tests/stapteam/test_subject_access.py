"""Subject access (AVG art. 15): the coordinator exports a client's care data, the secretariat
a person's registration data; one ZIP with inzage.html and inzage.json, due a month after receipt.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from registrations import services as reg
from registrations.models import Person
from registrations.models import SubjectAccessRequest as RegistrationAccessRequest
from stapteam.models import AccessLogEntry, SubjectAccessRequest
from stapteam.platform.dates import add_months
from stapteam.platform.subject_access import register_access_request
from tests.factories import ClientFactory, ContactFactory, GoalFactory
from timeout.models import TimeoutRequest

# These tests call services directly; their writes are recorded as the system account's.
pytestmark = pytest.mark.usefixtures("as_system")

TODAY = timezone.localdate()
RELEASE = {"confirmed": "on"}  # the handler has reviewed the export


def unzip(response: Any) -> dict[str, Any]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["LEESMIJ.txt", "inzage.html", "inzage.json"]
    return {
        "html": archive.read("inzage.html").decode(),
        "json": json.loads(archive.read("inzage.json")),
    }


def section(data: dict[str, Any], title: str) -> list[dict[str, Any]]:
    return next(s["records"] for s in data["onderdelen"] if s["titel"] == title)


@pytest.fixture
def her(anna_casemanager) -> Any:
    client = ClientFactory.create(casemanager=anna_casemanager, full_name="Inge Inzage")
    ContactFactory.create(client=client, author=anna_casemanager, note="Praatte over haar werk")
    GoalFactory.create(client=client, created_by=anna_casemanager, wish="Een eigen kamer")
    TimeoutRequest.objects.create(
        client=client,
        submitted_by=anna_casemanager,
        reason="Rust",
        wished_start=TODAY,
        expected_days=2,
    )
    return client


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28)),
        (datetime.date(2028, 1, 31), datetime.date(2028, 2, 29)),
        (datetime.date(2026, 3, 15), datetime.date(2026, 4, 15)),
        (datetime.date(2026, 12, 10), datetime.date(2027, 1, 10)),
    ],
)
def test_the_due_date_is_one_month_after_receipt(received, due) -> None:
    assert add_months(received, 1) == due


@pytest.mark.django_db
def test_the_coordinator_records_a_request_due_in_a_month(client, carla_coordinator, her) -> None:
    client.force_login(carla_coordinator)
    received = TODAY - datetime.timedelta(days=3)
    response = client.post(
        reverse("stapteam:subject_access_create"),
        {"client": her.code, "received_on": received.isoformat(), "requested_by": "self"},
    )
    assert response.status_code == 302
    access_request = SubjectAccessRequest.objects.get(client=her)
    assert access_request.due_on == add_months(received, 1)
    assert access_request.registered_by == carla_coordinator
    page = client.get(reverse("stapteam:subject_access_list")).content.decode()
    assert her.code in page and access_request.number in page


@pytest.mark.django_db
def test_an_overdue_request_is_highlighted(client, carla_coordinator, her) -> None:
    register_access_request(
        request=SubjectAccessRequest(client=her, received_on=TODAY - datetime.timedelta(days=40)),
        by=carla_coordinator,
    )
    client.force_login(carla_coordinator)
    page = client.get(reverse("stapteam:subject_access_list")).content.decode()
    assert "table-danger" in page and "te laat" in page


@pytest.mark.django_db
def test_the_care_export_holds_her_data_and_history_and_nobody_elses(
    client, carla_coordinator, anna_casemanager, her
) -> None:
    other = ClientFactory.create(casemanager=anna_casemanager, full_name="Olga Ander")
    ContactFactory.create(client=other, author=anna_casemanager, note="Notitie over Olga")
    access_request = register_access_request(
        request=SubjectAccessRequest(client=her, received_on=TODAY), by=carla_coordinator
    )
    client.force_login(carla_coordinator)

    response = client.post(
        reverse("stapteam:subject_access_export", args=[access_request.pk]), RELEASE
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    filename = response["Content-Disposition"]
    assert f"inzage-zorg-{access_request.number}.zip" in filename and "Inge" not in filename
    files = unzip(response)
    data = files["json"]
    assert [c["note"] for c in section(data, "Contactmomenten")] == ["Praatte over haar werk"]
    assert section(data, "Doelen")[0]["wish"] == "Een eigen kamer"
    assert section(data, "Time-outaanvragen")[0]["reason"] == "Rust"
    history = section(data, "Geschiedenis: cliëntgegevens")
    assert history and history[0]["full_name"] == "Inge Inzage"
    assert section(data, "Geschiedenis: contactmomenten")
    for text in ("Olga", other.code, "Notitie over Olga"):
        assert text not in files["html"] and text not in json.dumps(data)
    assert '<h1 id="voorblad">Inzage in persoonsgegevens' in files["html"]
    assert "Contactmomenten" in files["html"] and "Praatte over haar werk" in files["html"]
    assert "http" not in files["html"]  # no external resources
    access_request.refresh_from_db()
    assert (access_request.handled_on, access_request.handled_by) == (TODAY, carla_coordinator)
    assert AccessLogEntry.objects.filter(
        action="export", client=her, object_type="subject_access"
    ).exists()


@pytest.mark.django_db
def test_the_care_export_includes_the_access_log_about_her(
    client, carla_coordinator, anna_casemanager, her
) -> None:
    client.force_login(anna_casemanager)
    client.get(reverse("stapteam:client_detail", args=[her.pk]))
    assert AccessLogEntry.objects.filter(client=her).exists()
    access_request = register_access_request(
        request=SubjectAccessRequest(client=her, received_on=TODAY), by=carla_coordinator
    )
    client.force_login(carla_coordinator)
    data = unzip(
        client.post(reverse("stapteam:subject_access_export", args=[access_request.pk]), RELEASE)
    )["json"]
    log = section(data, "Toegangslog: wie dit dossier inzag of wijzigde")
    assert any(row["user"] == str(anna_casemanager) for row in log)


@pytest.mark.django_db
def test_the_registration_export_has_no_care_data(
    client, sanne_secretariat, carla_coordinator, her
) -> None:
    person = Person.objects.create(name="Inge Inzage", consent_on=TODAY, client=her)
    reg.create_request(
        kind="question",
        received_on=TODAY,
        channel="desk",
        owner=sanne_secretariat,
        person=person,
        summary="Vraag over de pas",
    )
    access_request = register_access_request(
        request=RegistrationAccessRequest(person=person, received_on=TODAY), by=sanne_secretariat
    )
    client.force_login(sanne_secretariat)

    response = client.post(
        reverse("registrations:subject_access_export", args=[access_request.pk]), RELEASE
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert f"inzage-registratie-{access_request.number}.zip" in response["Content-Disposition"]
    files = unzip(response)
    data = files["json"]
    assert section(data, "Persoonsgegevens")[0]["name"] == "Inge Inzage"
    assert section(data, "Aanvragen en verzoeken")[0]["summary"] == "Vraag over de pas"
    assert section(data, "Geschiedenis: persoonsgegevens")
    everything = json.dumps(data) + files["html"]
    for care in (her.code, "Praatte over haar werk", "Een eigen kamer", "Contactmomenten"):
        assert care not in everything


@pytest.mark.django_db
def test_the_secretariat_records_a_registration_request(client, sanne_secretariat) -> None:
    person = Person.objects.create(name="Pien Persoon")
    client.force_login(sanne_secretariat)
    response = client.post(
        reverse("registrations:subject_access_create"),
        {"person": person.pk, "received_on": TODAY.isoformat(), "requested_by": "self"},
    )
    assert response.status_code == 302
    assert RegistrationAccessRequest.objects.get(person=person).due_on == add_months(TODAY, 1)


@pytest.mark.django_db
def test_a_request_from_the_future_is_refused(client, carla_coordinator, her) -> None:
    client.force_login(carla_coordinator)
    response = client.post(
        reverse("stapteam:subject_access_create"),
        {
            "client": her.code,
            "received_on": (TODAY + datetime.timedelta(days=1)).isoformat(),
            "requested_by": "self",
        },
    )
    assert response.status_code == 200
    assert not SubjectAccessRequest.objects.exists()


@pytest.mark.django_db
def test_roles_without_the_permission_cannot_export(
    client, carla_coordinator, sanne_secretariat, anna_casemanager, her
) -> None:
    care = register_access_request(
        request=SubjectAccessRequest(client=her, received_on=TODAY), by=carla_coordinator
    )
    person = Person.objects.create(name="Pien Persoon")
    registration = register_access_request(
        request=RegistrationAccessRequest(person=person, received_on=TODAY), by=sanne_secretariat
    )
    care_url = reverse("stapteam:subject_access_export", args=[care.pk])
    registration_url = reverse("registrations:subject_access_export", args=[registration.pk])
    for user, url in [
        (anna_casemanager, care_url),
        (sanne_secretariat, care_url),
        (carla_coordinator, registration_url),
        (anna_casemanager, registration_url),
    ]:
        client.force_login(user)
        assert client.post(url, RELEASE).status_code == 403, (user, url)
    client.force_login(carla_coordinator)
    assert client.get(care_url).status_code == 405
    care.refresh_from_db()
    assert care.handled_on is None


@pytest.mark.django_db
def test_the_lists_cost_fixed_queries(
    assert_fixed_queries, carla_coordinator, sanne_secretariat, anna_casemanager
) -> None:
    def more_care() -> None:
        for _ in range(5):
            register_access_request(
                request=SubjectAccessRequest(
                    client=ClientFactory.create(casemanager=anna_casemanager), received_on=TODAY
                ),
                by=carla_coordinator,
            )

    def more_registration() -> None:
        for n in range(5):
            register_access_request(
                request=RegistrationAccessRequest(
                    person=Person.objects.create(name=f"Persoon {n}"), received_on=TODAY
                ),
                by=sanne_secretariat,
            )

    more_care()
    more_registration()
    assert_fixed_queries(
        carla_coordinator,
        reverse("stapteam:subject_access_list"),
        add_more=more_care,
        max_queries=14,
    )
    assert_fixed_queries(
        sanne_secretariat,
        reverse("registrations:subject_access_list"),
        add_more=more_registration,
        max_queries=14,
    )


@pytest.mark.django_db
def test_the_export_asks_for_password_and_code_again_after_five_minutes(
    client, carla_coordinator, her
) -> None:
    from stapteam.platform.login_security import REAUTH_AT

    access_request = register_access_request(
        request=SubjectAccessRequest(client=her, received_on=TODAY), by=carla_coordinator
    )
    client.force_login(carla_coordinator)
    session = client.session
    session[REAUTH_AT] = session[REAUTH_AT] - 6 * 60
    session.save()
    response = client.post(reverse("stapteam:subject_access_export", args=[access_request.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("stapteam:reauthenticate"))
    assert "next=%2Finzageverzoeken%2F" in response["Location"]
    access_request.refresh_from_db()
    assert access_request.handled_on is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "cast"),
    [
        ("stapteam:subject_access_export", "anna_casemanager"),
        ("registrations:subject_access_export", "carla_coordinator"),
    ],
)
def test_who_may_not_export_is_refused_before_confirming_her_identity(
    request, client, url_name, cast
) -> None:
    from stapteam.platform.login_security import REAUTH_AT

    client.force_login(request.getfixturevalue(cast))
    session = client.session
    session[REAUTH_AT] = session[REAUTH_AT] - 6 * 60  # she would have to confirm it again
    session.save()
    response = client.post(reverse(url_name, args=[1]))
    assert response.status_code == 403
