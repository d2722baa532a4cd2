"""Forms of account management: the beheerder's new account and change to an account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import StapForm
from stapteam.models import (
    Organisation,
    User,
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


class NewAccountForm(AccountForm):
    """A new account: who she is, organisation and roles, and a first password given twice."""

    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "roles",
        "password1",
        "password2",
    ]

    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Letters, cijfers en @ . + - _; hiermee logt zij in."),
        error_messages={"required": _("Vul een gebruikersnaam in.")},
    )
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mailadres"), max_length=254, required=False)
    password1 = forms.CharField(
        label=_("Eerste wachtwoord"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Minstens 12 tekens, geen veelgebruikt wachtwoord. Geef het persoonlijk door, nooit "
            "per e-mail; bij de eerste keer inloggen stelt zij de tweestapsverificatie in."
        ),
    )
    password2 = forms.CharField(
        label=_("Eerste wachtwoord, nog een keer"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    is_active = None  # type: ignore[assignment]  # a new account is active

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].error_messages["required"] = _("Vul een voornaam in.")
        self.fields["email"].error_messages["invalid"] = _("Vul een geldig e-mailadres in.")
        for name in ("password1", "password2"):
            self.fields[name].error_messages["required"] = _("Vul het eerste wachtwoord in.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif first:
            candidate = User(
                username=data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                for problem in error.error_list:
                    self.add_error("password1", PASSWORD_RULES.get(problem.code or "", problem))
        return data


# The password validators' rules in STAP's words (Django's own Dutch is incomplete).
PASSWORD_RULES = {
    "password_too_short": _("Een wachtwoord heeft minstens 12 tekens."),
    "password_too_common": _("Dit wachtwoord wordt te vaak gebruikt; kies een ander."),
    "password_entirely_numeric": _("Een wachtwoord bestaat niet alleen uit cijfers."),
    "password_too_similar": _("Het wachtwoord lijkt te veel op de naam of het e-mailadres."),
}
