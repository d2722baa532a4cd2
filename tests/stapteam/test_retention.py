"""Retention: `apply_retention` anonymises what is past its term, honours legal holds, keeps the
figures, records each destruction and leaves no old values in the history tables.

Time is frozen by passing the day to the command (`--today`), not by patching the clock.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import DatabaseError, models, transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from budgets import services as budget_services
from budgets.models import LedgerEntry
from registrations import services as reg
from registrations.models import (
    InboundMail,
    MailAttachment,
    MailboxFetch,
    Person,
    RegistrationSettings,
)
from stapteam.models import (
    AccessLogEntry,
    Client,
    Contact,
    DestructionRecord,
    Goal,
    ReportSnapshot,
    RetentionCategory,
    User,
)
from stapteam.platform.dates import add_years
from stapteam.platform.retention import REMOVED, apply_retention
from stapteam.platform.roles import Role
from tests.budgets.conftest import make_budget
from tests.factories import ClientFactory, ContactFactory, GoalFactory
from timeout import services as timeout_services
from timeout.models import TimeoutRequest

# Mail intake and retention run as commands do: as the system account.
pytestmark = pytest.mark.usefixtures("as_system")

TODAY = timezone.localdate()
SECRET = "Zoëlientje Bewaartermijn"


def closed_client(years_ago: datetime.date, *, name: str = SECRET, **fields: Any) -> Client:
    return ClientFactory.create(
        closed=True,
        closed_on=years_ago,
        call_name=name.split()[0],
        full_name=name,
        residence="Bij " + name,
        **fields,
    )


def fifteen_years_ago(days: int = 0) -> datetime.date:
    return add_years(TODAY, -15) - datetime.timedelta(days=days)


def with_her_data(client: Client, anna: Any) -> None:
    name = client.full_name
    ContactFactory.create(client=client, author=anna, minutes=45, note=f"{name} zegt hallo")
    ContactFactory.create(client=client, author=anna, minutes=15, note="Kort gesproken")
    GoalFactory.create(client=client, created_by=anna, wish=f"{name} wil een huis")
    TimeoutRequest.objects.create(
        client=client,
        submitted_by=anna,
        reason=f"{name} heeft rust nodig",
        wished_start=TODAY,
        expected_days=3,
    )


def figures() -> dict[str, Any]:
    """What the reports add up: counts, minutes, money."""
    return {
        "clients": dict(
            Client.objects.values_list("status").annotate(n=Count("id")).order_by("status")
        ),
        "contacts": Contact.objects.aggregate(n=Count("id"), minutes=Sum("minutes")),
        "goals": Goal.objects.count(),
        "timeout": TimeoutRequest.objects.count(),
        "ledger": LedgerEntry.objects.aggregate(total=Sum("amount"))["total"],
    }


def history_rows_mentioning(text: str) -> list[str]:
    """Every history row, in every app, with `text` in one of its text columns."""
    found = []
    for model in apps.get_models():
        if not model.__name__.startswith("Historical"):
            continue
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        query = Q()
        for name in text_fields:
            query |= Q(**{f"{name}__icontains": text})
        if text_fields and model._default_manager.filter(query).exists():
            found.append(model.__name__)
    return found


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_care_file_past_its_term_is_anonymised_and_the_figures_stay(anna_casemanager) -> None:
    due = closed_client(fifteen_years_ago(days=1))
    not_yet = closed_client(fifteen_years_ago(days=-1), name="Nogniet Weg")
    on_hold = closed_client(
        fifteen_years_ago(days=400),
        name="Blijft Bewaard",
        legal_hold=True,
        legal_hold_reason="Klachtprocedure",
    )
    for client in (due, not_yet, on_hold):
        with_her_data(client, anna_casemanager)
    budget = make_budget(by=anna_casemanager)
    budget_services.record_expense(
        budget=budget,
        amount=Decimal("9.95"),
        booked_on=TODAY,
        client=due,
        category="food",
        by=anna_casemanager,
    )
    before = figures()
    assert history_rows_mentioning(SECRET)

    results = apply_retention(today=TODAY, apply=True)

    care = next(r for r in results if r.category == "care_file")
    assert [d.object_id for d in care.due] == [due.pk]
    due.refresh_from_db()
    assert due.call_name == REMOVED
    assert (due.full_name, due.phone, due.residence, due.date_of_birth) == ("", "", "", None)
    assert (due.code, due.status, due.closed_on) == (due.code, "closed", fifteen_years_ago(1))
    assert not due.contacts.exclude(note="").exists()
    assert set(due.goals.values_list("wish", flat=True)) == {REMOVED}
    assert set(due.timeout_requests.values_list("reason", flat=True)) == {REMOVED}
    not_yet.refresh_from_db()
    on_hold.refresh_from_db()
    assert not_yet.full_name == "Nogniet Weg"
    assert on_hold.full_name == "Blijft Bewaard"
    assert figures() == before
    assert history_rows_mentioning(SECRET) == []
    assert history_rows_mentioning("Nogniet Weg")  # the others keep their history

    record = DestructionRecord.objects.get(category="care_file")
    assert (record.object_type, record.object_id, record.client_code) == (
        "stapteam.client",
        str(due.pk),
        due.code,
    )
    assert record.destroyed_by == "apply_retention"
    assert record.related_rows > 5
    # A second run finds nothing new: a record is destroyed once.
    assert apply_retention(today=TODAY, apply=True)[0].due == []
    assert DestructionRecord.objects.filter(category="care_file").count() == 1


@pytest.mark.django_db
def test_the_dry_run_lists_ids_without_names_and_changes_nothing(anna_casemanager) -> None:
    client = closed_client(fifteen_years_ago(days=30))
    with_her_data(client, anna_casemanager)

    output = run()

    assert f"ids: {client.pk}" in output
    assert "PROEFDRAAIEN" in output
    assert SECRET.split()[0] not in output and client.code not in output
    client.refresh_from_db()
    assert client.full_name == SECRET
    assert not DestructionRecord.objects.exists()

    output = run("--apply", f"--today={TODAY.isoformat()}")
    assert "TOEGEPAST" in output and SECRET not in output
    assert DestructionRecord.objects.count() == 1


@pytest.mark.django_db
def test_the_beheerder_changes_a_term_and_the_command_follows(anna_casemanager) -> None:
    client = closed_client(add_years(TODAY, -21))
    RetentionCategory.objects.filter(code="care_file").update(term_years=20)
    assert [d.object_id for d in apply_retention(today=TODAY, apply=False)[0].due] == [client.pk]
    RetentionCategory.objects.filter(code="care_file").update(term_years=25)
    assert apply_retention(today=TODAY, apply=False)[0].due == []


@pytest.mark.django_db
def test_a_withdrawn_registration_request_goes_after_six_weeks(
    sanne_secretariat, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    RegistrationSettings.objects.filter(id=1).update(regime="named")
    request = reg.create_request(
        kind="application",
        received_on=TODAY,
        channel="mail",
        owner=sanne_secretariat,
        person_fields={"name": "Ingetrokken Aanvraagster", "phone": "0612345678"},
        summary="Ingetrokken Aanvraagster vraagt een pas",
    )
    mail = InboundMail.objects.create(
        message_id="<retentie@test.invalid>",
        source="upload",
        sender="aanvraagster@test.invalid",
        subject="Aanvraag Ingetrokken Aanvraagster",
        body_text="Groet, Ingetrokken Aanvraagster",
    )
    attachment = MailAttachment(
        mail=mail, filename="id.pdf", content_type="application/pdf", size=4
    )
    attachment.file.save("id.pdf", ContentFile(b"%PDF"), save=True)
    stored = tmp_path / attachment.file.name
    reg.link_mail(mail=mail, request=request, by=sanne_secretariat)
    reg.start_handling(request=request)
    reg.close_request(request=request)
    six_weeks = TODAY + datetime.timedelta(weeks=6)

    results = apply_retention(today=six_weeks, apply=True)
    assert next(r for r in results if r.category == "registration_request_closed").due == []

    with django_capture_on_commit_callbacks(execute=True):
        apply_retention(today=six_weeks + datetime.timedelta(days=1), apply=True)

    person = Person.objects.get(pk=request.person_id or 0)
    assert (person.name, person.phone) == (REMOVED, "")
    request.refresh_from_db()
    assert request.summary == "" and request.status == "handled"
    mail.refresh_from_db()
    assert (mail.sender, mail.body_text) == ("", "")
    assert not stored.exists()
    assert history_rows_mentioning("Ingetrokken Aanvraagster") == []
    assert DestructionRecord.objects.filter(
        category="registration_request_closed",
        object_type="registrations.registrationrequest",
        object_id=str(request.pk),
    ).exists()


@pytest.mark.django_db
def test_a_person_under_legal_hold_keeps_her_withdrawn_request(sanne_secretariat) -> None:
    request = reg.create_request(
        kind="question",
        received_on=TODAY,
        channel="desk",
        owner=sanne_secretariat,
        person_fields={"name": "Vastgehouden Vrouw"},
    )
    Person.objects.filter(pk=request.person_id or 0).update(
        legal_hold=True, legal_hold_reason="Beroep bij de rechtbank"
    )
    reg.answer_question(
        request=request,
        answer="Uitgelegd hoe de dagpas werkt.",
        answered_to="Vastgehouden Vrouw",
        answered_on=TODAY,
        by=sanne_secretariat,
    )

    apply_retention(today=TODAY + datetime.timedelta(weeks=10), apply=True)

    assert Person.objects.get(pk=request.person_id or 0).name == "Vastgehouden Vrouw"
    assert not DestructionRecord.objects.exists()


@pytest.mark.django_db
def test_a_withdrawn_timeout_request_is_anonymised_after_its_term(anna_casemanager) -> None:
    client = ClientFactory.create(casemanager=anna_casemanager)
    request = timeout_services.submit_request(
        by=anna_casemanager,
        client=client,
        reason="Rust na een zware week",
        wished_start=TODAY,
        expected_days=3,
    )
    timeout_services.withdraw(request=request)

    apply_retention(today=add_years(TODAY, 1), apply=True)
    request.refresh_from_db()
    assert request.reason != REMOVED

    apply_retention(today=add_years(TODAY, 1) + datetime.timedelta(days=1), apply=True)
    request.refresh_from_db()
    assert request.reason == REMOVED
    assert history_rows_mentioning("zware week") == []
    client.refresh_from_db()
    assert client.call_name != REMOVED  # her care file runs on


@pytest.mark.django_db
def test_access_log_rows_past_the_term_are_purged(settings) -> None:
    settings.ACCESS_LOG_RETENTION_YEARS = 5
    # The log refuses UPDATE: each row is written with its time.
    recent = AccessLogEntry.objects.create(object_type="client", object_id="1", action="read")
    ancient = AccessLogEntry.objects.create(
        object_type="client",
        object_id="2",
        action="read",
        at=timezone.now() - datetime.timedelta(days=5 * 366 + 2),
    )

    output = run("--apply")

    assert "1 regels vervallen" in output
    assert AccessLogEntry.objects.filter(pk=recent.pk).exists()
    assert not AccessLogEntry.objects.filter(pk=ancient.pk).exists()
    record = DestructionRecord.objects.get(category="access_log")
    assert record.related_rows == 1
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=recent.pk).delete()


def mailbox_round(days_ago: int, **fields: Any) -> MailboxFetch:
    started = timezone.now() - datetime.timedelta(days=days_ago)
    values = {"result": MailboxFetch.Result.OK, "finished_at": started, **fields}
    return MailboxFetch.objects.create(
        started_at=started, message="Bericht van x@voorbeeld.nl", **values
    )


@pytest.mark.django_db
def test_mailbox_rounds_past_thirteen_weeks_are_deleted_with_their_history() -> None:
    category = RetentionCategory.objects.get(code="mailbox_fetch")
    assert (category.term_years, category.term_weeks, category.action) == (0, 13, "delete")
    recent = mailbox_round(13 * 7 - 1)
    old = [mailbox_round(13 * 7 + 2), mailbox_round(400, result=MailboxFetch.Result.FAILED)]
    stuck = mailbox_round(200, result=MailboxFetch.Result.RUNNING, finished_at=None)

    assert "2 regels vervallen" in run()  # the dry run changes nothing
    assert MailboxFetch.objects.count() == 4

    run("--apply")

    assert set(MailboxFetch.objects.all()) == {recent, stuck}
    assert not MailboxFetch.history.filter(id__in=[r.pk for r in old]).exists()
    assert MailboxFetch.history.filter(id=recent.pk).exists()
    record = DestructionRecord.objects.get(category="mailbox_fetch")
    assert record.object_type == "registrations.mailboxfetch"
    assert record.related_rows == 6  # two rounds, their history rows and those of the delete
    assert "2 regels vervallen" not in run()


@pytest.mark.django_db
def test_the_destruction_record_is_append_only() -> None:
    record = DestructionRecord.objects.create(
        category="care_file",
        object_type="stapteam.client",
        object_id="1",
        action="anonymised",
        destroyed_on=TODAY,
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        DestructionRecord.objects.filter(pk=record.pk).update(object_id="2")
    with pytest.raises(DatabaseError), transaction.atomic():
        DestructionRecord.objects.filter(pk=record.pk).delete()


def test_every_role_keeps_its_permissions_for_retention() -> None:
    from stapteam.platform.roles import ROLE_PERMISSIONS

    assert "stapteam.change_retentioncategory" in ROLE_PERMISSIONS[Role.FUNCTIONAL_ADMIN]
    assert not any(
        "retentioncategory" in p
        for r in Role
        if r != Role.FUNCTIONAL_ADMIN
        for p in ROLE_PERMISSIONS[r]
    )


@pytest.mark.django_db
def test_the_legal_hold_commands_set_and_lift_a_hold(sanne_secretariat) -> None:
    client = closed_client(fifteen_years_ago(days=10))
    out = io.StringIO()
    call_command("legal_hold", client.code, "--reason=Klacht loopt", "--by=sanne", stdout=out)
    assert "bewaarplicht" in out.getvalue() and SECRET not in out.getvalue()
    assert apply_retention(today=TODAY, apply=False)[0].due == []
    call_command("legal_hold", client.code, "--lift", "--by=sanne", stdout=io.StringIO())
    assert [d.object_id for d in apply_retention(today=TODAY, apply=False)[0].due] == [client.pk]

    person = Person.objects.create(name="Pien Persoon")
    call_command(
        "person_legal_hold", str(person.pk), "--reason=Beroep", "--by=sanne", stdout=io.StringIO()
    )
    person.refresh_from_db()
    assert (person.legal_hold, person.legal_hold_reason) == (True, "Beroep")


@pytest.mark.django_db
def test_a_registration_file_goes_two_years_after_her_last_registration(sanne_secretariat) -> None:
    RegistrationSettings.objects.filter(id=1).update(regime="named")
    start = TODAY - datetime.timedelta(days=30)
    person = Person.objects.create(name="Geregistreerde Vrouw", consent_on=start)
    application = reg.create_request(
        kind="application",
        received_on=start,
        channel="desk",
        owner=sanne_secretariat,
        person=person,
    )
    reg.start_handling(request=application)
    reg.give_advice(
        advice=reg.ask_advice(request=application, by=sanne_secretariat),
        answer="yes",
        known_since=datetime.date(2020, 1, 1),
        motivation="Bekend bij Geregistreerde Vrouw haar casemanager",
        client=None,
        by=sanne_secretariat,
    )
    reg.decide(
        request=application,
        outcome="granted",
        decided_on=start,
        by=sanne_secretariat,
        pass_number="TZ-RET-1",
        valid_from=start,
        valid_until=start + datetime.timedelta(days=20),
    )
    reg.notify(decision=application.decision, notified_on=start)
    expired = start + datetime.timedelta(days=20)

    apply_retention(today=add_years(expired, 2), apply=True)
    assert Person.objects.get(pk=person.pk).name == "Geregistreerde Vrouw"

    apply_retention(today=add_years(expired, 2) + datetime.timedelta(days=1), apply=True)
    person.refresh_from_db()
    assert person.name == REMOVED
    registration = application.decision.registration
    registration.refresh_from_db()
    assert (registration.pass_number, registration.valid_until) == ("TZ-RET-1", expired)
    assert history_rows_mentioning("Geregistreerde Vrouw") == []
    assert DestructionRecord.objects.filter(
        category="registration_file", object_id=str(person.pk)
    ).exists()


@pytest.mark.django_db
def test_the_beheerder_sets_terms_in_stap_and_the_admin_is_the_superusers(
    client, fenna_functional_admin
) -> None:
    category = RetentionCategory.objects.get(code="care_file")
    record = DestructionRecord.objects.create(
        category="care_file",
        object_type="stapteam.client",
        object_id="1",
        action="anonymised",
        destroyed_on=TODAY,
    )
    client.force_login(fenna_functional_admin)
    url = reverse("stapteam:beheer_edit", args=["bewaartermijnen", category.pk])
    response = client.post(
        url,
        {
            "name": category.name,
            "term_years": 20,
            "term_weeks": 0,
            "legal_basis": "WGBO-behandeldossier (BW 7:454)",
            "change_reason": "Nieuwe wettelijke termijn",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    category.refresh_from_db()
    assert category.term_years == 20
    assert category.history.latest().history_change_reason == "Nieuwe wettelijke termijn"
    admin_url = f"/beheer/stapteam/destructionrecord/{record.pk}/change/"
    assert client.get(admin_url, follow=True).status_code == 403
    root = User.objects.create_superuser("root", password="een-lang-wachtwoord-2026")
    client.force_login(root)
    assert client.get(admin_url).status_code == 200
    assert client.get(f"/beheer/stapteam/destructionrecord/{record.pk}/delete/").status_code == 403


def fixed_report(user: User, year: int, made_at: datetime.datetime) -> ReportSnapshot:
    return ReportSnapshot.objects.create(
        label=f"Jaar {year}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        reference_date=datetime.date(year, 12, 31),
        figures=[],
        xlsx=b"xlsx",
        docx=b"docx",
        made_by=user,
        made_at=made_at,
    )


@pytest.mark.django_db
def test_fixed_reports_are_deleted_seven_years_after_they_were_fixed(carla_coordinator) -> None:
    now = timezone.now()
    old = fixed_report(carla_coordinator, 2019, now - datetime.timedelta(days=7 * 366))
    recent = fixed_report(carla_coordinator, 2025, now - datetime.timedelta(days=6 * 365))

    output = run("--apply")

    assert "Vastgelegde rapportages" in output
    assert not ReportSnapshot.objects.filter(pk=old.pk).exists()
    assert not ReportSnapshot.history.filter(id=old.pk).exists()
    assert ReportSnapshot.objects.filter(pk=recent.pk).exists()
    record = DestructionRecord.objects.get(category="report_snapshot")
    assert (record.object_id, record.action) == (str(old.pk), "deleted")
