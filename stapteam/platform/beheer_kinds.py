"""stapteam's part of the beheer pages: accounts and organisations, the caseload's signals and
norms, network partners, the life domains (to read) and which list is the default, the cover of
a care subject-access export, retention terms and the destruction register, and the Django admin
for the technical superuser."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stapteam.models import (
    CaseloadSettings,
    DomainSet,
    LifeDomain,
    NetworkPartner,
    Organisation,
    RetentionCategory,
)
from stapteam.platform.beheer import (
    ACCOUNTS,
    CARE,
    RETENTION,
    TECHNICAL,
    BeheerKind,
    BeheerLink,
    Label,
    Preview,
    register_beheer_kind,
    register_beheer_link,
)


def default_list_locked(domain_set: DomainSet) -> dict[str, Label]:
    if domain_set.is_default:
        return {
            "is_default": _(
                "Dit is de standaardlijst. Maak een andere lijst de standaard; dan is deze het "
                "niet meer."
            )
        }
    return {}


def default_list_preview(old: DomainSet, new: DomainSet) -> Preview | None:
    """Making a list the default: which list new goals and measurements use from now on."""
    if old.is_default or not new.is_default:
        return None
    current = DomainSet.objects.filter(is_default=True).first()
    domains = list(new.domains.values_list("name", flat=True))
    return Preview(
        "stapteam/beheer_default_domains.html",
        {"new": new, "current": current, "domains": domains},
    )


def stop_other_default(domain_set: DomainSet) -> None:
    """One list is the default (a database constraint): the current one stops being it first,
    with the same reason in its history."""
    if not domain_set.is_default:
        return
    others = DomainSet.objects.select_for_update().filter(is_default=True)
    for other in others.exclude(pk=domain_set.pk):
        other.is_default = False
        other._change_reason = getattr(domain_set, "_change_reason", "")  # type: ignore[attr-defined]
        other.save(update_fields=["is_default"])


def saved_default_list(domain_set: DomainSet) -> str:
    if domain_set.is_default:
        return _("%(name)s is nu de standaardlijst voor nieuwe doelen en metingen.") % {
            "name": domain_set
        }
    return _("%(item)s is opgeslagen.") % {"item": domain_set}


def register() -> None:
    register_beheer_link(
        BeheerLink(
            section=ACCOUNTS,
            title=_("Gebruikers"),
            url_name="stapteam:user_list",
            description=_("Accounts, rollen, blokkades en tweestapsverificatie."),
            permission="stapteam.view_user",
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="organisaties",
            section=ACCOUNTS,
            title=_("Organisaties"),
            description=_("De organisaties waarvoor gebruikers werken."),
            model=Organisation,
            fields=["name", "short_name", "is_active"],
            columns=["name", "short_name", "is_active"],
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="signalen",
            section=CARE,
            title=_("Signalen en normen"),
            description=_("Wanneer STAP een signaal geeft, de reactietermijn en de urennorm."),
            model=CaseloadSettings,
            single=CaseloadSettings.current,
            fields=[
                "no_contact_days",
                "zrm_months",
                "propose_escalation_days",
                "response_working_days",
                "handover_overlap_days",
                "norm_hours_per_week",
            ],
            reason_required=True,
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="netwerkpartners",
            section=CARE,
            title=_("Netwerkpartners"),
            description=_("De keuzelijst bij een contact met een netwerkpartner."),
            model=NetworkPartner,
            fields=["name", "order", "is_active"],
            columns=["name", "order", "is_active"],
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="leefgebieden",
            section=CARE,
            title=_("Leefgebieden"),
            description=_(
                "De leefgebieden van de Zelfredzaamheid-Matrix per lijst; alleen te lezen, een "
                "nieuwe lijst komt met een update van STAP."
            ),
            model=LifeDomain,
            fields=["name"],
            columns=["name", "domain_set", "order", "code"],
            select_related=["domain_set"],
            can_add=False,
            can_delete=False,
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="leefgebiedlijsten",
            section=CARE,
            title=_("Standaardlijst leefgebieden"),
            description=_(
                "Welke lijst leefgebieden STAP gebruikt voor nieuwe doelen en ZRM-metingen."
            ),
            model=DomainSet,
            fields=["is_default"],
            columns=["name", "is_default"],
            can_add=False,
            can_delete=False,
            reason_required=True,
            explanation=_(
                "Nieuwe doelen en ZRM-metingen gebruiken de standaardlijst. Bestaande doelen en "
                "metingen houden de lijst waarmee ze zijn gemaakt, zodat een verloop te "
                "vergelijken blijft. Wissel alleen na overleg in het team."
            ),
            locked=default_list_locked,
            preview=default_list_preview,
            before_save=stop_other_default,
            saved_message=saved_default_list,
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="inzage-zorg",
            section=CARE,
            title=_("Voorblad inzage zorgdossier"),
            description=_(
                "De uitleg en grondslag op de eerste pagina van elke inzage (AVG art. 15)."
            ),
            model=CaseloadSettings,
            single=CaseloadSettings.current,
            fields=["subject_access_text"],
            reason_required=True,
            explanation=_(
                "Deze tekst staat bovenaan elke inzage in het zorgdossier: waarom STAP de "
                "gegevens vastlegt, op welke grondslag, hoe lang ze blijven en waar zij terecht "
                "kan met een klacht. Wijzig hem na overleg met de privacy-functionaris."
            ),
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="bewaartermijnen",
            section=RETENTION,
            title=_("Bewaartermijnen"),
            description=_("Hoe lang STAP elke soort gegevens bewaart nadat de termijn begint."),
            model=RetentionCategory,
            fields=["name", "term_years", "term_weeks", "legal_basis"],
            columns=["name", "term_years", "term_weeks", "action"],
            can_add=False,
            can_delete=False,
            reason_required=True,
            explanation=_(
                "Na de termijn vernietigt of anonimiseert STAP de gegevens (manage.py "
                "apply_retention). Een kortere termijn raakt ook wat al is vastgelegd; zie "
                "docs/privacy.md."
            ),
            shown_beside=["records", "clock", "action"],
        )
    )
    register_beheer_link(
        BeheerLink(
            section=RETENTION,
            title=_("Vernietigingsregister"),
            url_name="stapteam:destruction_register",
            description=_("Wat STAP na de bewaartermijn heeft vernietigd of geanonimiseerd."),
            permission="stapteam.view_destructionrecord",
        )
    )
    register_beheer_link(
        BeheerLink(
            section=TECHNICAL,
            title=_("Django-admin"),
            url_name="admin:index",
            description=_("Alleen voor de technisch beheerder (superuser)."),
            superuser_only=True,
        )
    )
