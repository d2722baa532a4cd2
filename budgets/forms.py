"""Forms of budgets: they validate input; services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from budgets.models import Budget, Category
from stapteam.forms.fields import StapForm, date_field
from stapteam.models import Client
from stapteam.platform.date_bounds import HAPPENED

MAX_RECEIPT_BYTES = 10 * 1024 * 1024
# HEIC photos (iPhones) name one of these brands after "ftyp".
HEIC_BRANDS = (b"heic", b"heix", b"mif1", b"msf1", b"hevc")


def amount_field(label: str | Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("10000.00"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": _("Vul een bedrag in."),
            "invalid": _("Vul een bedrag in, bijvoorbeeld 12,50."),
            "min_value": _("Vul een bedrag in groter dan nul."),
            "max_value": _("Boek hoogstens € 10.000 per keer."),
            "max_decimal_places": _("Vul hoogstens twee cijfers achter de komma in."),
            "max_digits": _("Boek hoogstens € 10.000 per keer."),
            "max_whole_digits": _("Boek hoogstens € 10.000 per keer."),
        },
    )


def receipt_suffix(head: bytes) -> str | None:
    """The file type of a receipt from its first bytes (never from its name), or None."""
    for signature, suffix in (
        (b"\xff\xd8\xff", "jpg"),
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"%PDF-", "pdf"),
    ):
        if head.startswith(signature):
            return suffix
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in HEIC_BRANDS:
        return "heic"
    return None


class ExpenseForm(StapForm):
    budget = forms.ModelChoiceField(
        label=_("Budget"),
        queryset=Budget.objects.none(),
        empty_label=None,
        error_messages={"required": _("Kies een budget."), "invalid_choice": _("Kies een budget.")},
    )
    amount = amount_field(_("Bedrag (€)"))
    category = forms.ChoiceField(
        label=_("Waarvoor"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies waarvoor."), "invalid_choice": _("Kies waarvoor.")},
    )
    client = forms.ModelChoiceField(
        label=_("Voor wie"),
        queryset=Client.objects.none(),
        error_messages={
            "required": _("Kies een cliënt."),
            "invalid_choice": _("Kies een cliënt uit de lijst."),
        },
    )
    booked_on = date_field(_("Datum"), HAPPENED)
    receipt = forms.FileField(
        label=_("Bon (foto of pdf)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
        help_text=_("Maak een foto van de bon, of kies een pdf. Hooguit 10 MB."),
        error_messages={"empty": _("Het bestand is leeg; kies een ander bestand.")},
    )
    description = forms.CharField(
        label=_("Omschrijving (zonder namen)"), max_length=300, required=False
    )

    def __init__(self, *args: Any, budgets: Any, clients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = budgets  # type: ignore[attr-defined]
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]

    def clean_receipt(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("receipt")
        if not upload:
            return None
        if (upload.size or 0) > MAX_RECEIPT_BYTES:
            raise forms.ValidationError(_("Kies een bon van hoogstens 10 MB."))
        head = upload.read(16)
        upload.seek(0)
        suffix = receipt_suffix(head)
        if suffix is None:
            raise forms.ValidationError(_("Kies een foto (jpg, png, heic, webp) of een pdf."))
        # The name a phone gives may hold a name or a place: only the detected type is kept.
        upload.name = f"bon.{suffix}"
        return upload


class GrantForm(StapForm):
    amount = amount_field(_("Bedrag (€)"))
    booked_on = date_field(_("Datum"), HAPPENED)
    description = forms.CharField(
        label=_("Omschrijving"),
        max_length=300,
        error_messages={"required": _("Vul een omschrijving in, bijvoorbeeld de beschikking.")},
    )


class ReasonForm(StapForm):
    reason = forms.CharField(
        label=_("Reden"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef een reden op.")},
    )


class RefuseForm(StapForm):
    note = forms.CharField(
        label=_("Reden van afwijzen"),
        max_length=300,
        error_messages={"required": _("Geef een reden bij afwijzen.")},
    )
