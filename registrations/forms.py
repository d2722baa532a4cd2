"""Forms of registrations: they validate input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.models import (
    Advice,
    Decision,
    Objection,
    Person,
    RefusalGround,
    Registration,
    RegistrationRequest,
    SubjectAccessRequest,
    TermSuspension,
)
from registrations.models.settings import fill_pass_number_mask, refuse_off_mask
from stapteam.forms.fields import (
    DATE,
    DATE_ERRORS,
    StapForm,
    StapModelForm,
    date_field,
    refuse_long_period,
)
from stapteam.models import Client
from stapteam.platform.date_bounds import BIRTH_DATE, HAPPENED, PLANNED


def show_mask(field: forms.Field, mask: str) -> None:
    """The beheerder's pass-number mask as the field's help ("Patroon: TZ-####, bijv. TZ-0042")."""
    if mask:
        field.help_text = _("Patroon: %(mask)s, bijvoorbeeld %(example)s.") % {
            "mask": mask,
            "example": fill_pass_number_mask(mask, 42),
        }


class MailUploadForm(StapForm):
    file = forms.FileField(
        label=_("E-mailbestand (.eml of .msg)"),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg; kies een ander bestand."),
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".eml") or name.endswith(".msg")):
            raise forms.ValidationError(_("Kies een .eml- of .msg-bestand."))
        if upload.size > 30 * 1024 * 1024:
            raise forms.ValidationError(_("Kies een bestand van hoogstens 30 MB."))
        return upload


class RequestForm(StapForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=RegistrationRequest.Kind.choices)
    received_on = date_field(_("Ontvangen op"), HAPPENED)
    channel = forms.ChoiceField(label=_("Kanaal"), choices=RegistrationRequest.Channel.choices)
    submitted_by = forms.ChoiceField(
        label=_("Ingediend door"),
        choices=RegistrationRequest.SubmittedBy.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    representative = forms.CharField(
        label=_("Gemachtigde"),
        max_length=300,
        required=False,
        help_text=_("Wie namens haar schrijft, met e-mailadres."),
    )
    name = forms.CharField(label=_("Naam"), max_length=160, required=False)
    call_name = forms.CharField(label=_("Roepnaam"), max_length=80, required=False)
    date_of_birth = date_field(_("Geboortedatum"), BIRTH_DATE, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,  # the column's width (a form's EmailField allows 320)
        required=False,
        error_messages={"invalid": _("Vul een e-mailadres in zoals naam@voorbeeld.nl.")},
    )
    phone = forms.CharField(label=_("Telefoon"), max_length=30, required=False)
    address = forms.CharField(label=_("Adres"), max_length=250, required=False)
    consent_on = date_field(
        _("Uitdrukkelijke toestemming gegeven op"),
        HAPPENED,
        required=False,
        help_text=_("Apart en intrekbaar; nodig bij registratie op naam."),
    )
    wished_start = date_field(_("Gewenste ingangsdatum"), PLANNED, required=False)
    existing_person = forms.ModelChoiceField(
        label=_("Of: bestaande persoon"), queryset=Person.objects.all(), required=False
    )
    summary = forms.CharField(
        label=_("Samenvatting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        needs_person = kind and kind != RegistrationRequest.Kind.QUESTION
        if needs_person and not data.get("name") and not data.get("existing_person"):
            self.add_error("name", _("Vul de naam in of kies een bestaande persoon."))
        if not data.get("submitted_by"):
            data["submitted_by"] = RegistrationRequest.SubmittedBy.HERSELF
        representative = data.get("submitted_by") == RegistrationRequest.SubmittedBy.REPRESENTATIVE
        if representative and not (data.get("representative") or "").strip():
            self.add_error("representative", _("Vul de naam van de gemachtigde in."))
        if not representative:
            data["representative"] = ""
        return data

    def mark_from_mail(self, from_mail: dict[str, str]) -> None:
        """Each field filled in from the mail says so, and where: the secretariat checks it."""
        for name, where in from_mail.items():
            form_field = self.fields[name]
            form_field.help_text = _("Uit de e-mail (%(where)s); controleer.") % {"where": where}
            classes = form_field.widget.attrs.get("class", "")
            form_field.widget.attrs["class"] = f"{classes} from-mail".strip()

    def person_fields(self) -> dict[str, Any]:
        names = ["name", "call_name", "date_of_birth", "email", "phone", "address", "consent_on"]
        return {n: self.cleaned_data[n] for n in names if self.cleaned_data.get(n) is not None}


class LinkMailForm(StapForm):
    request = forms.ModelChoiceField(
        label=_("Aanvraag"),
        queryset=RegistrationRequest.objects.none(),
        error_messages={"required": _("Kies een aanvraag.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = (  # type: ignore[attr-defined]
            RegistrationRequest.objects.exclude(status__in=["notified", "handled"])
            .select_related("person")
            .order_by("-received_on")
        )
        self.fields["request"].label_from_instance = lambda r: (  # type: ignore[attr-defined]
            f"{r.person or '—'} · {r.get_kind_display()} · {r.received_on:%d-%m-%Y}"
        )


class DismissMailForm(StapForm):
    reason = forms.CharField(
        label=_("Reden niet relevant"),
        max_length=300,
        error_messages={"required": _("Geef een reden op.")},
    )


class ExtendForm(StapForm):
    weeks = forms.IntegerField(label=_("Verdagen met (weken)"), min_value=1, max_value=8)
    notice_on = date_field(_("Mededeling verzonden op"), HAPPENED)


class SuspendForm(StapForm):
    """A suspension under Awb 4:15 lid 2, with its period; one for completing the application
    starts with the letter "Verzoek om aanvulling" instead."""

    reason = forms.ChoiceField(
        label=_("Reden"),
        choices=[
            (value, label)
            for value, label in TermSuspension.Reason.choices
            if value != TermSuspension.Reason.COMPLETION
        ],
        widget=forms.RadioSelect,
    )
    starts_on = date_field(_("Opgeschort vanaf"), HAPPENED)
    ends_on = date_field(_("Tot"), PLANNED, help_text=_("De dag waarop de termijn weer loopt."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end <= start:
            self.add_error("ends_on", _("De einddatum moet na de begindatum liggen."))
        return data


class AdviceForm(StapForm):
    answer = forms.ChoiceField(
        label=_("Advies"), choices=Advice.Answer.choices, widget=forms.RadioSelect
    )
    known_since = date_field(_("Bekend in de zorg sinds"), HAPPENED, required=False)
    motivation = forms.CharField(
        label=_("Korte motivering"),
        max_length=500,
        required=False,
        help_text=_("Geen zorginhoud: die gaat niet naar de gemeente."),
    )
    client = forms.ModelChoiceField(
        label=_("Koppelen aan dossier (alleen zichtbaar voor jou)"),
        queryset=Client.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.order_by("call_name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == Advice.Answer.YES and not data.get("known_since"):
            self.add_error("known_since", _("Vul in sinds wanneer zij bekend is in de zorg."))
        return data


class DecisionForm(StapForm):
    outcome = forms.ChoiceField(
        label=_("Besluit"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    decided_on = date_field(_("Besluitdatum"), HAPPENED)
    pass_number = forms.CharField(label=_("Pasnummer"), max_length=20, required=False)
    valid_from = date_field(_("Geldig vanaf"), PLANNED, required=False)
    valid_until = date_field(_("Geldig tot en met"), PLANNED, required=False)
    conditions = forms.CharField(
        label=_("Voorwaarden"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    grounds = forms.ModelMultipleChoiceField(
        label=_("Weigeringsgronden"),
        queryset=RefusalGround.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grounds_text = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )

    def __init__(self, *args: Any, pass_number_mask: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pass_number_mask = pass_number_mask
        show_mask(self.fields["pass_number"], pass_number_mask)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Decision.Outcome.GRANTED:
            for name in ("pass_number", "valid_from", "valid_until"):
                if not data.get(name):
                    self.add_error(name, _("Vul dit in; bij verlenen is het verplicht."))
            if data.get("pass_number"):
                try:
                    refuse_off_mask(self.pass_number_mask, data["pass_number"].strip())
                except forms.ValidationError as error:
                    self.add_error("pass_number", error)
        refuse_long_period(self, data, "valid_from", "valid_until")
        refused = data.get("outcome") == Decision.Outcome.REFUSED
        if refused and not data.get("grounds") and not data.get("grounds_text"):
            self.add_error("grounds", _("Geef de gronden voor de weigering."))
        return data


class AnswerForm(StapForm):
    answer = forms.CharField(
        label=_("Gegeven antwoord"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Vul het gegeven antwoord in.")},
    )
    answered_to = forms.CharField(
        label=_("Aan wie"),
        max_length=300,
        error_messages={"required": _("Vul in aan wie het antwoord is gegeven.")},
        help_text=_("Bijvoorbeeld zijzelf of haar hulpverlener, met e-mailadres."),
    )
    answered_on = date_field(_("Beantwoord op"), HAPPENED)


class NotifyForm(StapForm):
    """ "Verzonden op": the dispatch of the decision letter, with her edited letter if any."""

    notified_on = date_field(
        _("Verzonden op"),
        HAPPENED,
        help_text=_("De bezwaartermijn loopt vanaf de dag na verzending (Awb 6:8)."),
    )
    edited = forms.FileField(
        label=_("Aangepaste brief (.docx, niet verplicht)"),
        required=False,
        help_text=_(
            "Heeft u de gedownloade brief aangepast? Upload hem hier; anders verstuurt STAP "
            "zijn eigen brief met deze verzenddatum."
        ),
        error_messages={"empty": _("Het bestand is leeg; kies een ander bestand.")},
    )
    confirm = forms.BooleanField(
        label=_("De brief is verzonden. Ik weet dat dit moeilijk terug te draaien is."),
        error_messages={"required": _("Vink aan dat de brief echt verzonden is.")},
    )

    def clean_edited(self) -> bytes | None:
        upload = self.cleaned_data.get("edited")
        if not upload:
            return None
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(_("Kies een Word-document met de extensie .docx."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Kies een brief van hoogstens 5 MB."))
        return bytes(upload.read())


class LetterForm(StapForm):
    """A process letter: made as .docx to check, or sent ("Verzonden op") and filed as PDF."""

    kind = forms.ChoiceField(label=_("Brief"), choices=[])
    sent_on = date_field(
        _("Verzonden op"),
        HAPPENED,
        help_text=_("De datum in de brief; termijnen lopen vanaf de dag na verzending."),
    )
    restore_until = date_field(
        _("Hersteltermijn tot en met"),
        PLANNED,
        required=False,
        help_text=_("Alleen bij een verzoek om aanvulling; meestal twee weken."),
    )
    weeks = forms.IntegerField(
        label=_("Verdagen met (weken)"),
        min_value=1,
        max_value=8,
        required=False,
        help_text=_("Alleen bij een verdaging (Awb 4:14)."),
        error_messages={
            "min_value": _("Verdaag met ten minste 1 week."),
            "max_value": _("Verdaag met hoogstens 8 weken."),
        },
    )
    hearing_on = date_field(
        _("Datum van de hoorzitting"),
        PLANNED,
        required=False,
        help_text=_("Alleen bij een uitnodiging voor de hoorzitting."),
    )
    hearing_time = forms.TimeField(
        label=_("Tijdstip van de hoorzitting"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Vul een tijdstip in als 10:00.")},
    )
    hearing_place = forms.CharField(
        label=_("Plaats van de hoorzitting"),
        max_length=200,
        required=False,
        help_text=_("Het adres en de zaal, zoals het in de brief moet staan."),
    )
    note = forms.CharField(
        label=_("Toelichting in de brief"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Wat zij moet aanvullen, de reden van de verdaging of de redenen van de beslissing "
            "op bezwaar; bij een hoorzitting niet verplicht."
        ),
    )
    edited = forms.FileField(
        label=_("Aangepaste brief (.docx, niet verplicht)"),
        required=False,
        error_messages={"empty": _("Het bestand is leeg; kies een ander bestand.")},
    )
    confirm = forms.BooleanField(
        label=_("De brief is verzonden. Ik weet dat dit moeilijk terug te draaien is."),
        required=False,
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, Any]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # noqa: S101 - for the type checker
        kind.choices = kinds or []

    clean_edited = NotifyForm.clean_edited


class CompletionForm(StapForm):
    completed_on = date_field(
        _("Aangevuld op"),
        HAPPENED,
        help_text=_("Of de laatste dag van de hersteltermijn, als zij niet aanvulde."),
    )


class StopForm(StapForm):
    ended_on = date_field(_("Beëindigd per"), HAPPENED)


class ChangeForm(StapModelForm):
    class Meta:
        model = Person
        fields = ["phone", "email", "address"]


class EndRegistrationForm(StapForm):
    ended_on = date_field(_("Beëindigd op"), HAPPENED)
    reason = forms.ChoiceField(label=_("Reden"), choices=Registration.EndReason.choices)
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)


class ObjectionForm(StapModelForm):
    class Meta:
        model = Objection
        fields = [
            "received_on",
            "submitted_by",
            "representative",
            "grounds",
            "hearing_on",
            "advisory_committee",
            "extension_weeks",
        ]
        widgets = {"received_on": DATE, "hearing_on": DATE}
        error_messages = {
            "grounds": {"required": _("Vul de gronden van het bezwaar in.")},
            "received_on": DATE_ERRORS,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("submitted_by") == Objection.SubmittedBy.REPRESENTATIVE and not data.get(
            "representative"
        ):
            self.add_error("representative", _("Vul in wie de gemachtigde is."))
        if (data.get("extension_weeks") or 0) > 6:
            self.add_error("extension_weeks", _("Verdaag met hoogstens 6 weken (Awb 7:10)."))
        return data


class ObjectionDecisionForm(StapForm):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=Objection.Outcome.choices)
    decided_on = date_field(_("Beslist op"), HAPPENED)


class DayPassForm(StapForm):
    pass_number = forms.CharField(
        label=_("Pasnummer"),
        max_length=20,
        error_messages={"required": _("Vul het pasnummer in.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, mask: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["pass_number"]
        show_mask(field, mask)
        if mask.strip("#"):  # letters or signs to type: the phone's full keyboard
            field.widget.attrs["inputmode"] = "text"
        field.validators.append(lambda number: refuse_off_mask(mask, number.strip()))


class RegisterFilterForm(StapForm):
    """The register: current passes, or the ended ones; looked up by pass number or name."""

    CURRENT, ENDED = "", "beeindigd"

    q = forms.CharField(
        label=_("Zoeken"), required=False, max_length=80, help_text=_("Pasnummer of naam")
    )
    toon = forms.ChoiceField(
        label=_("Toon"),
        required=False,
        choices=[(CURRENT, _("Actuele registraties")), (ENDED, _("Beëindigde registraties"))],
    )


class PeriodForm(StapForm):
    start = date_field(_("Van"), PLANNED, required=False)
    end = date_field(_("Tot en met"), PLANNED, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("De einddatum moet op of na de begindatum liggen."))
        return data


class RegistrationAccessRequestForm(StapModelForm):
    """Record a person's request for access to her registration data (AVG art. 15)."""

    class Meta:
        model = SubjectAccessRequest
        fields = ["person", "received_on", "requested_by", "representative"]
        widgets = {"received_on": DATE}
