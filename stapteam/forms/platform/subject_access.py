"""The form to record a care subject-access request (AVG art. 15)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import DATE, StapModelForm
from stapteam.models import Client, SubjectAccessRequest, User


class CareAccessRequestForm(StapModelForm):
    client = forms.ModelChoiceField(
        label=_("Cliëntcode"),
        queryset=Client.objects.none(),
        to_field_name="code",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Bijv. STAP-0042."),
        error_messages={"invalid_choice": _("Geen cliënt met deze code.")},
    )

    class Meta:
        model = SubjectAccessRequest
        fields = ["client", "received_on", "requested_by", "representative"]
        widgets = {"received_on": DATE}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.visible_to(user)  # type: ignore[attr-defined]
