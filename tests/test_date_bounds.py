"""Impossible dates (issue 12, item 2): every date field of every model and form has a bound from
stapteam/platform/date_bounds.py, the fixed lower bounds are constraints in the database, and the
repair migrations fix the rows that were stored before."""

from __future__ import annotations

import datetime
import importlib
import pkgutil
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

import budgets
import registrations
import stapteam
import timeout
from budgets.models import LedgerEntry
from registrations import services
from registrations.mail import store_message
from registrations.models import Person, Registration, RegistrationRequest, RegistrationSettings
from stapteam.forms.fields import StapForm, StapModelForm
from stapteam.models import Contact
from stapteam.platform.date_bounds import (
    BIRTH_DATE,
    HAPPENED,
    PLANNED,
    SYSTEM_TIMESTAMPS,
    DateBound,
    bound_of,
    period_error,
)
from stapteam.platform.dates import add_years
from tests.budgets.conftest import make_budget
from tests.factories import ClientFactory, ContactFactory

APPS = ("stapteam", "registrations", "timeout", "budgets")
YEAR_ONE = datetime.date(1, 1, 1)
LAST_DAY = datetime.date(9999, 12, 31)


def is_history(model: type[models.Model]) -> bool:
    # django-simple-history's copies: see the note at the end of SYSTEM_TIMESTAMPS.
    return hasattr(model, "instance_type")


def date_fields() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    return [
        (model, field)
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        if not is_history(model)
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)  # DateTimeField is a DateField
    ]


def label_of(model: type[models.Model], field: models.Field[Any, Any]) -> str:
    return f"{model._meta.label}.{field.name}"


def stored_out_of_bounds() -> list[str]:
    """Every stored value of a bounded field that lies outside its bound (for demo data)."""
    wrong = []
    for model, field in date_fields():
        bound = bound_of(field)
        if bound is None:
            continue
        for value in model._default_manager.exclude(**{field.name: None}).values_list(
            field.name, flat=True
        ):
            if not bound.contains(value):
                wrong.append(f"{label_of(model, field)} = {value}")
    return wrong


# --- every field has a bound ---------------------------------------------------------------------


def test_every_model_date_field_has_a_bound_or_a_named_exemption():
    fields = date_fields()
    assert len(fields) > 60  # the loop really sees the models
    missing = [
        label_of(m, f)
        for m, f in fields
        if bound_of(f) is None and label_of(m, f) not in SYSTEM_TIMESTAMPS
    ]
    assert missing == []


def test_the_exemption_list_names_only_unbounded_fields_that_exist_with_a_reason():
    unbounded = {label_of(m, f) for m, f in date_fields() if bound_of(f) is None}
    assert set(SYSTEM_TIMESTAMPS) == unbounded
    assert all(reason.strip() for reason in SYSTEM_TIMESTAMPS.values())


def test_every_bounded_model_field_has_its_lower_bound_in_the_database():
    missing = []
    for model, field in date_fields():
        bound = bound_of(field)
        if bound is None:
            continue
        moment = isinstance(field, models.DateTimeField)
        floor = bound.earliest_moment() if moment else bound.earliest
        wanted = Q((f"{field.name}__gte", floor))
        conditions = [
            c.condition for c in model._meta.constraints if isinstance(c, models.CheckConstraint)
        ]
        if wanted not in conditions:
            missing.append(label_of(model, field))
    assert missing == []


