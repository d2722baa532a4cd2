"""Forms of the trajectory plan: goals, trajectories and ZRM scores."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import DATE, StapForm, StapModelForm, date_field
from stapteam.models import (
    Goal,
    LifeDomain,
    Trajectory,
    ZrmAssessment,
)
from stapteam.models.plans import ZRM_LABELS
from stapteam.platform.date_bounds import HAPPENED


class GoalForm(StapModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Goal
        fields = ["domain", "wish", "actions", "who", "target_date", "status"]
        widgets = {
            "target_date": DATE,
            "wish": forms.Textarea(attrs={"rows": 2}),
            "actions": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "wish": {"required": _("Schrijf op wat zij wil.")},
            "domain": {"required": _("Kies een leefgebied.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The current list, plus the goal's own domain when the list was switched since.
        own = Q(pk=self.instance.domain_id) if self.instance.domain_id else Q(pk__in=[])
        self.fields["domain"].queryset = LifeDomain.objects.filter(  # type: ignore[attr-defined]
            Q(domain_set__is_default=True) | own
        )


class TrajectoryForm(StapModelForm):
    class Meta:
        model = Trajectory
        fields = ["kind", "provider", "started_on", "ended_on", "result"]
        widgets = {"started_on": DATE, "ended_on": DATE}
        error_messages = {
            "kind": {"required": _("Kies een soort traject.")},
            "started_on": {"required": _("Vul de startdatum in.")},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("ended_on")
            and data.get("started_on")
            and data["ended_on"] < data["started_on"]
        ):
            self.add_error("ended_on", _("De einddatum moet op of na de startdatum liggen."))
        return data


class ZrmForm(StapForm):
    """One ZRM assessment: per life domain a score 1-5 or a reason why not, and a target."""

    assessed_on = date_field(
        _("Datum"), HAPPENED, error_messages={"required": _("Kies een datum.")}
    )
    moment = forms.ChoiceField(
        label=_("Moment"),
        choices=ZrmAssessment.Moment.choices,
        error_messages={"required": _("Kies een moment.")},
    )

    def __init__(
        self, *args: Any, domains: list[LifeDomain], has_intake: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.domains = domains
        if has_intake:  # a client has one intake; a later measurement is progress or after
            moment = cast(forms.ChoiceField, self.fields["moment"])
            moment.choices = [
                c for c in ZrmAssessment.Moment.choices if c[0] != ZrmAssessment.Moment.INTAKE
            ]
            moment.error_messages["invalid_choice"] = _(
                "Deze cliënt heeft al een intakemeting: kies Voortgang, Evaluatie of Uitstroom."
            )
        choices = [("", _("Niet gescoord"))] + [
            (str(n), f"{n} – {label}") for n, label in ZRM_LABELS.items()
        ]
        targets = [("", "—")] + [(str(n), str(n)) for n in ZRM_LABELS]
        for d in domains:
            self.fields[f"score_{d.pk}"] = forms.TypedChoiceField(
                label=d.name, choices=choices, coerce=int, empty_value=None, required=False
            )
            self.fields[f"reason_{d.pk}"] = forms.CharField(
                label=_("Reden niet gescoord"), max_length=200, required=False
            )
            self.fields[f"target_{d.pk}"] = forms.TypedChoiceField(
                label=_("Doelscore"), choices=targets, coerce=int, empty_value=None, required=False
            )

    def rows(self) -> list[tuple[LifeDomain, Any, Any, Any]]:
        return [
            (d, self[f"score_{d.pk}"], self[f"reason_{d.pk}"], self[f"target_{d.pk}"])
            for d in self.domains
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for d in self.domains:
            if data.get(f"score_{d.pk}") is None and not data.get(f"reason_{d.pk}", "").strip():
                self.add_error(f"reason_{d.pk}", _("Geef een score of een reden waarom niet."))
        return data

    def scores(self) -> list[tuple[LifeDomain, int | None, str, int | None]]:
        data = self.cleaned_data
        return [
            (d, data[f"score_{d.pk}"], data[f"reason_{d.pk}"], data[f"target_{d.pk}"])
            for d in self.domains
        ]
