"""The registration regime and its terms: settings kept by the beheerder, never code."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.date_bounds import PLANNED, floor_constraints
from stapteam.platform.text import LONG_TEXT_LENGTH, length_at_most, refuse_hidden_characters

# A pass-number mask: "#" is a digit, "?" a capital letter, every other character stands as it is.
# "TZ-####" allows TZ-0042; an empty mask allows any plain text.
MASK_DIGIT, MASK_LETTER = "#", "?"
PASS_NUMBER_LENGTH = 20  # the width of the pass-number columns
MASK_HELP = _(
    "# is een cijfer, ? een hoofdletter; andere tekens staan er letterlijk. Bijvoorbeeld TZ-#### "
    "(TZ-0042). Leeg: elk pasnummer. Geldt voor nieuwe pasnummers; bestaande blijven geldig."
)


def validate_pass_number_mask(mask: str) -> None:
    refuse_hidden_characters(mask)
    if mask and MASK_DIGIT not in mask and MASK_LETTER not in mask:
        raise ValidationError(
            _("Gebruik in het patroon minstens één # (cijfer) of ? (hoofdletter)."), code="no_slot"
        )


def fill_pass_number_mask(mask: str, number: int) -> str:
    """The mask with its digits filled from `number` ("TZ-####", 42 → "TZ-0042"), letters A."""
    slots = mask.count(MASK_DIGIT)
    digits = iter(str(number).zfill(slots)[-slots:] if slots else "")
    return "".join(
        next(digits) if ch == MASK_DIGIT else "A" if ch == MASK_LETTER else ch for ch in mask
    )


def pass_number_pattern(mask: str) -> str:
    """The regular expression of a mask, anchored at both ends of the text (\\A, \\Z: the same
    in Python and PostgreSQL, where $ would let a trailing newline through in Python)."""
    slots = (
        "[0-9]" if ch == MASK_DIGIT else "[A-Z]" if ch == MASK_LETTER else re.escape(ch)
        for ch in mask
    )
    return r"\A" + "".join(slots) + r"\Z"


def refuse_off_mask(mask: str, number: str) -> None:
    """A Dutch refusal naming the mask, for a new pass number that does not follow it."""
    if mask and not re.match(pass_number_pattern(mask), number):
        raise ValidationError(
            _("Vul het pasnummer in volgens het patroon %(mask)s, bijvoorbeeld %(example)s.")
            % {"mask": mask, "example": fill_pass_number_mask(mask, 42)},
            code="pass_number_mask",
        )


def _mask_has_a_slot(field: str) -> models.Q:
    return Q(**{field: ""}) | Q(**{f"{field}__contains": "#"}) | Q(**{f"{field}__contains": "?"})


# The cover of a registration subject-access export, until the beheerder writes her own.
SUBJECT_ACCESS_TEXT = (
    "U heeft gevraagd welke gegevens de gemeente Nijmegen over u heeft vastgelegd voor de "
    "registratie voor de tippelzone. Dat is uw recht op inzage (artikel 15 van de Algemene "
    "verordening gegevensbescherming, AVG). De gemeente legt deze gegevens vast om te besluiten "
    "over uw registratie en uw pas; de grondslag is een taak van algemeen belang (AVG artikel 6 "
    "lid 1 onder e) en de regels van de gemeente voor de tippelzone. Gegevens over andere "
    "mensen zijn weggelakt (AVG artikel 15 lid 4). Klopt er iets niet, dan kunt u vragen het te "
    "verbeteren of te verwijderen (AVG artikel 16 en 17). Bent u het niet eens met hoe wij met "
    "uw gegevens omgaan, dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens."
)


class RegistrationSettings(models.Model):
    """One row. Switching the regime keeps all history; both regimes' data stay."""

    class Regime(models.TextChoices):
        NAMED = "named", _("Registratie op naam")
        DAY_PASS = "day_pass", _("Anonieme dagpassen")

    regime = models.CharField(
        _("regime"), max_length=10, choices=Regime.choices, default=Regime.DAY_PASS
    )
    legal_basis = models.TextField(
        _("juridische grondslag"),
        max_length=LONG_TEXT_LENGTH,
        blank=True,
        help_text=_("Bijv. de APV-bepaling of de uitspraak waarop het regime rust."),
    )
    legal_basis_date = models.DateField(
        _("grondslag geldt sinds"), null=True, blank=True, validators=[PLANNED]
    )
    care_period_months = models.PositiveSmallIntegerField(
        _("zorgvoorwaarde: bekend in de Nijmeegse zorg sinds (maanden)"), default=12
    )
    decision_term_weeks = models.PositiveSmallIntegerField(
        _("beslistermijn (weken)"), default=8, help_text=_("Ten hoogste 8 weken (Awb 4:13).")
    )
    day_pass_cap = models.PositiveSmallIntegerField(_("dagpassen per dag"), default=20)
    expiry_warning_weeks = models.PositiveSmallIntegerField(
        _("waarschuwen bij verlopen pas (weken vooraf)"), default=6
    )
    pass_number_mask = models.CharField(
        _("patroon pasnummer (registratie)"),
        max_length=PASS_NUMBER_LENGTH,
        blank=True,
        validators=[validate_pass_number_mask],
        help_text=MASK_HELP,
    )
    day_pass_number_mask = models.CharField(
        _("patroon pasnummer (dagpas)"),
        max_length=PASS_NUMBER_LENGTH,
        blank=True,
        validators=[validate_pass_number_mask],
        help_text=MASK_HELP,
    )
    # What a decision letter says of who decides, from where and on what basis (issue 19 fills
    # the letters with them).
    decision_body = models.CharField(
        _("bestuursorgaan"),
        max_length=200,
        blank=True,
        help_text=_("Wie besluit, zoals de brief het noemt, bijv. de burgemeester van Nijmegen."),
    )
    letter_address = models.TextField(
        _("adres op de brief"),
        max_length=500,
        blank=True,
        help_text=_("Het postadres van de afzender, zoals het boven de brief staat."),
    )
    letter_legal_basis = models.TextField(
        _("grondslag in de brief"),
        max_length=LONG_TEXT_LENGTH,
        blank=True,
        help_text=_("De bepaling waarop het besluit rust, zoals de brief haar noemt."),
    )
    letterhead = models.CharField(
        _("briefhoofd"),
        max_length=200,
        blank=True,
        help_text=_("De eerste regel van elke brief; leeg: het bestuursorgaan."),
    )
    objection_address = models.TextField(
        _("bezwaar richten aan"),
        max_length=500,
        blank=True,
        help_text=_(
            "Aan wie en op welk postadres zij een bezwaarschrift stuurt (Awb 3:45), "
            "bijv. de burgemeester van Nijmegen, Postbus 9105, 6500 HG Nijmegen."
        ),
    )
    court_address = models.TextField(
        _("rechtbank voor een voorlopige voorziening"),
        max_length=500,
        blank=True,
        help_text=_("Naam en postadres van de voorzieningenrechter (Awb 8:81)."),
    )
    signatory = models.CharField(
        _("ondertekenaar namens het bestuursorgaan"),
        max_length=200,
        blank=True,
        help_text=_("Naam en functie van wie de brieven namens het bestuursorgaan tekent."),
    )
    subject_access_text = models.TextField(
        _("inzage: uitleg en grondslag"),
        max_length=10_000,
        default=SUBJECT_ACCESS_TEXT,
        help_text=_("Staat op de eerste pagina van elke inzage (AVG art. 15) in de registratie."),
    )

    history = history_records()

    class Meta:
        verbose_name = _("instellingen registratie")
        verbose_name_plural = _("instellingen registratie")
        constraints = [
            *floor_constraints("registration_settings", PLANNED, "legal_basis_date"),
            models.CheckConstraint(condition=Q(id=1), name="registration_settings_single_row"),
            length_at_most(
                "subject_access_text",
                10_000,
                name="registration_settings_subject_access_text_length",
            ),
            models.CheckConstraint(
                condition=Q(decision_term_weeks__gte=1, decision_term_weeks__lte=8),
                name="decision_term_at_most_8_weeks",
                violation_error_message=_("De beslistermijn is 1 tot en met 8 weken (Awb 4:13)."),
            ),
            models.CheckConstraint(
                condition=Q(day_pass_cap__gte=1),
                name="day_pass_cap_min_1",
                violation_error_message=_("Het aantal dagpassen per dag is ten minste 1."),
            ),
            length_at_most(
                "legal_basis", LONG_TEXT_LENGTH, name="registration_settings_legal_basis_length"
            ),
            models.CheckConstraint(
                condition=_mask_has_a_slot("pass_number_mask"), name="pass_number_mask_has_slot"
            ),
            length_at_most(
                "letter_address", 500, name="registration_settings_letter_address_length"
            ),
            length_at_most(
                "letter_legal_basis",
                LONG_TEXT_LENGTH,
                name="registration_settings_letter_legal_basis_length",
            ),
            length_at_most(
                "objection_address", 500, name="registration_settings_objection_address_length"
            ),
            length_at_most("court_address", 500, name="registration_settings_court_address_length"),
            models.CheckConstraint(
                condition=_mask_has_a_slot("day_pass_number_mask"),
                name="day_pass_number_mask_has_slot",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Instellingen registratie"))

    # What every letter needs before STAP makes it (the letterhead falls back on the body).
    LETTER_FIELDS = (
        "decision_body",
        "letter_address",
        "letter_legal_basis",
        "objection_address",
        "court_address",
        "signatory",
    )

    def missing_letter_settings(self) -> list[str]:
        """The Dutch names of the letter settings still empty, in the order of the form."""
        fields = {field.name: field for field in self._meta.fields}
        return [
            str(fields[name].verbose_name)
            for name in self.LETTER_FIELDS
            if not str(getattr(self, name)).strip()
        ]

    @classmethod
    def current(cls) -> RegistrationSettings:
        obj, _created = cls.objects.get_or_create(id=1)
        return obj