def _form_classes() -> set[type[forms.BaseForm]]:
    for package in (stapteam, registrations, timeout, budgets):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".forms" in info.name or info.name.endswith(".views.report"):
                importlib.import_module(info.name)
    found: set[type[forms.BaseForm]] = set()
    todo: list[type] = [StapForm, StapModelForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def test_every_form_date_field_has_a_bound():
    checked, missing = 0, []
    for form in _form_classes():
        model = getattr(getattr(form, "_meta", None), "model", None)
        for name, field in form.base_fields.items():  # type: ignore[attr-defined]
            if not isinstance(field, forms.DateField | forms.DateTimeField):
                continue
            checked += 1
            if any(isinstance(v, DateBound) for v in field.validators):
                continue
            # A model form runs the model field's validators (and the constraints) itself.
            if model is not None and bound_of(model._meta.get_field(name)) is not None:
                continue
            missing.append(f"{form.__module__}.{form.__name__}.{name}")
    assert checked > 25
    assert missing == []


# --- the validators ------------------------------------------------------------------------------


def test_birth_dates_lie_between_1900_and_today():
    today = timezone.localdate()
    BIRTH_DATE(datetime.date(1900, 1, 1))
    BIRTH_DATE(today)
    for wrong in (datetime.date(1899, 12, 31), today + datetime.timedelta(days=1), LAST_DAY):
        with pytest.raises(ValidationError) as caught:
            BIRTH_DATE(wrong)
        assert caught.value.messages == [
            "Vul een geboortedatum in tussen 1 januari 1900 en vandaag."
        ]


def test_what_happened_lies_between_2000_and_today():
    today = timezone.localdate()
    HAPPENED(datetime.date(2000, 1, 1))
    HAPPENED(timezone.now())
    for wrong in (datetime.date(1999, 12, 31), today + datetime.timedelta(days=1), YEAR_ONE):
        with pytest.raises(ValidationError) as caught:
            HAPPENED(wrong)
        assert caught.value.messages == [
            "Dit is al gebeurd: kies een datum tussen 1 januari 2000 en vandaag."
        ]


def test_planned_dates_lie_at_most_five_years_ahead_and_the_message_names_the_day():
    latest = add_years(timezone.localdate(), 5)
    PLANNED(datetime.date(2000, 1, 1))
    PLANNED(latest)
    with pytest.raises(ValidationError) as caught:
        PLANNED(latest + datetime.timedelta(days=1))
    (message,) = caught.value.messages
    assert message.startswith("Kies een datum tussen 1 januari 2000 en ")
    assert str(latest.year) in message and "(hoogstens vijf jaar vooruit)" in message


def test_date_and_time_values_are_judged_by_their_day_in_nijmegen():
    zone = timezone.get_current_timezone()
    # 23:30 on 31 December 1999 in UTC is already 2000 in Nijmegen.
    HAPPENED(datetime.datetime(1999, 12, 31, 23, 30, tzinfo=datetime.UTC))
    with pytest.raises(ValidationError):
        HAPPENED(datetime.datetime(1999, 12, 31, 23, 30, tzinfo=zone))
    with pytest.raises(ValidationError):  # year 1 cannot even be moved to another zone
        HAPPENED(datetime.datetime(1, 1, 1, 0, 0, tzinfo=zone))


def test_a_period_lasts_at_most_five_years():
    start = datetime.date(2024, 2, 29)
    assert period_error(start, datetime.date(2029, 2, 28)) is None
    error = period_error(start, datetime.date(2029, 3, 1))
    assert error is not None
    assert error.messages == [
        "Een periode duurt hoogstens vijf jaar: kies een einddatum tot en met 28 februari 2029."
    ]


def test_the_validators_deconstruct_for_migrations_and_compare_by_kind():
    path, args, kwargs = PLANNED.deconstruct()  # type: ignore[attr-defined]
    assert path == "stapteam.platform.date_bounds.PlannedDate" and args == () and kwargs == {}
    assert type(PLANNED)() == PLANNED and PLANNED != HAPPENED


# --- the examples, through the real pages ------------------------------------------------


@pytest.fixture
def named_regime(db: None) -> None:
    RegistrationSettings.objects.filter(id=1).update(regime="named")


def _request_post(**changes: str) -> dict[str, str]:
    data = {
        "kind": "application",
        "received_on": timezone.localdate().isoformat(),
        "channel": "desk",
        "name": "Roos Verhoeven",
        "consent_on": timezone.localdate().isoformat(),
    }
    return data | changes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "received_on",
            "0001-01-01",
            "Dit is al gebeurd: kies een datum tussen 1 januari 2000 en vandaag.",
        ),
        (
            "date_of_birth",
            "9999-12-31",
            "Vul een geboortedatum in tussen 1 januari 1900 en vandaag.",
        ),
        (
            "consent_on",
            "9999-12-31",
            "Dit is al gebeurd: kies een datum tussen 1 januari 2000 en vandaag.",
        ),
    ],
)
def test_the_request_form_refuses_impossible_dates_in_dutch(
    client, named_regime, sanne_secretariat, field, value, message
):
    client.force_login(sanne_secretariat)
    response = client.post(reverse("registrations:request_create"), _request_post(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RegistrationRequest.objects.exists() and not Person.objects.exists()


def grant(application: RegistrationRequest, by: Any, advisor: Any) -> Registration:
    today = timezone.localdate()
    services.give_advice(
        advice=services.ask_advice(request=application, by=by),
        answer="yes",
        known_since=datetime.date(2020, 1, 1),
        motivation="",
        client=None,
        by=advisor,
    )
    services.decide(
        request=application,
        outcome="granted",
        decided_on=today,
        by=by,
        pass_number="TZ-1",
        valid_from=today,
        valid_until=today + datetime.timedelta(days=364),
    )
    return Registration.objects.get()


@pytest.fixture
def application(named_regime, sanne_secretariat, as_system) -> RegistrationRequest:
    person = Person.objects.create(name="Roos Verhoeven", consent_on=timezone.localdate())
    request = services.create_request(
        kind="application",
        received_on=timezone.localdate(),
        channel="mail",
        owner=sanne_secretariat,
        person=person,
    )
    services.start_handling(request=request)
    return request


def _decide(client, application, valid_from: datetime.date | str, valid_until: datetime.date | str):
    today = timezone.localdate()
    return client.post(
        reverse("registrations:request_decide", args=[application.pk]),
        {
            "outcome": "granted",
            "decided_on": today.isoformat(),
            "pass_number": "TZ-2026-001",
            "valid_from": str(valid_from),
            "valid_until": str(valid_until),
        },
    )


@pytest.mark.django_db
def test_a_pass_valid_from_year_one_or_until_9999_is_refused(
    client, application, sanne_secretariat
):
    client.force_login(sanne_secretariat)
    today = timezone.localdate()
    page = _decide(client, application, "0001-01-01", today).content.decode()
    assert "Kies een datum tussen 1 januari 2000 en " in page
    page = _decide(client, application, today, "9999-12-31").content.decode()
    assert "(hoogstens vijf jaar vooruit)" in page
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_pass_valid_for_more_than_five_years_is_refused(client, application, sanne_secretariat):
    client.force_login(sanne_secretariat)
    start = add_years(timezone.localdate(), -2)
    response = _decide(client, application, start, add_years(start, 5) + datetime.timedelta(days=1))
    assert "Een periode duurt hoogstens vijf jaar" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_the_deadline_of_a_request_never_reads_nog_minus_days(
    client, application, sanne_secretariat
):
    RegistrationRequest.objects.filter(pk=application.pk).update(
        received_on=datetime.date(2000, 1, 1)
    )
    client.force_login(sanne_secretariat)
    page = client.get(reverse("registrations:request_detail", args=[application.pk])).content
    text = page.decode()
    assert "nog -" not in text and "dagen te laat" in text


# --- the database keeps the lower bounds ---------------------------------------------------------


@pytest.mark.django_db
def test_the_database_refuses_a_request_received_in_year_one(application):
    with pytest.raises(IntegrityError, match="request_received_on_from_2000"), transaction.atomic():
        RegistrationRequest.objects.filter(pk=application.pk).update(received_on=YEAR_ONE)


@pytest.mark.django_db
def test_the_database_refuses_a_birth_date_before_1900(db):
    with (
        pytest.raises(IntegrityError, match="person_date_of_birth_from_1900"),
        transaction.atomic(),
    ):
        Person.objects.create(name="X", date_of_birth=datetime.date(1899, 12, 31))


@pytest.mark.django_db
def test_the_database_refuses_a_contact_in_year_one(anna_casemanager):
    contact = ContactFactory.create(client=ClientFactory.create(casemanager=anna_casemanager))
    year_one = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
    with pytest.raises(IntegrityError, match="contact_occurred_at_from_2000"), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(occurred_at=year_one)


@pytest.mark.django_db
def test_the_database_refuses_a_pass_valid_for_more_than_five_years(
    application, sanne_secretariat, carla_coordinator
):
    today = timezone.localdate()
    registration = grant(application, sanne_secretariat, carla_coordinator)
    too_long = add_years(today, 5) + datetime.timedelta(days=1)
    refused = pytest.raises(IntegrityError, match="registration_valid_until_within_5_years")
    with refused, transaction.atomic():
        Registration.objects.filter(pk=registration.pk).update(valid_until=too_long)
    Registration.objects.filter(pk=registration.pk).update(valid_until=add_years(today, 5))


# --- the repair migrations -----------------------------------------------------------------------


def _migration(app: str, name: str) -> Any:
    return importlib.import_module(f"{app}.migrations.{name}")


def _drop(constraint: str, table: str) -> None:
    """Let a bad row in, as before the constraints; the test's transaction puts it back."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}"')


@pytest.mark.django_db
def test_the_repair_moves_a_date_to_its_bound_and_empties_an_impossible_birth_date(
    application, capsys
):
    _drop("request_received_on_from_2000", "registrations_registrationrequest")
    RegistrationRequest.objects.filter(pk=application.pk).update(received_on=YEAR_ONE)
    Person.objects.filter(pk=application.person_id).update(
        date_of_birth=LAST_DAY, consent_on=LAST_DAY
    )
    with connection.schema_editor() as editor:
        _migration("registrations", "0005_repair_impossible_dates").repair(apps, editor)
    application.refresh_from_db()
    person = Person.objects.get(pk=application.person_id)
    assert application.received_on == datetime.date(2000, 1, 1)
    assert person.date_of_birth is None
    assert person.consent_on == timezone.localdate()
    printed = capsys.readouterr().out
    assert "registrations.RegistrationRequest.received_on: 1 hersteld" in printed
    assert "registrations.Person.date_of_birth: 1 hersteld" in printed
    assert "Roos" not in printed  # counts only, never a name
    last = person.history.first()
    assert last.history_change_reason.startswith("Onmogelijke datum hersteld")


@pytest.mark.django_db
def test_the_repair_cuts_a_period_from_the_side_that_was_wrong(
    application, sanne_secretariat, carla_coordinator
):
    today = timezone.localdate()
    grant(application, sanne_secretariat, carla_coordinator)
    _drop("registration_valid_from_from_2000", "registrations_registration")
    _drop("registration_valid_until_within_5_years", "registrations_registration")
    Registration.objects.update(valid_from=YEAR_ONE)
    with connection.schema_editor() as editor:
        _migration("registrations", "0005_repair_impossible_dates").repair(apps, editor)
    registration = Registration.objects.get()
    # The start was the typing error: the pass keeps its end and runs five years up to it.
    assert registration.valid_until == today + datetime.timedelta(days=364)
    assert registration.valid_from == add_years(registration.valid_until, -5)


@pytest.mark.django_db
def test_the_repair_reaches_the_append_only_ledger(as_system, carla_coordinator):
    make_budget(by=carla_coordinator)
    entry = LedgerEntry.objects.get()
    _drop("ledger_entry_booked_on_from_2000", "budgets_ledgerentry")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE budgets_ledgerentry DISABLE TRIGGER ledger_entry_append_only")
        cursor.execute("UPDATE budgets_ledgerentry SET booked_on = '0001-01-01'")
        cursor.execute("ALTER TABLE budgets_ledgerentry ENABLE TRIGGER ledger_entry_append_only")
    with connection.schema_editor() as editor:
        _migration("budgets", "0003_repair_impossible_dates").repair(apps, editor)
    entry.refresh_from_db()
    assert entry.booked_on == datetime.date(2000, 1, 1)
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(booked_on=timezone.localdate())


# --- mail import cannot refuse: it leaves an impossible sent date out and says so ---------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "date", ["Thu, 1 Jan 1970 00:00:00 +0000", "Fri, 31 Dec 9999 10:00:00 +0000"]
)
def test_mail_with_an_impossible_date_is_stored_without_it(as_system, date):
    raw = f"From: a@example.nl\nSubject: x\nDate: {date}\nMessage-ID: <d@x>\n\nHallo\n"
    mail, created = store_message(raw.encode(), source="upload")
    assert created and mail.sent_at is None
    assert "ligt niet tussen 1 januari 2000 en vandaag; datum leeg gelaten." in mail.problems
