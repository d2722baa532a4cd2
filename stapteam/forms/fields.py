"""Shared pieces of forms: the base classes every form of STAP extends, the date widget and the
bounds of a plausible date."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.platform.text import HIDDEN_CHARACTER, LONG_TEXT_LENGTH, has_hidden_characters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Dates before this are typing mistakes (and far-off years break date arithmetic).
EARLIEST_YEAR = 2000


def refuse_odd_dates(form: forms.BaseForm, data: dict[str, Any], *names: str) -> None:
    for name in names:
        value = data.get(name)
        if value and not EARLIEST_YEAR <= value.year <= timezone.localdate().year + 10:
            form.add_error(name, _("Vul een datum tussen 2000 en over tien jaar in."))


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
