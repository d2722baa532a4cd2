"""Forms of a client file: the file, assignment, access with a reason, closing, reopening, peers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.caseload.hours import casemanagers_with_load, load_of
from stapteam.caseload.services import check_access_reason
from stapteam.forms.fields import DATE, StapForm, StapModelForm, date_field
from stapteam.models import CaseloadSettings, Client, Goal, User
from stapteam.platform.date_bounds import HAPPENED, PLANNED
from stapteam.platform.formats import hours
from stapteam.platform.roles import GROUP_NAMES, Role


def casemanagers() -> Any:
    return User.objects.filter(
        is_active=True, groups__name=GROUP_NAMES[Role.CASEMANAGER]
    ).select_related("organisation")


class ClientForm(StapModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Client
        fields = [
            "call_name",
            "full_name",
            "date_of_birth",
            "phone",
            "residence",
            "origin",
            "origin_region",
            "addiction",
            "in_protected_housing",
            "has_zone_pass",
            "known_at_cirkel",
            "consent_on",
            "consent_scope",
            "consent_withdrawn_on",
        ]
        widgets = {"date_of_birth": DATE, "consent_on": DATE, "consent_withdrawn_on": DATE}
        error_messages = {
            "call_name": {"required": _("Vul een roepnaam in.")},
            "origin": {"required": _("Kies de herkomst.")},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("origin") == Client.Origin.ELSEWHERE and not data.get("origin_region"):
            self.add_error("origin_region", _("Vul in uit welke regio zij komt."))
        if data.get("consent_withdrawn_on") and not data.get("consent_on"):
            self.add_error(
                "consent_withdrawn_on",
                _("Vul eerst de datum van de toestemming in; intrekken kan pas daarna."),
            )
        return data


class CasemanagerChoiceField(forms.ModelChoiceField):
    """Each casemanager with her load, so the coordinator sees who has room."""

    config: CaseloadSettings | None = None

    def label_from_instance(self, obj: Any) -> str:
        today = timezone.localdate()
        load = load_of(obj, self.config or CaseloadSettings.current(), today)
        organisation = f" ({obj.organisation.short_name})" if obj.organisation else ""
        return _(
            "%(name)s%(organisation)s · %(active)s actief, %(monitoring)s monitoring · "
            "%(hours)s van %(norm)s uur deze maand"
        ) % {
            "name": obj,
            "organisation": organisation,
            "active": load.active,
            "monitoring": load.monitoring,
            "hours": hours(load.minutes),
            "norm": hours(load.norm),
        }


class AssignForm(StapForm):
    casemanager = CasemanagerChoiceField(
        label=_("Casemanager"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Kies een casemanager."),
            "invalid_choice": _("Kies een casemanager uit de lijst."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["casemanager"]
        field.queryset = casemanagers_with_load()  # type: ignore[attr-defined]
        field.config = CaseloadSettings.current()  # type: ignore[attr-defined]


class ReassignForm(AssignForm):
    overlap_until = date_field(
        _("Overlap tot en met"),
        PLANNED,
        help_text=_("Tot deze datum hebben oude en nieuwe casemanager allebei toegang."),
        error_messages={"required": _("Kies het einde van de overlap.")},
    )
    note = forms.CharField(
        label=_("Overdrachtsnotitie"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Schrijf een overdrachtsnotitie.")},
    )


class AccessReasonForm(StapForm):
    reason = forms.CharField(
        label=_("Reden"),
        max_length=300,
        help_text=_(
            "Bijv. waarneming voor een zieke collega. Minstens 20 tekens en 3 woorden; de reden "
            "wordt vastgelegd."
        ),
        error_messages={"required": _("Geef een reden op.")},
    )

    def clean_reason(self) -> str:
        return check_access_reason(self.cleaned_data["reason"])


class CloseForm(StapForm):
    closed_on = date_field(
        _("Afgesloten op"), HAPPENED, error_messages={"required": _("Kies een datum.")}
    )
    # No choice is preselected: the outcome counts in the reports, so she picks it herself.
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=Client.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een uitkomst.")},
    )
    outcome_region = forms.CharField(
        label=_("Naar regio"),
        max_length=80,
        required=False,
        help_text=_("Alleen bij overdracht naar andere regio."),
    )
    reason = forms.CharField(
        label=_("Toelichting (niet verplicht)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        region = data.get("outcome_region", "")
        if data.get("outcome") == Client.Outcome.OTHER_REGION and not region.strip():
            self.add_error("outcome_region", _("Vul in naar welke regio zij gaat."))
        return data


class SettleGoalsForm(StapForm):
    """The confirmation before closing: per open goal, lapse it or keep it open."""

    LAPSE, KEEP = "lapse", "keep"

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=f"{goal.domain}: {goal.wish[:80]}",
                choices=[(self.LAPSE, _("Laten vervallen")), (self.KEEP, _("Open laten"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Kies per doel: laten vervallen of open laten.")},
            )

    def lapsed(self) -> list[int]:
        return [g.pk for g in self.goals if self.cleaned_data[f"goal_{g.pk}"] == self.LAPSE]


class ReopenForm(StapForm):
    reason = forms.CharField(
        label=_("Reden voor heropenen"),
        max_length=300,
        error_messages={"required": _("Geef een reden op.")},
    )


class PeerLinkForm(StapForm):
    peer_worker = forms.ModelChoiceField(
        label=_("Ervaringsdeskundige"),
        queryset=User.objects.none(),
        error_messages={"required": _("Kies een ervaringsdeskundige.")},
    )
    action = forms.ChoiceField(
        label=_("Actie"),
        choices=[("link", _("Koppelen")), ("unlink", _("Koppeling beëindigen"))],
        widget=forms.RadioSelect,
        initial="link",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer_worker"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, groups__name=GROUP_NAMES[Role.PEER_WORKER]
        )
