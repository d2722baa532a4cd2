"""The form to record a care subject-access request (AVG art. 15)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import DATE, StapForm, StapModelForm
from stapteam.models import Client, SubjectAccessRequest, User


class CareAccessRequestForm(StapModelForm):
    client = forms.ModelChoiceField(
        label=_("Cliëntcode"),
        queryset=Client.objects.none(),
        to_field_name="code",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Bijv. STAP-0042."),
        error_messages={
            "invalid_choice": _("Vul de code van een bestaande cliënt in, bijvoorbeeld STAP-0042.")
        },
    )

    class Meta:
        model = SubjectAccessRequest
        fields = ["client", "received_on", "requested_by", "representative"]
        widgets = {"received_on": DATE}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.visible_to(user)  # type: ignore[attr-defined]


class RedactionForm(StapForm):
    """Black out a passage (or the whole text) of one free text in the export."""

    item = forms.CharField(widget=forms.HiddenInput, max_length=250)
    passage = forms.CharField(
        label=_("Passage die wordt weggelakt"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kopieer de passage letterlijk uit de tekst (hoogstens 500 tekens). Leeg: de hele "
            "tekst wordt weggelakt."
        ),
    )
    reason = forms.CharField(
        label=_("Reden"),
        max_length=500,
        help_text=_("Bijv. naam en gegevens van een andere bewoner."),
    )


class ReleaseForm(StapForm):
    """The handler confirms the review before the export is released."""

    confirmed = forms.BooleanField(
        label=_("Ik heb de vrije teksten nagekeken; gegevens van anderen zijn weggelakt."),
        error_messages={
            "required": _(
                "Vink aan dat je de vrije teksten hebt nagekeken; pas dan kan de inzage worden "
                "vrijgegeven."
            )
        },
    )
