"""The roles of STAP and what each may do: the single statement of the permission matrix.

Each role is a Django group named by its Dutch label. After every `migrate` the groups' permissions
are set to exactly what ROLE_PERMISSIONS says (see `sync_role_groups`), so this module is the only
place to change them. `docs/roles.md` shows the same matrix as a table; a test keeps both in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stapteam.models import Client, User


class Role(models.TextChoices):
    CASEMANAGER = "casemanager", _("Casemanager")
    PEER_WORKER = "peer_worker", _("Ervaringsdeskundige")
    COORDINATOR = "coordinator", _("Coördinator")
    CIRKEL_STAFF = "cirkel_staff", _("Medewerker de Cirkel")
    PROCESS_DIRECTOR = "process_director", _("Procesregisseur")
    SECRETARIAT = "secretariat", _("Secretariaat Veiligheidshuis")
    POLICY_OFFICER = "policy_officer", _("Beleidsmedewerker")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functioneel beheerder")


# Group names are stored data: they stay fixed even if a label's wording changes later.
GROUP_NAMES: dict[Role, str] = {
    Role.CASEMANAGER: "Casemanager",
    Role.PEER_WORKER: "Ervaringsdeskundige",
    Role.COORDINATOR: "Coördinator",
    Role.CIRKEL_STAFF: "Medewerker de Cirkel",
    Role.PROCESS_DIRECTOR: "Procesregisseur",
    Role.SECRETARIAT: "Secretariaat Veiligheidshuis",
    Role.POLICY_OFFICER: "Beleidsmedewerker",
    Role.FUNCTIONAL_ADMIN: "Functioneel beheerder",
}
ROLE_BY_GROUP_NAME: dict[str, Role] = {name: role for role, name in GROUP_NAMES.items()}

# What each role may do, as Django permissions "app_label.codename". Object-level rules (which
# client, which record) live in each model's `visible_to` queryset method, not here.
_CASEWORK = frozenset(
    {
        "stapteam.view_client",
        "stapteam.add_client",
        "stapteam.change_client",
        "stapteam.view_team_list",
        "stapteam.close_client",
        "stapteam.view_contact",
        "stapteam.add_contact",
        "stapteam.change_contact",
        "stapteam.view_goal",
        "stapteam.add_goal",
        "stapteam.change_goal",
        "stapteam.view_zrmassessment",
        "stapteam.add_zrmassessment",
        "stapteam.view_trajectory",
        "stapteam.add_trajectory",
        "stapteam.change_trajectory",
        "stapteam.view_escalation",
        "stapteam.add_escalation",
    }
)

_TIMEOUT_REQUEST = frozenset(
    {
        "timeout.view_timeoutrequest",
        "timeout.add_timeoutrequest",
        "timeout.view_timeout_calendar",
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.CASEMANAGER: _CASEWORK
    | _TIMEOUT_REQUEST
    | {"stapteam.open_with_reason", "budgets.record_expense"},
    Role.PEER_WORKER: frozenset(
        {
            "stapteam.view_client",
            "stapteam.view_contact",
            "stapteam.add_contact",
            "stapteam.change_contact",
            "stapteam.view_goal",
        }
    ),
    Role.COORDINATOR: _CASEWORK
    | _TIMEOUT_REQUEST
    | {
        "stapteam.assign_client",
        "stapteam.reopen_client",
        "stapteam.view_access_log",
        "stapteam.handle_subject_access",
        "registrations.give_advice",
        "timeout.assess_timeout",
        "timeout.view_timeout_overview",
        "budgets.view_budget",
        "budgets.record_expense",
        "budgets.approve_expense",
        "budgets.reverse_entry",
        "budgets.view_spending",
        "budgets.view_budget_report",
        "stapteam.view_reports",
        "stapteam.view_reportsnapshot",
        "stapteam.add_reportsnapshot",
    },
    Role.CIRKEL_STAFF: _TIMEOUT_REQUEST,
    Role.PROCESS_DIRECTOR: frozenset(
        {
            "stapteam.view_client",
            "stapteam.view_escalation",
            "stapteam.handle_escalation",
            "stapteam.view_monitoring",
            "stapteam.manage_monitoring",
            "registrations.view_register",
            "timeout.view_timeoutrequest",
            "stapteam.view_reports",
            "stapteam.view_reportsnapshot",
            "stapteam.add_reportsnapshot",
        }
    ),
    Role.SECRETARIAT: frozenset(
        {
            "registrations.handle_requests",
            "registrations.view_register",
            "registrations.view_registration_counts",
            "registrations.issue_day_pass",
            "registrations.handle_subject_access",
        }
    ),
    Role.POLICY_OFFICER: frozenset(
        {
            "registrations.view_registration_counts",
            "timeout.view_timeout_overview",
            "budgets.view_budget_report",
            "stapteam.view_reports",
        }
    ),
    Role.FUNCTIONAL_ADMIN: frozenset(
        {
            "stapteam.view_user",
            "stapteam.view_access_log",
            "stapteam.add_user",
            "stapteam.change_user",
            "stapteam.view_organisation",
            "stapteam.add_organisation",
            "stapteam.change_organisation",
            "auth.view_group",
            "stapteam.view_caseloadsettings",
            "stapteam.change_caseloadsettings",
            "stapteam.view_networkpartner",
            "stapteam.add_networkpartner",
            "stapteam.change_networkpartner",
            "stapteam.delete_networkpartner",
            "stapteam.delete_organisation",
            "registrations.delete_refusalground",
            "timeout.delete_location",
            "timeout.delete_bed",
            "stapteam.view_domainset",
            "stapteam.change_domainset",
            "registrations.view_registrationsettings",
            "registrations.change_registrationsettings",
            "registrations.view_refusalground",
            "registrations.add_refusalground",
            "registrations.change_refusalground",
            "registrations.view_lettertemplate",
            "timeout.view_yearsettings",
            "timeout.add_yearsettings",
            "timeout.change_yearsettings",
            "timeout.view_location",
            "timeout.add_location",
            "timeout.change_location",
            "timeout.view_bed",
            "timeout.add_bed",
            "timeout.change_bed",
            "registrations.add_lettertemplate",
            "registrations.change_lettertemplate",
            "stapteam.view_lifedomain",
            "budgets.view_budget",
            "budgets.add_budget",
            "budgets.change_budget",
            "budgets.record_grant",
            "budgets.view_subsidyline",
            "budgets.add_subsidyline",
            "budgets.change_subsidyline",
            "stapteam.view_retentioncategory",
            "stapteam.change_retentioncategory",
            "stapteam.view_destructionrecord",
        }
    ),
}


def user_roles(user: User | AnonymousUser) -> frozenset[Role]:
    """The roles of a user, read once per request and kept on the user object."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, "_stap_roles", None)
    if cached is None:
        # groups.all() uses prefetched groups when a list page prefetched them.
        names = {group.name for group in user.groups.all()}
        cached = frozenset(ROLE_BY_GROUP_NAME[n] for n in names if n in ROLE_BY_GROUP_NAME)
        user._stap_roles = cached  # type: ignore[union-attr,attr-defined]
    return cached


