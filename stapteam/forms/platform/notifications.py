"""Her choice of notifications: the kinds she receives and the daily digest mail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import StapForm
from stapteam.models import NotificationSettings, User
from stapteam.platform.notifications import kinds_for


class NotificationSettingsForm(StapForm):
    receive = forms.MultipleChoiceField(
        label=_("Meldingen die je ontvangt"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    daily_digest = forms.BooleanField(
        label=_("Elke ochtend een samenvatting per e-mail (alleen aantallen en links)"),
        required=False,
    )

    def __init__(self, *args: Any, user: User, current: NotificationSettings, **kwargs: Any):
        mine = [k for k in kinds_for(user) if k.can_mute]
        kwargs.setdefault(
            "initial",
            {
                "receive": [k.code for k in mine if k.code not in current.muted_kinds],
                "daily_digest": current.daily_digest,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["receive"].choices = [(k.code, str(k.label)) for k in mine]  # type: ignore[attr-defined]
