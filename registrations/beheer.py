"""Registrations on the beheer pages: the regime and the day-pass cap, the pass-number masks,
the letter settings (one settings row in three parts) and the refusal grounds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from registrations.models import LetterTemplate, RefusalGround, RegistrationSettings
from stapteam.platform.beheer import REGISTRATIONS, BeheerKind, register_beheer_kind

REGIME_EXPLANATION = _(
    "Registratie op naam: alleen een vrouw met een registratie (pas) mag op de tippelzone "
    "werken. Het secretariaat besluit op haar aanvraag volgens de Algemene wet bestuursrecht: "
    "binnen de beslistermijn, ten hoogste 8 weken (art. 4:13), eenmaal te verdagen (art. 4:14); "
    "tegen het besluit staat bezwaar open binnen 6 weken (art. 6:7). De zorgvoorwaarde is dat "
    "zij al een tijd bekend is in de Nijmeegse zorg.\n"
    "Anonieme dagpassen: bij de ingang krijgt zij een dagpas zonder naam, tot het maximum per "
    "dag. De registratie op naam is onder de AVG aangevochten; leg bij een wissel vast op welke "
    "bepaling of uitspraak het gekozen regime rust (juridische grondslag en sinds wanneer). "
    "Wisselen bewaart alle gegevens van beide regimes."
)


def register() -> None:
    current = RegistrationSettings.current
    register_beheer_kind(
        BeheerKind(
            slug="regime",
            section=REGISTRATIONS,
            title=_("Regime en dagpassen"),
            description=_(
                "Registratie op naam of anonieme dagpassen, het maximum per dag en de termijnen."
            ),
            model=RegistrationSettings,
            single=current,
            fields=[
                "regime",
                "day_pass_cap",
                "legal_basis",
                "legal_basis_date",
                "care_period_months",
                "decision_term_weeks",
                "expiry_warning_weeks",
            ],
            reason_required=True,
            explanation=REGIME_EXPLANATION,
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="pasnummers",
            section=REGISTRATIONS,
            title=_("Pasnummers"),
            description=_("Het patroon van nieuwe pasnummers, voor registraties en dagpassen."),
            model=RegistrationSettings,
            single=current,
            fields=["pass_number_mask", "day_pass_number_mask"],
            explanation=_(
                "Een nieuw pasnummer moet het patroon volgen; het secretariaat krijgt anders een "
                "melding met een voorbeeld. Bestaande pasnummers blijven geldig."
            ),
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="brieven",
            section=REGISTRATIONS,
            title=_("Brieven"),
            description=_(
                "Bestuursorgaan, adressen, grondslag en ondertekening zoals de brieven ze noemen."
            ),
            model=RegistrationSettings,
            single=current,
            fields=[
                "decision_body",
                "letterhead",
                "letter_address",
                "letter_legal_basis",
                "objection_address",
                "court_address",
                "signatory",
            ],
            explanation=_(
                "De brieven noemen wie besluit, vanaf welk adres en op welke grondslag, waar zij "
                "bezwaar maakt en bij welke rechtbank zij een voorlopige voorziening vraagt, en "
                "wie namens het bestuursorgaan tekent. Zolang een van deze (behalve het "
                "briefhoofd) leeg is, maakt STAP geen brief. Hiernaast de grondslag van het "
                "regime, ter vergelijking."
            ),
            shown_beside=["legal_basis", "legal_basis_date"],
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="briefsjablonen",
            section=REGISTRATIONS,
            title=_("Briefsjablonen"),
            description=_("Eigen Word-sjablonen voor de brieven, één per soort brief."),
            model=LetterTemplate,
            fields=["kind", "file", "is_active"],
            columns=["kind", "file", "is_active", "updated_at"],
            can_delete=False,  # the history keeps which template a letter was made with
            explanation=_(
                "Upload een .docx met plaatshouders (zie de handleiding van het secretariaat). "
                "Een nieuw bestand vervangt het oude; zet In gebruik uit om weer het "
                "standaardsjabloon van STAP te gebruiken."
            ),
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="inzage-registratie",
            section=REGISTRATIONS,
            title=_("Voorblad inzage registratie"),
            description=_(
                "De uitleg en grondslag op de eerste pagina van elke inzage (AVG art. 15)."
            ),
            model=RegistrationSettings,
            single=current,
            fields=["subject_access_text"],
            reason_required=True,
            explanation=_(
                "Deze tekst staat bovenaan elke inzage in de registratie: waarom de gemeente de "
                "gegevens vastlegt, op welke grondslag en waar zij terecht kan met een klacht."
            ),
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="weigeringsgronden",
            section=REGISTRATIONS,
            title=_("Weigeringsgronden"),
            description=_("De gronden waaruit het secretariaat kiest bij een weigering."),
            model=RefusalGround,
            fields=["name", "is_active"],
            columns=["name", "is_active"],
        )
    )
