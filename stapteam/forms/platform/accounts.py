"""Forms of account management: the beheerder's change to an account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import StapForm
from stapteam.models import (
    Organisation,
)
from stapteam.platform.roles import Role


class AccountForm(StapForm):
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
        self.fields["roles"].error_messages["invalid_choice"] = _("Kies een rol uit de lijst.")
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "Kies een organisatie uit de lijst."
        )


class AddressForm(StapForm):
    """A network address the beheerder unblocks."""

    address = forms.GenericIPAddressField(label=_("Netwerkadres"))
