"""The access log people can read (issue 13 item 7): objects named as users know them, resolved
when the page is shown, filters, pages over every row, and the CSV export."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from stapteam.models import AccessLogEntry, Client, DestructionRecord, SubjectAccessRequest
from stapteam.models.audit import OBJECT_TYPE_LABELS
from stapteam.platform.formats import day_date
from stapteam.platform.log_names import named_types
from stapteam.platform.login_security import REAUTH_AT
from stapteam.platform.retention import CARE_FILE
from tests.factories import ClientFactory, ContactFactory, EscalationFactory, GoalFactory

NOTE = "Vertelde over haar zus in Arnhem 7f3q"
WISH = "Wil naar een eigen kamer 9k2z"
QUESTION = "Hulp bij schulden nodig x4p1"
LIST = reverse("stapteam:access_log_list")
EXPORT = reverse("stapteam:access_log_export")
ROOT = Path(__file__).resolve().parents[2]


def _row(object_type: str, object_id: object = "", client: Any = None, **fields: Any) -> Any:
    return AccessLogEntry.objects.create(
        object_type=object_type,
        object_id=str(object_id),
        client_id=client.pk if isinstance(client, Client) else client,
        action=fields.pop("action", "read"),
        **fields,
    )


def _today() -> str:
    return day_date(timezone.localdate())  # "1 december 2026"


def _objects(response: Any) -> list[str | None]:
    return [getattr(e, "object_name", None) for e in response.context["page"]]


@pytest.fixture
def her(anna_casemanager: Any) -> Client:
    return ClientFactory.create(
        casemanager=anna_casemanager, call_name="Roos", full_name="Roos Dijk"
    )


def one_of_each_kind(her: Client, anna: Any, carla: Any, n: int = 0) -> dict[str, str]:
    """A log row for every kind of object STAP logs, and the name the page must show for it."""
    from registrations.models import (
        Decision,
        InboundMail,
        Letter,
        MailAttachment,
        Person,
        RegistrationRequest,
    )
    from registrations.models import SubjectAccessRequest as RegistrationAccessRequest
    from stapteam.models import Trajectory
    from tests.budgets.conftest import expense, make_budget
    from tests.timeout.conftest import make_beds, stay_on

    today = timezone.localdate()
    due = today + datetime.timedelta(days=30)
    contact = ContactFactory.create(
        client=her,
        author=anna,
        note=NOTE,
        occurred_at=timezone.make_aware(datetime.datetime(2026, 11, 12, 21, 30)),
    )
    goal = GoalFactory.create(client=her, created_by=anna, wish=WISH)
    trajectory = Trajectory.objects.create(client=her, kind="entry_housing", started_on=today)
    escalation = EscalationFactory.create(client=her, raised_by=anna, question=QUESTION)
    care_request = SubjectAccessRequest.objects.create(
        client=her,
        received_on=today,
        due_on=due,
        registered_by=carla,
    )
    person = Person.objects.create(name="Geheime Naam")
    application = RegistrationRequest.objects.create(
        kind="application",
        received_on=datetime.date(2026, 11, 3),
        channel="mail",
        person=person,
        owner=anna,
        summary="Wil op de zone werken",
    )
    decision = Decision.objects.create(
        request=application,
        outcome="granted",
        decided_on=datetime.date(2026, 11, 20),
        decided_by=anna,
    )
    letter = Letter.objects.create(
        request=application,
        kind="granted",
        sent_on=datetime.date(2026, 11, 21),
        addressee="Geheime Naam",
        pdf="letters/brief.pdf",
        sent_by=anna,
    )

    mail = InboundMail.objects.create(
        message_id=f"<log{n}@test.invalid>", source="upload", subject="Geheim"
    )
    attachment = MailAttachment.objects.create(
        mail=mail, filename="Geheime Naam paspoort.pdf", content_type="application/pdf", size=4
    )
    registration_request = RegistrationAccessRequest.objects.create(
        person=person,
        received_on=today,
        due_on=due,
        registered_by=carla,
    )
    stay = stay_on(
        make_beds(n + 1)[n],
        datetime.date(2026, 10, 5),
        datetime.date(2026, 10, 9),
        client=her,
        by=anna,
    )
    budget = make_budget(by=carla, name=f"Flexbudget {n}")
    entry = expense(budget, "12.50", by=anna, client=her, description="Slaapzak")
    rows = {
        ("client", her.pk): her.code,
        ("contact", contact.pk): "Contact van 12 november 2026",
        ("goal", goal.pk): f"Doel: {goal.domain.name}",
        ("trajectory", trajectory.pk): f"Traject: {trajectory.get_kind_display()}",
        ("escalation", escalation.pk): f"Opschaling van {_today()}",
        ("subject_access", care_request.pk): f"Inzageverzoek {care_request.pk:05d}",
        ("registration_request", application.pk): "Aanvraag registratie van 3 november 2026",
        ("decision_letter", decision.pk): "Besluitbrief van 20 november 2026",
        ("letter", letter.pk): "Besluit: verleend, verzonden 21 november 2026",
        ("inbound_mail", mail.pk): f"E-mail van {_today()}",
        ("mail_attachment", attachment.pk): f"Bijlage bij e-mail van {_today()}",
        (
            "registration_subject_access",
            registration_request.pk,
        ): f"Inzageverzoek {registration_request.pk:05d}",
        ("timeout_request", stay.request_id): f"Time-out-aanvraag van {_today()}",
        ("stay", stay.pk): "Verblijf vanaf 5 oktober 2026",
        ("ledger_entry", entry.pk): f"Uitgave van {_today()}, €\xa012,50",
        ("budget_report", "csv"): "Budgetrapportage als CSV",
        ("access_log", f"client:{her.pk}"): f"Toegangslog van {her.code}",
        ("access_log", f"user:{anna.pk}"): f"Toegangslog van {anna}",
        ("access_log", "reasons"): "Inzage met reden",
        ("access_log", "all"): "Het hele toegangslog",
        ("access_log", "csv"): "Toegangslog als CSV",
    }
    client_of = {
        "inbound_mail",
        "mail_attachment",
        "registration_request",
        "decision_letter",
        "letter",
    }
    names = {}
    for (kind, pk), name in rows.items():
        row = _row(kind, pk, None if kind in client_of | {"budget_report"} else her, user=anna)
        names[str(row.pk)] = name
    _row("client_list", "", action="search", user=carla)
    return names


# --- Names ---------------------------------------------------------------------------------------


def test_every_object_is_named_as_users_know_it_without_care_text(
    client, anna_casemanager, carla_coordinator, her
):
    names = one_of_each_kind(her, anna_casemanager, carla_coordinator)
    client.force_login(carla_coordinator)

    response = client.get(LIST, {"gebruiker": anna_casemanager.pk})

    shown = {str(e.pk): e.object_name for e in response.context["page"]}
    assert shown == names
    html = response.content.decode()
    for name in names.values():
        assert name.replace("'", "&#x27;") in html
    for secret in (NOTE, WISH, QUESTION, "Roos", "Geheime Naam", "Geheim", "paspoort", "Slaapzak"):
        assert secret not in html
    # No raw codes: the kinds and actions in Dutch (the filter's option values aside).
    rows = html.split('id="log-entries"')[1]
    for raw in ("registration_request", "timeout_request", "ledger_entry", ">read<"):
        assert raw not in rows
    assert "Aanvraag time-out" in rows and "ingezien" in rows


def test_names_are_resolved_when_shown_and_never_stored(client, carla_coordinator, her):
    contact = ContactFactory.create(client=her, note=NOTE)
    row = _row("contact", contact.pk, her)
    client.force_login(carla_coordinator)
    client.get(LIST)
    row.refresh_from_db()
    assert (row.object_type, row.object_id) == ("contact", str(contact.pk))
    stored = " ".join(map(str, AccessLogEntry.objects.values_list("object_id", "reason")))
    assert "november" not in stored and her.code not in stored


def test_an_anonymised_file_and_everything_in_it_shows_as_anonymised(
    client, carla_coordinator, her
):
    contact = ContactFactory.create(client=her)
    _row("client", her.pk, her)
    _row("contact", contact.pk, her)
    DestructionRecord.objects.create(
        category=CARE_FILE,
        object_type="stapteam.client",
        object_id=str(her.pk),
        client_code=her.code,
        action="anonymised",
        destroyed_on=timezone.localdate(),
    )
    client.force_login(carla_coordinator)

    response = client.get(LIST, {"soort": "client"})
    assert _objects(response) == ["(geanonimiseerd)"]
    response = client.get(LIST, {"soort": "contact"})
    assert _objects(response) == ["(geanonimiseerd)"]
    assert [e.client_name for e in response.context["page"]] == ["(geanonimiseerd)"]
    assert her.code not in response.content.decode().split("log-entries")[1]


def test_a_record_that_no_longer_exists_shows_as_deleted(client, carla_coordinator):
    _row("contact", 987654, 876543)
    client.force_login(carla_coordinator)

    response = client.get(LIST, {"soort": "contact"})

    [entry] = response.context["page"]
    assert (entry.object_name, entry.client_name) == ("(verwijderd)", "(verwijderd)")


def test_every_logged_kind_has_a_dutch_label_and_a_name() -> None:
    """Scan the code for the kinds it logs: each has a label and (with an id) a resolver."""
    logged = set()
    for app in ("stapteam", "registrations", "timeout", "budgets"):
        for path in (ROOT / app).rglob("*.py"):
            logged |= set(re.findall(r'object_type="(\w+)"', path.read_text(encoding="utf-8")))
    logged -= {"stapteam"}  # not a kind: a retention object type prefix, if any
    assert logged, "the scan found nothing"
    assert logged <= set(OBJECT_TYPE_LABELS), logged - set(OBJECT_TYPE_LABELS)
    assert set(OBJECT_TYPE_LABELS) - {"client_list"} <= named_types()


# --- Filters and pages ---------------------------------------------------------------------------


def test_filters_by_period_user_action_kind_and_result(
    client, anna_casemanager, bram_casemanager_ldh, carla_coordinator, her
):
    def at(day: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(2026, 11, day, 23, 30))

    early = _row("client", her.pk, her, user=anna_casemanager, at=at(1))
    late = _row("client", her.pk, her, user=anna_casemanager, at=at(20))
    by_bram = _row("client", her.pk, her, user=bram_casemanager_ldh, at=at(10), result="denied")
    changed = _row("goal", 1, her, user=anna_casemanager, at=at(10), action="update")
    client.force_login(carla_coordinator)

    def shown(**filters: Any) -> set[int]:
        response = client.get(LIST, filters)
        assert response.status_code == 200
        return {e.pk for e in response.context["page"] if e.user_id != carla_coordinator.pk}

    assert shown() == {early.pk, late.pk, by_bram.pk, changed.pk}
    # The period in local days: 23:30 on 10 November is that day, not the next (UTC).
    assert shown(vanaf="2026-11-10", tot_en_met="2026-11-10") == {by_bram.pk, changed.pk}
    assert shown(vanaf="2026-11-02") == {late.pk, by_bram.pk, changed.pk}
    assert shown(gebruiker=bram_casemanager_ldh.pk) == {by_bram.pk}
    assert shown(handeling="update") == {changed.pk}
    assert shown(soort="goal") == {changed.pk}
    assert shown(resultaat="denied") == {by_bram.pk}


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"vanaf": "2026-11-10", "tot_en_met": "2026-11-01"}, "De einddatum moet op of na"),
        ({"vanaf": "1999-12-31"}, "Dit is al gebeurd: kies een datum tussen 1 januari 2000"),
        ({"vanaf": "morgen"}, "Vul de datum in als dd-mm-jjjj."),
        ({"gebruiker": "999999"}, "Kies een gebruiker uit de lijst."),
        ({"handeling": "drop"}, "Kies een handeling uit de lijst."),
        ({"soort": "<script>"}, "Kies een soort gegeven uit de lijst."),
    ],
)
def test_a_wrong_filter_is_explained_and_kept(client, carla_coordinator, filters, message):
    client.force_login(carla_coordinator)
    response = client.get(LIST, filters)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert response.context["form"].data.dict() == filters


def test_a_filtered_list_is_logged_as_a_search_and_the_whole_log_as_a_read(
    client, carla_coordinator, anna_casemanager
):
    client.force_login(carla_coordinator)
    client.get(LIST)
    client.get(LIST, {"gebruiker": anna_casemanager.pk})
    rows = AccessLogEntry.objects.filter(user=carla_coordinator).order_by("id")
    assert list(rows.values_list("action", "object_type", "object_id")) == [
        ("read", "access_log", "all"),
        ("search", "access_log", ""),
    ]


def test_pages_reach_every_row_beyond_two_hundred(client, carla_coordinator, her):
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(object_type="client", object_id=str(her.pk), client_id=her.pk, action="read")
        for _ in range(260)
    )
    client.force_login(carla_coordinator)

    response = client.get(LIST, {"soort": "client"})
    # The filter stays on in the page links.
    assert "soort=client" in response.content.decode().split("stap-pagination")[1]
    seen = [entry.pk for entry in response.context["page"]]
    for _ in range(5):
        older = response.context["page"].older
        response = client.get(LIST, {"soort": "client", "ouder": older})
        seen += [entry.pk for entry in response.context["page"]]
    assert len(response.context["page"]) == 10 and not response.context["page"].older
    assert sorted(seen, reverse=True) == seen and len(set(seen)) == 260


def test_the_list_costs_fixed_queries_with_many_rows_of_many_kinds(
    assert_fixed_queries, client, anna_casemanager, carla_coordinator, her
):
    one_of_each_kind(her, anna_casemanager, carla_coordinator)

    def add_more() -> None:
        for n in range(1, 3):
            her = ClientFactory.create(casemanager=anna_casemanager)
            one_of_each_kind(her, anna_casemanager, carla_coordinator, n)

    # 27: session, user, 2FA device, permissions, the filter's users, the rows (no count: keyset
    # pages), the clients, one per other kind on the page that needs a lookup (14 resolvers and
    # the users of the log's own pages; the budget report is named from its id), writing the read.
    assert_fixed_queries(carla_coordinator, LIST, add_more=add_more, max_queries=28)


def test_the_coordinator_finds_the_log_in_her_menu(client, carla_coordinator, anna_casemanager):
    client.force_login(carla_coordinator)
    assert LIST in client.get(reverse("stapteam:home")).content.decode()
    client.force_login(anna_casemanager)
    assert LIST not in client.get(reverse("stapteam:home")).content.decode()


# --- The export ----------------------------------------------------------------------------------


def _csv(response: Any) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return [line.split(";") for line in text.removeprefix("\ufeff").split("\r\n") if line]


def test_the_export_holds_the_filtered_rows_named_as_on_the_page_and_is_logged(
    client, anna_casemanager, bram_casemanager_ldh, carla_coordinator, her
):
    contact = ContactFactory.create(
        client=her,
        note=NOTE,
        occurred_at=timezone.make_aware(datetime.datetime(2026, 11, 12, 21, 30)),
    )
    _row("contact", contact.pk, her, user=anna_casemanager, roles="casemanager")
    _row("client", her.pk, her, user=bram_casemanager_ldh)
    client.force_login(carla_coordinator)

    rows = _csv(client.get(EXPORT, {"gebruiker": anna_casemanager.pk}))

    assert rows[0] == [
        "Tijdstip",
        "Gebruiker",
        "Rollen",
        "Organisatie",
        "Handeling",
        "Resultaat",
        "Soort gegeven",
        "Gegeven",
        "Cliënt",
        "Adres",
        "Reden",
    ]
    [row] = rows[1:]
    assert row[1:9] == [
        str(anna_casemanager),
        "Casemanager",
        "",
        "ingezien",
        "toegestaan",
        "Contactmoment",
        "Contact van 12 november 2026",
        her.code,
    ]
    assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d:\d\d", row[0])
    assert NOTE not in ";".join(row)
    [logged] = AccessLogEntry.objects.filter(user=carla_coordinator)
    assert (logged.action, logged.object_type, logged.object_id) == ("export", "access_log", "csv")


def test_the_export_is_safe_from_spreadsheet_formulas(
    client, anna_casemanager, carla_coordinator, her
):
    _row("client", her.pk, her, user=anna_casemanager, reason='=HYPERLINK("http://x","klik")')
    client.force_login(carla_coordinator)

    [_header, row] = _csv(client.get(EXPORT))

    assert row[-1].startswith("\"'=HYPERLINK(")


def test_the_export_streams_every_row_in_chunks(client, carla_coordinator, her):
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(object_type="client", object_id=str(her.pk), client_id=her.pk, action="read")
        for _ in range(1234)
    )
    client.force_login(carla_coordinator)

    rows = _csv(client.get(EXPORT))

    assert len(rows) == 1 + 1234
    assert {row[7] for row in rows[1:]} == {her.code}


def test_the_export_needs_a_fresh_login(client, carla_coordinator):
    client.force_login(carla_coordinator)
    session = client.session
    session[REAUTH_AT] = session[REAUTH_AT] - 60 * 60
    session.save()

    response = client.get(EXPORT, {"soort": "client"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("stapteam:reauthenticate"))
    assert "soort%3Dclient" in response["Location"]
    assert not AccessLogEntry.objects.filter(action="export").exists()


@pytest.mark.parametrize(
    "name", ["anna_casemanager", "sanne_secretariat", "pim_process_director", "bob_policy_officer"]
)
def test_other_roles_may_not_export_the_log(request, client, name):
    client.force_login(request.getfixturevalue(name))
    assert client.get(EXPORT).status_code == 403
    assert client.get(LIST).status_code == 403


def test_the_functional_admin_may_export_the_log(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    assert _csv(client.get(EXPORT))[0][0] == "Tijdstip"


def test_an_export_with_a_wrong_filter_goes_back_to_the_page(client, carla_coordinator):
    client.force_login(carla_coordinator)
    response = client.get(EXPORT, {"vanaf": "2026-11-10", "tot_en_met": "2026-11-01"})
    assert response.status_code == 302
    assert response["Location"].startswith(LIST)
    assert not AccessLogEntry.objects.filter(action="export").exists()
