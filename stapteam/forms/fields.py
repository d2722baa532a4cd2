"""Shared pieces of forms: the base classes every form of STAP extends, the date widget and the
date field that carries the bounds of a plausible date (stapteam/platform/date_bounds.py), and
`kept_input`: what she typed beside another person's change after an edit conflict."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from stapteam.platform.date_bounds import DateBound, period_error
from stapteam.platform.text import HIDDEN_CHARACTER, LONG_TEXT_LENGTH, has_hidden_characters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": _("Vul een datum in."), "invalid": _("Vul een geldige datum in.")}


def date_field(
    label: Any,
    bound: DateBound,
    *,
    required: bool = True,
    help_text: Any = "",
    error_messages: dict[str, Any] | None = None,
) -> forms.DateField:
    """A form's date field with its bound (BIRTH_DATE, HAPPENED or PLANNED); every date field of
    a plain form is made here, so none goes without one (tests/test_date_bounds.py)."""
    return forms.DateField(
        label=label,
        widget=DATE,
        required=required,
        help_text=help_text,
        validators=[bound],
        error_messages={**DATE_ERRORS, **(error_messages or {})},
    )


def refuse_long_period(form: forms.BaseForm, data: dict[str, Any], start: str, end: str) -> None:
    """A period (validity, stay, budget) lasts at most five years; the error goes on its end."""
    error = period_error(data.get(start), data.get(end))
    if error is not None and end not in form.errors:
        form.add_error(end, error)


class PlainTextForm:
    """Refuses invisible direction and control characters in every text field of the form (see
    stapteam/platform/text.py) and bounds every text field that names no length of its own to
    LONG_TEXT_LENGTH; every form of STAP extends StapForm or StapModelForm."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        form: Any = self
        for field in form.fields.values():
            if type(field) in (forms.CharField, forms.RegexField) and field.max_length is None:
                field.max_length = LONG_TEXT_LENGTH
                field.validators.append(MaxLengthValidator(LONG_TEXT_LENGTH))
                field.widget.attrs.update(field.widget_attrs(field.widget))

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        form: Any = self
        if not form.is_bound:
            return
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
            if not (isinstance(field, forms.CharField) and isinstance(value, str)):
                continue
            if has_hidden_characters(value):
                form.add_error(name, HIDDEN_CHARACTER)


class StapForm(PlainTextForm, forms.Form):
    pass


class StapModelForm(PlainTextForm, forms.ModelForm):
    pass


@dataclass
class KeptInput:
    """One field of an edit that came too late: what is saved now beside what she typed."""

    name: str
    label: str
    saved: Any
    typed: Any
    raw: Any  # the value as the widget holds it, for the button that puts it back


def kept_input(form: forms.BaseForm, saved: Any, names: Iterable[str]) -> list[KeptInput]:
    """What she typed in the fields `names` of a valid form, beside the values `saved` holds now,
    so that after another person's change she can put hers back with one click."""
    kept = []
    for name in names:
        if name not in form.fields or name == "version":
            continue
        typed, now = form.cleaned_data.get(name), getattr(saved, name, None)
        if typed == now:
            continue
        field = form.fields[name]
        kept.append(
            KeptInput(
                name=form.add_prefix(name),
                label=str(field.label or name),
                saved=_shown(field, now),
                typed=_shown(field, typed),
                raw=form[name].value(),
            )
        )
    return kept


def _shown(field: forms.Field, value: Any) -> Any:
    """A value as the reader knows it: the choice's label, ja/nee, a Dutch date."""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if not isinstance(field, forms.ModelChoiceField) and getattr(field, "choices", None):
        return dict(field.choices).get(value, value)  # type: ignore[attr-defined]
    return value
