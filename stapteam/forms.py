"""Forms of stapteam: they validate input; services decide."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.models import (
    Client,
    Contact,
    Goal,
    LifeDomain,
    NetworkPartner,
    Organisation,
    Trajectory,
    User,
    ZrmAssessment,
)
from stapteam.models.plans import ZRM_LABELS
from stapteam.roles import GROUP_NAMES, Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Gebruikersnaam of wachtwoord klopt niet."),
        "inactive": _("Dit account is niet actief. Neem contact op met de functioneel beheerder."),
    }


class AccountForm(forms.Form):
    """The beheerder's change to an account: organisation, roles and whether it is active."""

    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.filter(is_active=True),
        error_messages={"required": _("Kies een organisatie.")},
    )
    roles = forms.MultipleChoiceField(
        label=_("Rollen"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één rol.")},
    )
    is_active = forms.BooleanField(
        label=_("Account actief"),
        required=False,
        help_text=_("Een inactief account kan niet meer inloggen; de historie blijft bewaard."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].error_messages["invalid_choice"] = _("Onbekende rol.")
        self.fields["organisation"].error_messages["invalid_choice"] = _("Onbekende organisatie.")


# --- Caseload ------------------------------------------------------------------------------------

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Dates before this are typing mistakes (and far-off years break date arithmetic).
EARLIEST_YEAR = 2000


def refuse_odd_dates(form: forms.BaseForm, data: dict[str, Any], *names: str) -> None:
    for name in names:
        value = data.get(name)
        if value and not EARLIEST_YEAR <= value.year <= timezone.localdate().year + 10:
            form.add_error(name, _("Vul een datum tussen 2000 en over tien jaar in."))


class ClientForm(forms.ModelForm):
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
            self.add_error("origin_region", _("Uit welke regio komt zij?"))
        if data.get("consent_withdrawn_on") and not data.get("consent_on"):
            self.add_error("consent_withdrawn_on", _("Intrekken kan pas na toestemming."))
        born = data.get("date_of_birth")
        if born and not 1900 <= born.year <= timezone.localdate().year:
            self.add_error("date_of_birth", _("Vul een geldige geboortedatum in."))
        refuse_odd_dates(self, data, "consent_on", "consent_withdrawn_on")
        return data


class AssignForm(forms.Form):
    casemanager = forms.ModelChoiceField(
        label=_("Casemanager"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Kies een casemanager."),
            "invalid_choice": _("Kies een casemanager uit de lijst."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["casemanager"].queryset = casemanagers()  # type: ignore[attr-defined]


class ReassignForm(AssignForm):
    overlap_until = forms.DateField(
        label=_("Overlap tot en met"),
        widget=DATE,
        help_text=_("Tot deze datum hebben oude en nieuwe casemanager allebei toegang."),
        error_messages={
            "required": _("Kies het einde van de overlap."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    note = forms.CharField(
        label=_("Overdrachtsnotitie"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Schrijf een overdrachtsnotitie.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_odd_dates(self, data, "overlap_until")
        return data


class AccessReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        max_length=300,
        help_text=_("Bijv. waarneming voor een collega. De reden wordt vastgelegd."),
        error_messages={"required": _("Geef een reden op.")},
    )


class CloseForm(forms.Form):
    closed_on = forms.DateField(
        label=_("Afgesloten op"), widget=DATE, error_messages={"required": _("Kies een datum.")}
    )
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=Client.Outcome.choices,
        error_messages={"required": _("Kies een uitkomst.")},
    )
    outcome_region = forms.CharField(
        label=_("Naar regio"),
        max_length=80,
        required=False,
        help_text=_("Alleen bij overdracht naar andere regio."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_odd_dates(self, data, "closed_on")
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden voor heropenen"),
        max_length=300,
        error_messages={"required": _("Geef een reden op.")},
    )


class ContactForm(forms.ModelForm):
    client = forms.ModelChoiceField(
        label=_("Cliënt"),
        queryset=Client.objects.none(),
        error_messages={
            "required": _("Kies een cliënt."),
            "invalid_choice": _("Kies een cliënt uit de lijst."),
        },
    )

    class Meta:
        model = Contact
        fields = [
            "client",
            "occurred_at",
            "kind",
            "minutes",
            "time_type",
            "no_show",
            "partner",
            "note",
        ]
        widgets = {
            "occurred_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "kind": forms.RadioSelect,
            "time_type": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "minutes": {"max_value": _("Hooguit 720 minuten."), "invalid": _("Vul minuten in.")},
            "occurred_at": {"invalid": _("Vul een geldige datum en tijd in.")},
        }

    def __init__(self, *args: Any, clients: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]
        self.fields["partner"].queryset = NetworkPartner.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["minutes"].widget.attrs.update(
            {"inputmode": "numeric", "step": 5, "min": 0, "max": 720}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        when = data.get("occurred_at")
        if when and when > timezone.now() + datetime.timedelta(minutes=5):
            self.add_error("occurred_at", _("Een contact ligt niet in de toekomst."))
        if when and when.year < EARLIEST_YEAR:
            self.add_error("occurred_at", _("Vul een datum na 2000 in."))
        if data.get("kind") == Contact.Kind.NETWORK and not data.get("partner"):
            self.add_error("partner", _("Met welke netwerkpartner?"))
        return data


class GoalForm(forms.ModelForm):
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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_odd_dates(self, data, "target_date")
        return data


class TrajectoryForm(forms.ModelForm):
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
            self.add_error("ended_on", _("Het einde ligt na de start."))
        return data


class PeerLinkForm(forms.Form):
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


def casemanagers() -> Any:
    return User.objects.filter(
        is_active=True, groups__name=GROUP_NAMES[Role.CASEMANAGER]
    ).select_related("organisation")


class TeamFilterForm(forms.Form):
    """Filters of the team overview; every field optional, bad values are ignored."""

    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("Alle"),
    )
    casemanager = forms.ModelChoiceField(
        label=_("Casemanager"), queryset=User.objects.none(), required=False, empty_label=_("Alle")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), *list(Client.Status.choices)], required=False
    )
    category = forms.ChoiceField(
        label=_("Categorie"),
        required=False,
        choices=[
            ("", _("Alle")),
            ("nijmegen", _("Herkomst Nijmegen")),
            ("mo_region", _("Herkomst MO-regio")),
            ("elsewhere", _("Herkomst elders")),
            ("addiction", _("Verslaving")),
            ("protected_housing", _("Beschermd Wonen")),
            ("zone_pass", _("Tippelzonepas")),
            ("cirkel", _("Bekend bij de Cirkel")),
        ],
    )
    signal = forms.ChoiceField(label=_("Signaal"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from stapteam.stagnation import SIGNAL_CHOICES

        super().__init__(*args, **kwargs)
        self.fields["casemanager"].queryset = casemanagers()  # type: ignore[attr-defined]
        self.fields["signal"].choices = [("", _("Alle")), *SIGNAL_CHOICES]  # type: ignore[attr-defined]


class ZrmForm(forms.Form):
    """One ZRM assessment: per life domain a score 1-5 or a reason why not, and a target."""

    assessed_on = forms.DateField(
        label=_("Datum"), widget=DATE, error_messages={"required": _("Kies een datum.")}
    )
    moment = forms.ChoiceField(
        label=_("Moment"),
        choices=ZrmAssessment.Moment.choices,
        error_messages={"required": _("Kies een moment.")},
    )

    def __init__(self, *args: Any, domains: list[LifeDomain], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domains = domains
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
        refuse_odd_dates(self, data, "assessed_on")
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