def has_role(user: User | AnonymousUser, *roles: Role) -> bool:
    """True when the user has at least one of the given roles."""
    return bool(user_roles(user).intersection(roles))


# --- Rules beyond permissions --------------------------------------------------------------------
# What a role may do that a Django permission cannot say. Views, forms and services ask these
# functions, never has_role; docs/roles.md lists them (`manage.py role_matrix`).


def keeps_own_caseload(user: User | AnonymousUser) -> bool:
    """Casemanagers and the ervaringsdeskundige have a page of their own clients."""
    return has_role(user, Role.CASEMANAGER, Role.PEER_WORKER)


def owns_clients(user: User | AnonymousUser) -> bool:
    """A casemanager owns clients: a client she registers is assigned to her, her caseload shows
    her hours against the norm."""
    return has_role(user, Role.CASEMANAGER)


def sees_team_overview(user: User | AnonymousUser) -> bool:
    """The coordinator sees the team list as an overview with signals and filters."""
    return has_role(user, Role.COORDINATOR)


def picks_client_by_call_name(user: User | AnonymousUser) -> bool:
    """Who cannot open client files (Cirkel staff) picks a woman by code and roepnaam only."""
    return not has_role(user, Role.COORDINATOR, Role.CASEMANAGER)


def reads_names_on_bed_calendar(user: User | AnonymousUser) -> bool:
    """Cirkel staff see the bed calendar without names; others see the roepnaam of their clients."""
    return user.has_perm("stapteam.view_client") and not has_role(user, Role.CIRKEL_STAFF)


