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
DATE_ERRORS = {"required": _("Vul een datum in."), "invalid": _("Vul de datum in als dd-mm-jjjj.")}


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


def _named(message: Any, field: forms.Field) -> str:
    """The message naming the field by its label; empty (the caller's unnamed message) when the
    field has no label or its label is a question ("Hoe gaat het verder?"): quoted, a question
    would turn the instruction into one."""
    label = str(field.label or "").strip()
    return str(message) % {"label": label} if label and not label.endswith("?") else ""


def _required_message(field: forms.Field) -> Any:
    """What to do with an empty required field, naming it by its label."""
    if isinstance(field, forms.FileField):
        return _named(_("Kies een bestand bij “%(label)s”."), field) or _("Kies een bestand.")
    if isinstance(field, forms.BooleanField):
        return _named(_("Vink “%(label)s” aan."), field) or _("Vink dit vakje aan.")
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return _named(_("Kies bij “%(label)s” een van de mogelijkheden."), field) or _(
            "Kies een van de mogelijkheden."
        )
    return _named(_("Vul “%(label)s” in."), field) or _("Vul dit veld in.")


def _rule_messages(field: forms.Field) -> dict[str, Any]:
    """Django's generic messages ("Dit veld is verplicht.", "Voer een geldige datum in.") as
    instructions that state what to do, per kind of field."""
    rules: dict[str, Any] = {"required": _required_message(field)}
    if isinstance(field, forms.DateTimeField):
        rules["invalid"] = _("Vul datum en tijd in als dd-mm-jjjj uu:mm.")
    elif isinstance(field, forms.DateField):
        rules["invalid"] = _("Vul de datum in als dd-mm-jjjj.")
    elif isinstance(field, forms.TimeField):
        rules["invalid"] = _("Vul de tijd in als uu:mm.")
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        rules["invalid"] = _("Vul een getal in, bijvoorbeeld 12,50.")
    elif isinstance(field, forms.IntegerField):
        rules["invalid"] = _("Vul een heel getal in, bijvoorbeeld 3.")
    elif isinstance(field, forms.EmailField):
        rules["invalid"] = _("Vul een e-mailadres in zoals naam@voorbeeld.nl.")
    if isinstance(field, forms.IntegerField):  # also decimals and floats
        rules["min_value"] = _("Vul een getal in van minstens %(limit_value)s.")
        rules["max_value"] = _("Vul een getal in van hoogstens %(limit_value)s.")
        rules["step_size"] = _("Vul een veelvoud van %(limit_value)s in.")
        rules["max_digits"] = _("Vul een getal in van hoogstens %(max)s cijfers.")
        rules["max_decimal_places"] = _("Vul hoogstens %(max)s cijfers achter de komma in.")
        rules["max_whole_digits"] = _("Vul hoogstens %(max)s cijfers vóór de komma in.")
    if isinstance(field, forms.FileField):
        rules["invalid"] = _("Kies het bestand opnieuw en verstuur het formulier nog eens.")
        rules["missing"] = _("Kies het bestand opnieuw en verstuur het formulier nog eens.")
        rules["empty"] = _("Het bestand is leeg; kies een ander bestand.")
        rules["max_length"] = _("Geef het bestand een naam van hoogstens %(max)d tekens.")
        rules["contradiction"] = _("Kies een nieuw bestand óf vink wissen aan, niet allebei.")
    elif isinstance(field, forms.CharField):
        rules["max_length"] = _("Gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d).")
        rules["min_length"] = _("Gebruik minstens %(limit_value)d tekens (nu %(show_value)d).")
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        rules["invalid_choice"] = _named(
            _("Kies bij “%(label)s” een van de mogelijkheden uit de lijst."), field
        ) or _("Kies een van de mogelijkheden uit de lijst.")
        rules["invalid_list"] = _("Kies een of meer mogelijkheden uit de lijst.")
        rules["invalid_pk_value"] = _("Kies een of meer mogelijkheden uit de lijst.")
    return rules


def state_the_rule(field: forms.Field) -> None:
    """Give the field an instruction for every message that is still Django's generic one; a
    message the form names itself (`error_messages=`) stays."""
    generic = {
        key: message
        for cls in reversed(type(field).__mro__)
        for key, message in getattr(cls, "default_error_messages", {}).items()
    }
    for key, message in _rule_messages(field).items():
        current = field.error_messages.get(key)
        if current is None or current is generic.get(key):
            field.error_messages[key] = message


class PlainTextForm:
    """Refuses invisible direction and control characters in every text field of the form (see
    stapteam/platform/text.py), bounds every text field that names no length of its own to
    LONG_TEXT_LENGTH, and gives every field messages that state the rule (`state_the_rule`);
    every form of STAP extends StapForm or StapModelForm."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        form: Any = self
        for field in form.fields.values():
            if type(field) in (forms.CharField, forms.RegexField) and field.max_length is None:
                field.max_length = LONG_TEXT_LENGTH
                field.validators.append(MaxLengthValidator(LONG_TEXT_LENGTH))
                field.widget.attrs.update(field.widget_attrs(field.widget))

    def full_clean(self) -> None:
        form: Any = self
        for field in form.fields.values():  # when validating: with the labels the form settled on
            state_the_rule(field)
        super().full_clean()  # type: ignore[misc]
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
