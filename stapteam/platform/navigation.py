"""What each user sees in the menu and on the home page, decided by role and permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stapteam.platform.roles import Role, user_roles


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str | None = None  # None: every logged-in user
    staff_only: bool = False
    superuser_only: bool = False
    roles: frozenset[Role] = frozenset()  # empty: any role
    group: str | Promise = ""  # the menu heading it sits under; "" for a link of its own
    also_active: tuple[str, ...] = ()  # pages below it that mark its heading as the current one


@dataclass(frozen=True)
class NavGroup:
    """One entry of the menu bar: a single link, or a heading that opens a list of links."""

    label: str | Promise
    items: list[NavItem]

    @property
    def url_names(self) -> list[str]:
        return [name for item in self.items for name in (item.url_name, *item.also_active)]


@dataclass(frozen=True)
class Card:
    title: str | Promise
    text: str | Promise
    url_name: str | None = None  # None: this part is still being built


CLIENTS = _("Cliënten")
PROCESS = _("Procesregie")
REG = _("Registraties")
TIMEOUT = _("Time-out")
BUDGET = _("Flexbudget")
ADMIN = _("Beheer")

NAV_ITEMS = [
    NavItem(_("Start"), "stapteam:home"),
    NavItem(
        _("Mijn caseload"),
        "stapteam:my_caseload",
        roles=frozenset({Role.CASEMANAGER, Role.PEER_WORKER}),
        group=CLIENTS,
    ),
    NavItem(
        _("Cliënten"), "stapteam:client_list", permission="stapteam.view_team_list", group=CLIENTS
    ),
    # The casemanager's most frequent job keeps a link of its own.
    NavItem(_("Contact vastleggen"), "stapteam:contact_create", permission="stapteam.add_contact"),
    NavItem(
        _("Procesregie"),
        "stapteam:escalation_list",
        permission="stapteam.handle_escalation",
        group=PROCESS,
    ),
    NavItem(
        _("Monitoring"),
        "stapteam:monitoring_list",
        permission="stapteam.view_monitoring",
        group=PROCESS,
    ),
    NavItem(
        _("Registratiepost"),
        "registrations:inbox",
        permission="registrations.handle_requests",
        group=REG,
    ),
    NavItem(
        _("Aanvragen"),
        "registrations:request_list",
        permission="registrations.handle_requests",
        group=REG,
    ),
    NavItem(
        _("Advies registraties"),
        "registrations:advice_list",
        permission="registrations.give_advice",
        group=REG,
    ),
    NavItem(
        _("Register"), "registrations:register", permission="registrations.view_register", group=REG
    ),
    NavItem(
        _("Dagpassen"),
        "registrations:day_passes",
        permission="registrations.issue_day_pass",
        group=REG,
    ),
    NavItem(
        _("Cijfers registraties"),
        "registrations:counts",
        permission="registrations.view_registration_counts",
        group=REG,
    ),
    NavItem(
        _("Time-out"),
        "timeout:request_list",
        permission="timeout.view_timeoutrequest",
        group=TIMEOUT,
    ),
    NavItem(
        _("Bedkalender"),
        "timeout:calendar",
        permission="timeout.view_timeout_calendar",
        group=TIMEOUT,
    ),
    NavItem(
        _("Jaaroverzicht time-out"),
        "timeout:overview",
        permission="timeout.view_timeout_overview",
        group=TIMEOUT,
    ),
    NavItem(
        _("Flexbudget"),
        "budgets:my_entries",
        permission="budgets.record_expense",
        roles=frozenset({Role.CASEMANAGER}),
        group=BUDGET,
    ),
    NavItem(_("Budgetten"), "budgets:budget_list", permission="budgets.view_budget", group=BUDGET),
    NavItem(
        _("Goedkeuren"), "budgets:approval_list", permission="budgets.approve_expense", group=BUDGET
    ),
    NavItem(
        _("Budgetrapportage"),
        "budgets:report",
        permission="budgets.view_budget_report",
        group=BUDGET,
    ),
    NavItem(_("Gebruikers"), "stapteam:user_list", permission="stapteam.view_user", group=ADMIN),
    NavItem(
        _("Toegangslog"),
        "stapteam:access_log_list",
        permission="stapteam.view_access_log",
        group=ADMIN,
    ),
    NavItem(
        _("Inzage met reden"),
        "stapteam:access_log_reasons",
        permission="stapteam.view_access_log",
        group=ADMIN,
    ),
    NavItem(
        _("Inzageverzoeken"),
        "stapteam:subject_access_list",
        permission="stapteam.handle_subject_access",
        group=ADMIN,
    ),
    NavItem(
        _("Inzageverzoeken"),
        "registrations:subject_access_list",
        permission="registrations.handle_subject_access",
        group=ADMIN,
    ),
    NavItem(
        _("Beheer"),
        "stapteam:beheer_index",
        roles=frozenset({Role.FUNCTIONAL_ADMIN}),
        group=ADMIN,
        also_active=tuple(
            f"stapteam:beheer_{page}"
            for page in ("list", "create", "edit", "edit_single", "delete", "history")
        ),
    ),
    # The Django admin is the technical superuser's tool; the beheerder works on STAP's pages.
    NavItem(_("Django-admin"), "admin:index", superuser_only=True, group=ADMIN),
]

_SOON = _("Dit onderdeel volgt binnenkort.")

HOME_CARDS: dict[Role, list[Card]] = {
    Role.CASEMANAGER: [
        Card(
            _("Mijn caseload"),
            _("Je cliënten, laatste contacten en signalen."),
            "stapteam:my_caseload",
        ),
        Card(
            _("Contact vastleggen"),
            _("Een contactmoment in een paar tikken."),
            "stapteam:contact_create",
        ),
        Card(_("Teamlijst"), _("Alle cliënten van het team."), "stapteam:client_list"),
        Card(
            _("Flexbudget"),
            _("Snel iets regelen: kleding, eten, een slaapzak."),
            "budgets:expense_create",
        ),
        Card(
            _("Time-out aanvragen"),
            _("Een korte rustperiode in een time-outbed."),
            "timeout:request_create",
        ),
    ],
    Role.PEER_WORKER: [
        Card(
            _("Contact vastleggen"),
            _("Je eigen contactmomenten met de vrouwen."),
            "stapteam:contact_create",
        ),
        Card(
            _("Mijn cliënten"),
            _("De vrouwen met wie je bent gekoppeld."),
            "stapteam:my_caseload",
        ),
    ],
    Role.COORDINATOR: [
        Card(
            _("Teamoverzicht"),
            _("Alle trajecten van IrisZorg en Leger des Heils."),
            "stapteam:client_list",
        ),
        Card(
            _("Advies registraties"),
            _("Adviesvragen van het secretariaat."),
            "registrations:advice_list",
        ),
        Card(
            _("Time-out"),
            _("Aanvragen beoordelen en de bedden plannen."),
            "timeout:request_list",
        ),
        Card(
            _("Doorbraakbudget"),
            _("Het flexbudget, de boekingen en wat op goedkeuring wacht."),
            "budgets:budget_list",
        ),
    ],
    Role.CIRKEL_STAFF: [
        Card(
            _("Time-out aanvragen"),
            _("Een rustperiode aanvragen voor een vrouw."),
            "timeout:request_create",
        ),
    ],
    Role.PROCESS_DIRECTOR: [
        Card(
            _("Stagnatie en opschaling"),
            _("Casussen die vastlopen en afspraken."),
            "stapteam:escalation_list",
        ),
        Card(
            _("Monitoring"),
            _("Vrouwen die (nog) geen zorg ontvangen."),
            "stapteam:monitoring_list",
        ),
    ],
    Role.SECRETARIAT: [
        Card(
            _("Registratiepost"),
            _("Binnengekomen e-mail aan de registratiebox."),
            "registrations:inbox",
        ),
        Card(
            _("Aanvragen en termijnen"),
            _("Aanvragen, besluiten, bezwaren en termijnen."),
            "registrations:request_list",
        ),
    ],
    Role.POLICY_OFFICER: [
        Card(_("Rapportages"), _("Cijfers per periode, zonder namen."), "registrations:counts"),
        Card(
            _("Budgetrapportage"),
            _("Flexbudget en time-out tegenover het toegekende."),
            "budgets:report",
        ),
    ],
    Role.FUNCTIONAL_ADMIN: [
        Card(_("Gebruikers"), _("Accounts, organisaties en rollen."), "stapteam:user_list"),
        Card(
            _("Beheer"),
            _("Tarieven, bedden, het regime, brieven, bewaartermijnen en keuzelijsten."),
            "stapteam:beheer_index",
        ),
        Card(
            _("Budgetten"),
            _("Budgetten per periode en hun toekenningen."),
            "budgets:budget_list",
        ),
    ],
}


def nav_items_for(user: Any) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [
        item
        for item in NAV_ITEMS
        if (item.permission is None or user.has_perm(item.permission))
        and (not item.staff_only or user.is_staff)
        and (not item.superuser_only or user.is_superuser)
        and (not item.roles or user_roles(user) & item.roles)
    ]


def nav_groups_for(user: Any) -> list[NavGroup]:
    """The menu bar: items under their heading, in order; a heading with one item is that link."""
    groups: list[NavGroup] = []
    for item in nav_items_for(user):
        if item.group and groups and groups[-1].label == item.group:
            groups[-1].items.append(item)
        else:
            groups.append(NavGroup(item.group or item.label, [item]))
    return groups


def home_sections_for(user: Any) -> list[tuple[Role, list[Card]]]:
    mine = user_roles(user)
    return [(role, HOME_CARDS[role]) for role in Role if role in mine]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the menu for the current user."""
    # Error pages can be rendered before the auth middleware has set request.user.
    user = getattr(request, "user", None)
    return {"nav_groups": nav_groups_for(user) if user else [], "soon_text": _SOON}
