"""The contact form."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import StapModelForm
from stapteam.models import (
    Client,
    Contact,
    NetworkPartner,
)


class ContactForm(StapModelForm):
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
            "minutes": {
                "max_value": _("Vul hoogstens 720 minuten in."),
                "invalid": _("Vul minuten in."),
            },
            "occurred_at": {"invalid": _("Vul datum en tijd in als dd-mm-jjjj uu:mm.")},
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
            self.add_error("occurred_at", _("Een contact mag niet in de toekomst liggen."))
        if data.get("kind") == Contact.Kind.NETWORK and not data.get("partner"):
            self.add_error("partner", _("Kies met welke netwerkpartner het contact was."))
        return data


class ContactCorrectionForm(ContactForm):
    """A correction of her contact: the version she opened, so a correction from another tab
    since then is refused instead of overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