def spends_without_approval(user: User | AnonymousUser) -> bool:
    """The coordinator's own expenses above a budget's threshold count at once."""
    return has_role(user, Role.COORDINATOR)


def sees_report_details(user: User | AnonymousUser) -> bool:
    """The coordinator and the procesregisseur see the reports with a row per casemanager and
    every count; policy staff see team totals only, and "< 5" for a breakdown's small counts."""
    return has_role(user, Role.COORDINATOR, Role.PROCESS_DIRECTOR)


RULES = [
    keeps_own_caseload,
    owns_clients,
    sees_team_overview,
    picks_client_by_call_name,
    reads_names_on_bed_calendar,
    spends_without_approval,
    sees_report_details,
]


def sync_role_groups(**kwargs: Any) -> None:
    """Create the role groups and give each exactly the permissions ROLE_PERMISSIONS lists.

    Connected to post_migrate, like Django's own creation of permissions: it runs after every
    `migrate` and after every test-database flush. It acts once, on the signal of the last app,
    when every app's permissions exist.
    """

    # Django sends post_migrate once per app that has models, in INSTALLED_APPS order.
    last_app = [a for a in apps.get_app_configs() if a.models_module is not None][-1]
    if kwargs.get("sender") is not last_app:
        return
    using = kwargs.get("using", "default")
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    found = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    unknown = wanted - found.keys()
    if unknown:
        raise ImproperlyConfigured(f"roles.py names unknown permissions: {sorted(unknown)}")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=GROUP_NAMES[role])
        group.permissions.set([found[p] for p in perms])


def permission_matrix_markdown() -> str:
    """The matrix as a Markdown table (roles as columns) for docs/roles.md."""
    roles = list(Role)
    perms = sorted({p for ps in ROLE_PERMISSIONS.values() for p in ps})
    lines = [
        "| permission | " + " | ".join(str(r.label) for r in roles) + " |",
        "| --- |" + " :-: |" * len(roles),
    ]
    for perm in perms:
        marks = " | ".join("✓" if perm in ROLE_PERMISSIONS[r] else "" for r in roles)
        lines.append(f"| `{perm}` | {marks} |")
    lines += ["", "Rules beyond permissions (functions in `stapteam/platform/roles.py`):", ""]
    for rule in RULES:
        text = " ".join((rule.__doc__ or "").split())
        lines.append(f"- `{rule.__name__}`: {text}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class FileScope:
    """Which parts of a client file a user sees. Contacts are further narrowed by
    Contact.objects.visible_to and Contact.note_visible_to."""

    personal: bool  # full name, date of birth, phone, residence, consent
    contacts: bool
    plan: bool  # goals
    zrm: bool
    trajectories: bool
    escalations: bool
    edit: bool  # change the file, log contacts, plan, score, escalate


def file_scope(user: User, client: Client) -> FileScope:
    if has_role(user, Role.COORDINATOR, Role.CASEMANAGER):
        return FileScope(True, True, True, True, True, True, edit=not client.is_closed)
    if has_role(user, Role.PROCESS_DIRECTOR):
        # Personal details reach procesregie only with her recorded, unwithdrawn consent.
        return FileScope(client.has_consent, True, True, True, True, True, edit=False)
    if has_role(user, Role.PEER_WORKER):
        return FileScope(False, True, True, False, False, False, edit=False)
    return FileScope(False, False, False, False, False, False, edit=False)
