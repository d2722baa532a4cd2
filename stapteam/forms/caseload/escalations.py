"""Forms of escalation (opschaling) and procesregie: they validate input; services decide."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.caseload.services import BACK_TO_TEAM
from stapteam.forms.fields import StapForm, StapModelForm, date_field
from stapteam.models import Client, EscalationAction
from stapteam.platform.date_bounds import HAPPENED


class EscalationForm(StapForm):
    """A casemanager's question to procesregie about a case that is stuck."""

    question = forms.CharField(
        label=_("Vraag aan procesregie"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat loopt vast, wat is al geprobeerd en wat vraag je van procesregie?"),
        error_messages={
            "required": _("Schrijf de vraag aan procesregie."),
            "max_length": _("Houd de vraag korter dan %(limit_value)d tekens."),
        },
    )


class EscalationActionForm(StapModelForm):
    """An agreement or action of procesregie, with an owner and a follow-up date."""

    class Meta:
        model = EscalationAction
        fields = ["kind", "description", "owner", "follow_up_on"]
        labels = {
            "kind": _("Soort"),
            "description": _("Omschrijving"),
            "owner": _("Eigenaar"),
            "follow_up_on": _("Vervolgdatum"),
        }
        help_texts = {
            "owner": _("Wie zorgt ervoor: een persoon of organisatie."),
            "follow_up_on": _("Wanneer kijkt procesregie of het gelukt is (mag leeg)."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "kind": {
                "required": _("Kies afspraak of actie."),
                "invalid_choice": _("Kies afspraak of actie."),
            },
            "description": {
                "required": _("Beschrijf de afspraak of actie."),
                "max_length": _("Houd de omschrijving korter dan %(limit_value)d tekens."),
            },
            "owner": {
                "required": _("Vul in wie eigenaar is."),
                "max_length": _("Houd de eigenaar korter dan %(limit_value)d tekens."),
            },
            "follow_up_on": {"invalid": _("Vul de datum in als dd-mm-jjjj.")},
        }

    def clean_follow_up_on(self) -> datetime.date | None:
        follow_up_on: datetime.date | None = self.cleaned_data.get("follow_up_on")
        if follow_up_on is not None and follow_up_on < timezone.localdate():
            raise forms.ValidationError(_("De vervolgdatum mag niet in het verleden liggen."))
        return follow_up_on


class EscalationCloseForm(StapForm):
    """Procesregie closes an escalation with a note on how it ended."""

    closing_note = forms.CharField(
        label=_("Afsluitende notitie"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hoe is de casus weer op gang gekomen, of waarom stopt procesregie?"),
        error_messages={
            "required": _("Schrijf een afsluitende notitie."),
            "max_length": _("Houd de notitie korter dan %(limit_value)d tekens."),
        },
    )


class MonitoringStartForm(StapForm):
    """Procesregie puts a woman who receives no care on monitoring."""

    started_on = date_field(
        _("Op monitoring vanaf"), HAPPENED, error_messages={"required": _("Kies een datum.")}
    )
    reason = forms.CharField(
        label=_("Waarom gaat zij op monitoring?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijv. afspraak uit het casusoverleg. Geen zorginhoud."),
        error_messages={
            "required": _("Schrijf op waarom zij op monitoring gaat."),
            "max_length": _("Houd de reden korter dan %(limit_value)d tekens."),
        },
    )


class MonitoringEndForm(StapForm):
    """Procesregie stops monitoring: back to the STAP-team, or the file closes with an outcome."""

    ended_on = date_field(
        _("Monitoring gestopt op"), HAPPENED, error_messages={"required": _("Kies een datum.")}
    )
    # Nothing preselected: a closure outcome counts in the reports, so she picks it herself.
    next_step = forms.ChoiceField(
        label=_("Hoe gaat het verder?"),
        choices=[(BACK_TO_TEAM, _("Terug in zorg bij het STAP-team"))]
        + [(value, label) for value, label in Client.Outcome.choices if value != "monitoring"],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe het verder gaat.")},
    )
    outcome_region = forms.CharField(
        label=_("Naar regio"),
        max_length=80,
        required=False,
        help_text=_("Alleen bij overdracht naar andere regio."),
    )
    reason = forms.CharField(
        label=_("Waarom stopt de monitoring?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Schrijf op waarom de monitoring stopt."),
            "max_length": _("Houd de reden korter dan %(limit_value)d tekens."),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        region = data.get("outcome_region", "")
        if data.get("next_step") == Client.Outcome.OTHER_REGION and not region.strip():
            self.add_error("outcome_region", _("Vul in naar welke regio zij gaat."))
        return data
