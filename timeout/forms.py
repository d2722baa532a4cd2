"""Forms of timeout: they validate input; the services in timeout/services.py decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import StapForm, date_field
from stapteam.models import Client, User
from stapteam.platform.date_bounds import HAPPENED, PLANNED
from stapteam.platform.roles import picks_client_by_call_name
from timeout.models import Bed, Stay


class ClientChoiceField(forms.ModelChoiceField):
    """Shows a client as "code · roepnaam" and nothing more."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {obj.call_name}"


class RequestForm(StapForm):
    client = ClientChoiceField(
        label=_("Cliënt"),
        queryset=Client.objects.none(),
        error_messages={
            "required": _("Kies een cliënt."),
            "invalid_choice": _("Kies een cliënt uit de lijst."),
        },
    )
    new_call_name = forms.CharField(
        label=_("Of: nieuwe vrouw, roepnaam"),
        max_length=80,
        required=False,
        help_text=_("Staat zij nog niet in de lijst? Dan wordt zij aangemeld via de Cirkel."),
    )
    reason = forms.CharField(
        label=_("Reden voor de time-out"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Geef de reden voor de time-out."),
            "max_length": _("Houd de reden korter dan %(limit_value)d tekens."),
        },
    )
    wished_start = date_field(_("Gewenste startdatum"), PLANNED)
    expected_days = forms.IntegerField(
        label=_("Verwachte duur (dagen)"),
        min_value=1,
        max_value=60,
        error_messages={
            "required": _("Vul het aantal dagen in."),
            "invalid": _("Vul een heel aantal dagen in."),
            "min_value": _("Vul minstens %(limit_value)s dag in."),
            "max_value": _("Vul hoogstens %(limit_value)s dagen in."),
        },
    )
    # Shown only with the warning that she asks for longer than the year's maximum.
    accept_long = forms.BooleanField(
        label=_("Toch indienen: de coördinator beslist of een langer verblijf kan"),
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["client"]
        if picks_client_by_call_name(user):
            # Only what the choice needs: no file, no other details.
            field.queryset = Client.objects.active().only("pk", "code", "call_name")
            field.label = _("Bestaande cliënt (code · roepnaam)")
            field.required = False
        else:
            field.queryset = Client.objects.visible_to(user).active()
            del self.fields["new_call_name"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "new_call_name" in self.fields:
            new_name = (data.get("new_call_name") or "").strip()
            if data.get("client") and new_name:
                self.add_error(
                    "new_call_name", _("Kies een bestaande cliënt óf vul een roepnaam in.")
                )
            elif not data.get("client") and not new_name and "client" not in self.errors:
                self.add_error("client", _("Kies een cliënt of vul een roepnaam in."))
        return data


class AssessForm(StapForm):
    decision = forms.ChoiceField(
        label=_("Beoordeling"),
        choices=[("approve", _("Goedkeuren")), ("refuse", _("Afwijzen"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies goedkeuren of afwijzen."),
            "invalid_choice": _("Kies goedkeuren of afwijzen."),
        },
    )
    note = forms.CharField(
        label=_("Toelichting"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht bij afwijzen; de aanvrager ziet deze toelichting."),
        error_messages={"max_length": _("Houd de toelichting korter dan %(limit_value)d tekens.")},
    )


class PlacementForm(StapForm):
    bed = forms.ModelChoiceField(
        label=_("Bed"),
        queryset=Bed.objects.none(),
        error_messages={
            "required": _("Kies een bed."),
            "invalid_choice": _("Kies een bed uit de lijst."),
        },
    )
    start = date_field(_("Begindatum"), PLANNED)
    planned_end = date_field(_("Geplande einddatum"), PLANNED)
    override_reason = forms.CharField(
        label=_("Reden om boven het maximum te plaatsen"),
        max_length=300,
        required=False,
        help_text=_("Alleen de coördinator; de reden wordt vastgelegd bij het verblijf."),
        error_messages={"max_length": _("Houd de reden korter dan %(limit_value)d tekens.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bed"].queryset = Bed.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).select_related("location")


class EndStayForm(StapForm):
    actual_end = date_field(_("Werkelijke einddatum"), PLANNED)
    end_kind = forms.ChoiceField(
        label=_("Einde"),
        choices=Stay.EndKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies regulier of voortijdig."),
            "invalid_choice": _("Kies regulier of voortijdig."),
        },
    )
    reason = forms.CharField(
        label=_("Reden"),
        max_length=300,
        required=False,
        help_text=_("Verplicht bij een voortijdig einde."),
        error_messages={"max_length": _("Houd de reden korter dan %(limit_value)d tekens.")},
    )


OVERRIDE_REASON = {
    "label": _("Reden om boven het maximum te plaatsen"),
    "max_length": 300,
    "required": False,
    "help_text": _("Alleen de coördinator; de reden wordt vastgelegd bij het verblijf."),
    "error_messages": {"max_length": _("Houd de reden korter dan %(limit_value)d tekens.")},
}


class ExtendStayForm(StapForm):
    planned_end = date_field(_("Nieuwe geplande einddatum"), PLANNED)
    override_reason = forms.CharField(
        **{  # type: ignore[arg-type]
            **OVERRIDE_REASON,
            "label": _("Reden om langer dan het maximum te verlengen"),
            "help_text": _("Alleen nodig als het verblijf daarmee te lang wordt."),
        }
    )


class PastStayForm(StapForm):
    """A stay that has already happened, registered afterwards by the coordinator."""

    client = ClientChoiceField(
        label=_("Cliënt"),
        queryset=Client.objects.none(),
        error_messages={
            "required": _("Kies een cliënt."),
            "invalid_choice": _("Kies een cliënt uit de lijst."),
        },
    )
    bed = forms.ModelChoiceField(
        label=_("Bed"),
        queryset=Bed.objects.none(),
        error_messages={
            "required": _("Kies een bed."),
            "invalid_choice": _("Kies een bed uit de lijst."),
        },
    )
    start = date_field(_("Begindatum"), HAPPENED)
    end = date_field(_("Einddatum"), HAPPENED)
    reason = forms.CharField(
        label=_("Reden voor de time-out"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Geef de reden voor de time-out."),
            "max_length": _("Houd de reden korter dan %(limit_value)d tekens."),
        },
    )
    afterwards_reason = forms.CharField(
        label=_("Waarom achteraf"),
        max_length=300,
        help_text=_("Bijvoorbeeld: 's avonds geplaatst, de aanvraag kon niet vooraf."),
        error_messages={
            "required": _("Geef de reden waarom je dit verblijf achteraf registreert."),
            "max_length": _("Houd de reden korter dan %(limit_value)d tekens."),
        },
    )
    override_reason = forms.CharField(
        **{  # type: ignore[arg-type]
            **OVERRIDE_REASON,
            "help_text": _(
                "Alleen nodig boven het maximum aantal verblijven of dagen van het jaar."
            ),
        }
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        client: Any = self.fields["client"]
        # A past stay may belong to a file closed since: every client she may see.
        client.queryset = Client.objects.visible_to(user).only("pk", "code", "call_name")
        bed: Any = self.fields["bed"]
        # A bed taken out of use since may have held the stay.
        bed.queryset = Bed.objects.select_related("location")
