"""Forms of the caseload lists: the coordinator's team filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stapteam.caseload.stagnation import SIGNAL_CHOICES
from stapteam.forms.caseload.clients import casemanagers
from stapteam.forms.fields import StapForm
from stapteam.models import (
    Client,
    Organisation,
    User,
)

# The status choice for every file not closed.
OPEN = "open"


class TeamSearchForm(StapForm):
    """Looking someone up in the team list: client code or roepnaam. Optional; bad input ignored."""

    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=80,
        help_text=_("Cliëntcode of roepnaam"),
    )


class TeamFilterForm(TeamSearchForm):
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
        label=_("Status"),
        choices=[("", _("Alle")), (OPEN, _("Lopend")), *list(Client.Status.choices)],
        required=False,
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
        super().__init__(*args, **kwargs)
        self.fields["casemanager"].queryset = casemanagers()  # type: ignore[attr-defined]
        self.fields["signal"].choices = [("", _("Alle")), *SIGNAL_CHOICES]  # type: ignore[attr-defined]
