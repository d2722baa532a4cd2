"""Forms of the login steps: the code from the authenticator app, and confirming one's identity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import StapForm

CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
)


class CodeForm(StapForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=CODE_WIDGET,
        help_text=_("De 6 cijfers uit je authenticator-app, of een van je herstelcodes."),
        error_messages={"required": _("Vul de code in.")},
    )


class EnrolForm(StapForm):
    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=32,
        widget=CODE_WIDGET,
        help_text=_("De 6 cijfers die de app nu laat zien."),
        error_messages={"required": _("Vul de code in.")},
    )


class ReauthenticateForm(StapForm):
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        error_messages={"required": _("Vul je wachtwoord in.")},
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("De 6 cijfers uit je authenticator-app, of een van je herstelcodes."),
        error_messages={"required": _("Vul de code in.")},
    )

    def __init__(self, *args: Any, needs_code: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_code:  # demo accounts in demo mode have no second factor
            del self.fields["code"]


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Gebruikersnaam of wachtwoord klopt niet."),
        "inactive": _("Dit account is niet actief. Neem contact op met de functioneel beheerder."),
    }
