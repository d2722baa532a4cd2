"""stapteam's part of the beheer pages: accounts and organisations, the caseload's signals and
norms, network partners, the life domains (to read), the cover of a care subject-access export,
retention terms, and the Django admin for the technical superuser."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from stapteam.models import (
    CaseloadSettings,
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
    register_beheer_kind,
    register_beheer_link,
)


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
            section=TECHNICAL,
            title=_("Django-admin"),
            url_name="admin:index",
            description=_("Alleen voor de technisch beheerder (superuser)."),
            superuser_only=True,
        )
    )
