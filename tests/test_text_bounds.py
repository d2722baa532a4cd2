"""Every text field of the four apps has a bound, in the form, the model and the database.

Names at most 200 characters, short fields 500, notes, summaries and decision texts 10,000
(`stapteam/platform/text.py`); a field may be tighter. A new field without a bound fails here.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.apps import apps as django_apps
from django.db import IntegrityError, connection, models, transaction
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.models import Decision, InboundMail, Person, RegistrationSettings
from stapteam.forms.fields import PlainTextForm, StapForm
from stapteam.models import Contact
from stapteam.platform.text import (
    LONG_TEXT_LENGTH,
    MAIL_BODY_LENGTH,
    NAME_LENGTH,
    SHORT_TEXT_LENGTH,
    SHORTENED,
    shortened,
)
from tests.factories import ContactFactory

APPS = ["stapteam", "registrations", "timeout", "budgets"]

# Text allowed beyond LONG_TEXT_LENGTH, each for a reason. Still bounded, in the database too.
LONGER_THAN_LONG_TEXT = {
    "registrations.InboundMail.body_text": (
        "the text of a mail as it came; up to 1 MB is kept, the whole message is its .eml file"
    ),
}
# Names allowed beyond NAME_LENGTH.
LONGER_THAN_A_NAME = {
    "registrations.MailAttachment.filename": "a sender's file name, cut at 255 like file systems",
}
# Form fields that are no stored text.
FORM_EXEMPT = {
    "ReauthenticateForm.password": "a password is checked against its hash, never stored",
}


def text_fields() -> Iterator[tuple[str, type[models.Model], models.Field[Any, Any]]]:
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue  # a copy of its model's fields; its rows are what the model held
            for field in model._meta.get_fields():
                if isinstance(field, models.CharField | models.TextField):
                    yield f"{label}.{model.__name__}.{field.name}", model, field


def database_bound(model: type[models.Model], field: str) -> int | None:
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        if (
            isinstance(condition, LessThanOrEqual)
            and isinstance(condition.lhs, Length)
            and [e.name for e in condition.lhs.get_source_expressions()] == [field]
        ):
            return int(condition.rhs)
    return None


def test_every_text_field_of_every_model_is_bounded() -> None:
    unbounded, too_long, not_in_database = [], [], []
    for name, model, field in text_fields():
        if field.max_length is None:
            unbounded.append(name)
            continue
        if field.max_length > LONG_TEXT_LENGTH and name not in LONGER_THAN_LONG_TEXT:
            too_long.append(f"{name} ({field.max_length})")
        if isinstance(field, models.TextField) and database_bound(model, field.name) != (
            field.max_length
        ):
            not_in_database.append(name)
    assert unbounded == [], "give these a max_length"
    assert too_long == [], "at most 10,000, or name the field and why in LONGER_THAN_LONG_TEXT"
    assert not_in_database == [], "a TextField needs length_at_most(field, max_length) in Meta"
    assert set(LONGER_THAN_LONG_TEXT) <= {name for name, _m, _f in text_fields()}


def test_names_and_one_line_fields_keep_to_their_kind() -> None:
    """A name at most 200 characters, any one-line field (CharField) at most 500."""
    long_names, long_lines = [], []
    for name, _model, field in text_fields():
        if field.max_length is None:
            continue  # the test above names it
        is_name = field.name == "name" or field.name.endswith("name")
        if is_name and field.max_length > NAME_LENGTH and name not in LONGER_THAN_A_NAME:
            long_names.append(f"{name} ({field.max_length})")
        if isinstance(field, models.CharField) and field.max_length > SHORT_TEXT_LENGTH:
            long_lines.append(f"{name} ({field.max_length})")
    assert long_names == []
    assert long_lines == [], "a CharField is one line: at most 500, or make it a bounded TextField"


def test_the_mail_body_is_bounded_at_one_megabyte() -> None:
    assert InboundMail._meta.get_field("body_text").max_length == MAIL_BODY_LENGTH == 1_000_000
    assert database_bound(InboundMail, "body_text") == MAIL_BODY_LENGTH


def all_forms() -> set[type[Any]]:
    for package in ("stapteam.forms", "registrations", "timeout", "budgets"):
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if info.name.endswith((".forms", ".apps")) or ".forms." in info.name:
                importlib.import_module(info.name)

    def below(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return {form for form in below(PlainTextForm) if form.__module__.split(".")[0] in APPS}


def test_every_text_field_of_every_form_names_its_bound() -> None:
    found, unbounded = all_forms(), []
    for form in found:
        for name, field in form.base_fields.items():
            kind = isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField)
            exempt = f"{form.__name__}.{name}" in FORM_EXEMPT
            bound = getattr(field, "max_length", None)
            if kind and not exempt and (bound is None or bound > LONG_TEXT_LENGTH):
                unbounded.append(f"{form.__module__}.{form.__name__}.{name}")
    assert len(found) > 30  # the walk found the forms
    assert unbounded == []


def test_a_form_field_without_a_bound_gets_the_long_text_bound() -> None:
    class Free(StapForm):
        text = forms.CharField()

    form = Free(data={"text": "x" * (LONG_TEXT_LENGTH + 1)})

    assert not form.is_valid()
    assert form.errors["text"] == ["Gebruik hoogstens 10000 tekens (nu 10001)."]
    assert Free().fields["text"].widget.attrs["maxlength"] == str(LONG_TEXT_LENGTH)
    assert Free(data={"text": "x" * LONG_TEXT_LENGTH}).is_valid()


@pytest.mark.django_db
def test_the_database_refuses_a_note_past_its_bound() -> None:
    contact = ContactFactory.create()

    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(note="x" * 1001)
    Contact.objects.filter(pk=contact.pk).update(note="x" * 1000)


@pytest.mark.django_db
def test_a_too_long_decision_text_is_refused_with_its_limit_and_kept(
    client, as_system, sanne_secretariat
) -> None:
    RegistrationSettings.objects.filter(id=1).update(regime="named")
    person = Person.objects.create(name="Roos Verhoeven", consent_on=timezone.localdate())
    application = services.create_request(
        kind="application",
        received_on=timezone.localdate(),
        channel="mail",
        owner=sanne_secretariat,
        person=person,
    )
    client.force_login(sanne_secretariat)
    typed = "Motivering. " * 400  # 4,800 characters; the bound is 4,000

    response = client.post(
        reverse("registrations:request_decide", args=[application.pk]),
        {
            "outcome": "refused",
            "decided_on": timezone.localdate().isoformat(),
            "grounds_text": typed,
        },
    )

    assert response.status_code == 200
    assert "Gebruik hoogstens 4000 tekens" in response.content.decode()
    assert response.context["form"]["grounds_text"].value() == typed
    assert not Decision.objects.exists()


def test_shortened_ends_with_the_marker_and_keeps_the_bound() -> None:
    assert shortened("kort", 10) == "kort"
    cut = shortened("x" * 50, 20)
    assert len(cut) == 20 and cut.endswith(SHORTENED)


@pytest.mark.django_db
def test_the_migration_shortens_existing_too_long_texts(capsys) -> None:
    """Rows from before the bound: counted, cut with a marker, so adding the bound never fails."""
    migration = importlib.import_module("stapteam.migrations.0015_text_length_bounds")
    long_one, fitting = ContactFactory.create(), ContactFactory.create(note="Past precies.")
    constraint = next(c for c in Contact._meta.constraints if c.name == "contact_note_length")
    with connection.schema_editor() as editor:
        editor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the factories' rows, checked now
        editor.remove_constraint(Contact, constraint)  # the table as it was before the bound
    Contact.objects.filter(pk=long_one.pk).update(note="Begin. " + "geheim " * 2000)

    with connection.schema_editor() as editor:
        migration.shorten_too_long_texts(django_apps, editor)
        editor.add_constraint(Contact, constraint)

    note = Contact.objects.get(pk=long_one.pk).note
    assert len(note) == 1000 and note.startswith("Begin. ") and note.endswith(" [ingekort]")
    assert Contact.objects.get(pk=fitting.pk).note == "Past precies."
    printed = capsys.readouterr().out
    assert "Contact.note: 1 waarde(n) langer dan 1000 tekens ingekort" in printed
    assert "geheim" not in printed and "Begin" not in printed
