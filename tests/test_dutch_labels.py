"""Every model and field of the four apps has a Dutch label of its own.

A label is what the history page, the subject-access export, the admin and error messages name a
field by. Django makes one up from the attribute name when none is given ("created by"), so a new
field without `verbose_name` fails here; so does a label that reads as English. The message ids of
this project are Dutch, so "Dutch" means: marked for translation, and no English word in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import override

APPS = ["stapteam", "registrations", "timeout", "budgets"]

# Words that give an English label away: Django's made-up names of technical fields and the
# English words this code base uses in its attribute names. Words that are Dutch as well
# ("status", "code", "budget", "bed", "moment", "score", "regime", "start", "type", "of", "mail"
# as in e-mail, "time" as in time-out) are not listed.
ENGLISH = frozenset(
    [
        "id",
        "pk",
        "created",
        "updated",
        "modified",
        "changed",
        "deleted",
        "at",
        "on",
        "by",
        "user",
        "users",
        "version",
        "key",
        "submission",
        "request",
        "person",
        "decision",
        "client",
        "location",
        "entry",
        "entries",
        "handled",
        "issued",
        "asked",
        "answered",
        "placed",
        "assessed",
        "entered",
        "decided",
        "closed",
        "acknowledged",
        "acted",
        "set",
        "domain",
        "the",
        "and",
        "or",
        "has",
        "active",
        "number",
        "amount",
        "description",
        "note",
        "notes",
        "reason",
        "end",
        "file",
        "owner",
        "title",
        "text",
        "kind",
        "name",
        "date",
        "day",
        "days",
        "from",
        "to",
        "until",
        "valid",
        "settings",
        "count",
        "total",
    ]
)


# Fields with a label Django keeps for itself. The automatic primary key is never shown by
# name: pages say "aanvraag 12", not "ID 12".
def _skipped(field: models.Field[Any, Any]) -> bool:
    return bool(field.auto_created and field.primary_key)


def models_of_the_apps() -> Iterator[type[models.Model]]:
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue  # simple-history's copies: their labels are the model's
            yield model


def fields_of(model: type[models.Model]) -> Iterator[models.Field[Any, Any]]:
    for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
        if not _skipped(field):
            yield field


def english_words(label: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]+", label.lower()) if word in ENGLISH}


def test_the_word_list_catches_what_django_makes_up():
    assert english_words("created by") == {"created", "by"}
    assert english_words("submission key") == {"submission", "key"}
    assert english_words("ID") == {"id"}
    assert not english_words("aangemaakt door")
    assert not english_words("ingangsdatum")


def test_every_model_has_a_dutch_name():
    wrong = []
    for model in models_of_the_apps():
        meta = model._meta
        for attr in ("verbose_name", "verbose_name_plural"):
            given = meta.original_attrs.get(attr)
            if not isinstance(given, Promise):
                wrong.append(f"{meta.label}.Meta.{attr}: not given or not marked for translation")
                continue
            with override("nl"):
                if words := english_words(str(given)):
                    wrong.append(f"{meta.label}.Meta.{attr} = {given!s}: English {sorted(words)}")
    assert not wrong, "\n".join(wrong)


def test_every_field_has_a_dutch_label():
    wrong = []
    for model in models_of_the_apps():
        for field in fields_of(model):
            name = f"{model._meta.label}.{field.name}"
            # What the field was given; `verbose_name` itself is made up from the name when not.
            given = field._verbose_name  # type: ignore[attr-defined]
            if not isinstance(given, Promise):
                wrong.append(f"{name}: no verbose_name marked for translation")
                continue
            with override("nl"):
                if words := english_words(str(given)):
                    wrong.append(f"{name} = {given!s}: English {sorted(words)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("label", ["created at", "user", "version"])
def test_a_made_up_label_fails(label):
    field: models.Field[Any, Any] = models.CharField(max_length=10)
    field.set_attributes_from_name(label.replace(" ", "_"))
    assert not isinstance(field._verbose_name, Promise)  # type: ignore[attr-defined]
    assert english_words(str(field.verbose_name))
