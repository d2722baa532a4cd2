"""Every page and every role: the allowed roles get in, the others get 403 or 404, never a 500.

Later issues add their pages to PAGES; a test fails while a named page is missing here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from stapteam.models import Client, PeerLink, Trajectory
from stapteam.platform.roles import Role
from tests.conftest import CAST, assert_protective_headers, cast_member
from tests.factories import (
    ClientFactory,
    ContactFactory,
    EscalationFactory,
    GoalFactory,
    UserFactory,
)
from tests.keys import forms_without_key
from tests.reference_data import restore_reference_data
from tests.storage import stored_rows

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class Page:
    url_name: str
    allowed: frozenset[Role]
    # Builds the URL's arguments from the world (see the `world` fixture); None: no arguments.
    args: Callable[[Any], list[Any]] | None = None


CASEWORK = frozenset({Role.CASEMANAGER, Role.COORDINATOR})
REPORT_READERS = frozenset({Role.COORDINATOR, Role.PROCESS_DIRECTOR, Role.POLICY_OFFICER})
FILE_READERS = CASEWORK | {Role.PEER_WORKER, Role.PROCESS_DIRECTOR}
SNAPSHOT_READERS = frozenset({Role.COORDINATOR, Role.PROCESS_DIRECTOR})


def on_client(w: Any) -> list[Any]:
    return [w.client.pk]


CASELOAD_PAGES = [
    Page("stapteam:my_caseload", frozenset({Role.CASEMANAGER, Role.PEER_WORKER})),
    Page("stapteam:client_list", CASEWORK),
    Page("stapteam:client_create", CASEWORK),
    Page("stapteam:client_detail", FILE_READERS, on_client),
    Page("stapteam:client_edit", CASEWORK, on_client),
    Page("stapteam:client_access", frozenset({Role.CASEMANAGER}), lambda w: [w.other_client.pk]),
    Page("stapteam:client_history", CASEWORK, on_client),
    Page("stapteam:client_assign", frozenset({Role.COORDINATOR}), lambda w: [w.unassigned.pk]),
    Page("stapteam:client_reassign", frozenset({Role.COORDINATOR}), on_client),
    Page("stapteam:client_peer_link", frozenset({Role.COORDINATOR}), on_client),
    Page("stapteam:client_close", CASEWORK, on_client),
    Page("stapteam:client_reopen", frozenset({Role.COORDINATOR}), lambda w: [w.closed_client.pk]),
    Page("stapteam:contact_create", CASEWORK | {Role.PEER_WORKER}),
    Page("stapteam:contact_edit", frozenset({Role.CASEMANAGER}), lambda w: [w.contact.pk]),
    Page("stapteam:goal_create", CASEWORK, on_client),
    Page("stapteam:goal_edit", CASEWORK, lambda w: [w.goal.pk]),
    Page("stapteam:zrm_overview", CASEWORK | {Role.PROCESS_DIRECTOR}, on_client),
    Page("stapteam:zrm_create", CASEWORK, on_client),
    Page("stapteam:zrm_detail", CASEWORK | {Role.PROCESS_DIRECTOR}, lambda w: [w.zrm.pk]),
    Page("stapteam:trajectory_create", CASEWORK, on_client),
    Page("stapteam:trajectory_edit", CASEWORK, lambda w: [w.trajectory.pk]),
]

ESCALATION_PAGES: list[Page] = [
    Page("stapteam:escalation_create", CASEWORK, on_client),
    Page("stapteam:escalation_list", frozenset({Role.PROCESS_DIRECTOR})),
    Page("stapteam:monitoring_list", frozenset({Role.PROCESS_DIRECTOR})),
    Page(
        "stapteam:escalation_detail",
        frozenset({Role.PROCESS_DIRECTOR}),
        lambda w: [w.escalation.pk],
    ),
    Page("stapteam:monitoring_start", frozenset({Role.PROCESS_DIRECTOR}), on_client),
    Page("stapteam:monitoring_end", frozenset({Role.PROCESS_DIRECTOR}), lambda w: [w.monitored.pk]),
]

SECRETARIAT = frozenset({Role.SECRETARIAT})

REGISTRATION_PAGES = [
    Page("registrations:inbox", SECRETARIAT),
    Page("registrations:mail_detail", SECRETARIAT, lambda w: [w.mail.pk]),
    Page("registrations:mail_message_download", SECRETARIAT, lambda w: [w.mail.pk]),
    Page("registrations:attachment_download", SECRETARIAT, lambda w: [w.attachment.pk]),
    Page("registrations:request_list", SECRETARIAT),
    Page("registrations:request_create", SECRETARIAT),
    Page("registrations:request_detail", SECRETARIAT, lambda w: [w.application.pk]),
    Page("registrations:request_decide", SECRETARIAT, lambda w: [w.application.pk]),
    Page("registrations:request_change", SECRETARIAT, lambda w: [w.change.pk]),
    Page("registrations:decision_letter", SECRETARIAT, lambda w: [w.application.pk]),
    Page("registrations:letter_download", SECRETARIAT, lambda w: [w.letter.pk]),
    Page("registrations:advice_list", frozenset({Role.COORDINATOR})),
    Page("registrations:advice_answer", frozenset({Role.COORDINATOR}), lambda w: [w.advice.pk]),
    Page("registrations:register", frozenset({Role.SECRETARIAT, Role.PROCESS_DIRECTOR})),
    Page("registrations:registration_end", SECRETARIAT, lambda w: [w.registration.pk]),
    Page("registrations:day_passes", SECRETARIAT),
    Page("registrations:counts", frozenset({Role.SECRETARIAT, Role.POLICY_OFFICER})),
]

TIMEOUT_SUBMITTERS = CASEWORK | {Role.CIRKEL_STAFF}

TIMEOUT_PAGES = [
    Page("timeout:request_list", TIMEOUT_SUBMITTERS | {Role.PROCESS_DIRECTOR}),
    Page("timeout:request_create", TIMEOUT_SUBMITTERS),
    # Anna's request for the world's (escalated) client: procesregie sees it, the Cirkel does not.
    Page(
        "timeout:request_detail",
        CASEWORK | {Role.PROCESS_DIRECTOR},
        lambda w: [w.timeout_request.pk],
    ),
    Page("timeout:calendar", TIMEOUT_SUBMITTERS),
    Page("timeout:overview", frozenset({Role.COORDINATOR, Role.POLICY_OFFICER})),
    # The confirmation page; its button withdraws. The submitter (Anna) and the coordinator.
    Page("timeout:request_withdraw", CASEWORK, lambda w: [w.timeout_request.pk]),
    Page("timeout:stay_register_past", frozenset({Role.COORDINATOR})),
]

BUDGET_KEEPERS = frozenset({Role.COORDINATOR, Role.FUNCTIONAL_ADMIN})
BUDGET_REPORT_READERS = frozenset({Role.COORDINATOR, Role.POLICY_OFFICER})
BUDGET_PAGES = [
    Page("budgets:budget_list", BUDGET_KEEPERS),
    Page("budgets:budget_detail", BUDGET_KEEPERS, lambda w: [w.budget.pk]),
    Page("budgets:grant_create", frozenset({Role.FUNCTIONAL_ADMIN}), lambda w: [w.budget.pk]),
    Page("budgets:expense_create", CASEWORK),
    Page("budgets:my_entries", CASEWORK),
    Page("budgets:approval_list", frozenset({Role.COORDINATOR})),
    Page("budgets:entry_reverse", frozenset({Role.COORDINATOR}), lambda w: [w.expense.pk]),
    # Anna's own expense: she and the coordinator may fetch its receipt.
    Page("budgets:entry_receipt", CASEWORK, lambda w: [w.expense.pk]),
    Page("budgets:report", BUDGET_REPORT_READERS),
    Page("budgets:report_export", BUDGET_REPORT_READERS),
]

BEHEERDER = frozenset({Role.FUNCTIONAL_ADMIN})


def this_years_settings(w: Any) -> list[Any]:
    from timeout.models import YearSettings

    return ["jaarinstellingen", YearSettings.objects.get(year=timezone.localdate().year).pk]


def on_slug(slug: str) -> Callable[[Any], list[Any]]:
    return lambda w: [slug]


# STAP's own beheer pages: one page set for every registered kind (stapteam/platform/beheer.py).
BEHEER_PAGES = [
    Page("stapteam:beheer_index", BEHEERDER),
    Page("stapteam:destruction_register", BEHEERDER),
    *(
        Page("stapteam:beheer_list", BEHEERDER, on_slug(slug))
        for slug in [
            "jaarinstellingen",
            "bedden",
            "weigeringsgronden",
            "bewaartermijnen",
            "budgetten",
            "briefsjablonen",
            "leefgebieden",
        ]
    ),
    *(
        Page("stapteam:beheer_edit_single", BEHEERDER, on_slug(slug))
        for slug in ["regime", "brieven", "inzage-zorg", "inzage-registratie"]
    ),
    Page("stapteam:beheer_create", BEHEERDER, lambda w: ["netwerkpartners"]),
    Page("stapteam:beheer_edit", BEHEERDER, this_years_settings),
    Page("stapteam:beheer_delete", BEHEERDER, lambda w: ["bedden", w.bed.pk]),
    Page("stapteam:beheer_history", BEHEERDER, this_years_settings),
]

LOG_READERS = frozenset({Role.COORDINATOR, Role.FUNCTIONAL_ADMIN})
ACCESS_LOG_PAGES = [
    Page("stapteam:access_log_client", LOG_READERS, on_client),
    Page("stapteam:access_log_user", LOG_READERS, lambda w: [w.cast[Role.CASEMANAGER].pk]),
    Page("stapteam:access_log_reasons", LOG_READERS),
    Page("stapteam:access_log_list", LOG_READERS),
    Page("stapteam:access_log_export", LOG_READERS),
]


def history_of(kind: str, record: str) -> Callable[[Any], list[Any]]:
    """The arguments of the generic history page of the world's record `record`."""
    return lambda w: [kind, getattr(w, record).pk]


# The generic history page: exactly the roles that may open the record itself.
HISTORY_PAGES = [
    Page("stapteam:history", CASEWORK, history_of("contact", "contact")),
    Page("stapteam:history", CASEWORK, history_of("doel", "goal")),
    Page("stapteam:history", CASEWORK, history_of("traject", "trajectory")),
    Page(
        "stapteam:history",
        frozenset({Role.PROCESS_DIRECTOR}),
        history_of("opschaling", "escalation"),
    ),
    Page(
        "stapteam:history",
        CASEWORK | {Role.PROCESS_DIRECTOR},
        history_of("timeout-aanvraag", "timeout_request"),
    ),
    Page("stapteam:history", SECRETARIAT, history_of("aanvraag", "application")),
    Page("stapteam:history", SECRETARIAT, lambda w: ["besluit", w.application.decision.pk]),
    Page("stapteam:history", CASEWORK, history_of("boeking", "expense")),
]

PAGES = [
    Page("stapteam:home", ALL_ROLES),
    Page("stapteam:otp_change", ALL_ROLES),
    Page("stapteam:reauthenticate", ALL_ROLES),
    # Her own notifications: every role has them; a notification links, the page decides.
    Page("stapteam:notification_list", ALL_ROLES),
    Page("stapteam:notification_settings", ALL_ROLES),
    Page("stapteam:user_list", frozenset({Role.FUNCTIONAL_ADMIN})),
    Page("stapteam:user_create", frozenset({Role.FUNCTIONAL_ADMIN})),
    Page("stapteam:blocked_address_list", frozenset({Role.FUNCTIONAL_ADMIN})),
    Page(
        "stapteam:user_edit",
        frozenset({Role.FUNCTIONAL_ADMIN}),
        lambda w: [w.cast[Role.CASEMANAGER].pk],
    ),
    Page(
        "stapteam:user_history",
        frozenset({Role.FUNCTIONAL_ADMIN}),
        lambda w: [w.cast[Role.CASEMANAGER].pk],
    ),
    # Caseload pages (the world's client is Anna's, escalated, linked to Esther).
    *CASELOAD_PAGES,
    # Escalation pages
    *ESCALATION_PAGES,
    # Tippelzone registrations
    *REGISTRATION_PAGES,
    # Time-out beds
    *TIMEOUT_PAGES,
    # Budgets
    *BUDGET_PAGES,
    # The access log (NEN 7513)
    *ACCESS_LOG_PAGES,
    # Beheer: settings and reference lists
    *BEHEER_PAGES,
    # History of every record a user can open
    *HISTORY_PAGES,
    # Subject access (AVG art. 15): care for the coordinator, registration for the secretariat
    Page("stapteam:subject_access_list", frozenset({Role.COORDINATOR})),
    Page("stapteam:subject_access_create", frozenset({Role.COORDINATOR})),
    Page("registrations:subject_access_list", SECRETARIAT),
    Page("registrations:subject_access_create", SECRETARIAT),
    Page(
        "stapteam:subject_access_detail",
        frozenset({Role.COORDINATOR}),
        lambda w: [w.care_access_request.pk],
    ),
    Page(
        "registrations:subject_access_detail",
        SECRETARIAT,
        lambda w: [w.registration_access_request.pk],
    ),
    # Rapportage: the coordinator and procesregisseur in full, policy staff aggregates only
    Page("stapteam:report", REPORT_READERS),
    Page("stapteam:report_export", REPORT_READERS),
    # Frozen snapshots hold the full report (rows per casemanager): not for policy staff
    Page("stapteam:report_snapshot_list", SNAPSHOT_READERS),
    Page("stapteam:report_snapshot_detail", SNAPSHOT_READERS, lambda w: [w.report_snapshot.pk]),
    Page("stapteam:report_snapshot_download", SNAPSHOT_READERS, lambda w: [w.report_snapshot.pk]),
    # The technical superuser's only (tests/stapteam/test_admin.py): every role is refused.
    Page("admin:index", frozenset()),
]

SECRETARIAT = frozenset({Role.SECRETARIAT})
COORDINATOR = frozenset({Role.COORDINATOR})
NOT_THERE = 999_999  # a record that does not exist: the allowed role gets 404, never 500


def on_application(w: Any) -> list[Any]:
    return [w.application.pk]


# URLs that only take POST (a step, a decision, an export): who may send it, with which record.
POST_ACTIONS = [
    Page("registrations:mail_upload", SECRETARIAT),
    Page("registrations:mailbox_fetch", SECRETARIAT),
    Page("registrations:mail_link", SECRETARIAT, lambda w: [w.mail.pk]),
    Page("registrations:mail_dismiss", SECRETARIAT, lambda w: [w.mail.pk]),
    *(
        Page(f"registrations:{name}", SECRETARIAT, on_application)
        for name in [
            "request_step",
            "request_answer",
            "request_extend",
            "request_suspend",
            "request_notify",
            "letter_send",
            "request_complete",
            "request_stop",
            "objection_create",
        ]
    ),
    Page("registrations:objection_decide", SECRETARIAT, lambda w: [NOT_THERE]),
    Page("registrations:subject_access_export", SECRETARIAT, lambda w: [NOT_THERE]),
    Page("registrations:subject_access_redact", SECRETARIAT, lambda w: [NOT_THERE]),
    *(
        Page(f"timeout:{name}", COORDINATOR, lambda w: [w.timeout_request.pk])
        for name in ["request_assess", "request_place"]
    ),
    Page("timeout:stay_end", COORDINATOR, lambda w: [NOT_THERE]),
    Page("timeout:stay_extend", COORDINATOR, lambda w: [NOT_THERE]),
    *(
        Page(f"budgets:{name}", COORDINATOR, lambda w: [w.expense.pk])
        for name in ["entry_approve", "entry_refuse"]
    ),
    *(
        Page(f"stapteam:{name}", frozenset({Role.PROCESS_DIRECTOR}), lambda w: [w.escalation.pk])
        for name in ["escalation_acknowledge", "escalation_action_create", "escalation_close"]
    ),
    *(
        Page(
            f"stapteam:{name}",
            frozenset({Role.FUNCTIONAL_ADMIN}),
            lambda w: [w.cast[Role.CASEMANAGER].pk],
        )
        for name in ["user_unlock", "user_reset_second_factor"]
    ),
    Page("stapteam:subject_access_export", COORDINATOR, lambda w: [NOT_THERE]),
    Page("stapteam:subject_access_redact", COORDINATOR, lambda w: [NOT_THERE]),
    Page("stapteam:address_unlock", frozenset({Role.FUNCTIONAL_ADMIN})),
    Page("stapteam:notification_read", ALL_ROLES, lambda w: [NOT_THERE]),
    Page("stapteam:notification_read_all", ALL_ROLES),
    Page("stapteam:report_snapshot_create", SNAPSHOT_READERS),
]

# Named URLs that are no role's page, with the reason.
NOT_ROLE_PAGES = {
    "stapteam:login": "open to everyone; a logged-in user is sent on to the start page",
    "stapteam:logout": "POST only; every logged-in user may log out",
    **{
        f"stapteam:{name}": "a login step for every role; tests/stapteam/test_login_security.py"
        for name in ["otp_verify", "otp_enrol", "session_keepalive"]
    },
    **{
        f"stapteam:{name}": "open to everyone, no data; tests/stapteam/test_health.py"
        for name in ["health_live", "health_ready"]
    },
}


def named_app_urls() -> set[str]:
    """Every named URL in STAP's own namespaces (the admin has its own permission system)."""
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace and entry.namespace != "admin":
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern) and pattern.name:
                    names.add(f"{entry.namespace}:{pattern.name}")
    return names


def test_every_named_page_is_in_the_matrix() -> None:
    covered = {page.url_name for page in [*PAGES, *POST_ACTIONS]} | NOT_ROLE_PAGES.keys()
    missing = named_app_urls() - covered
    assert not missing, f"add these pages to PAGES in {__file__}: {sorted(missing)}"


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SimpleNamespace]:
    """One world for the whole module, built once (it is costly) and stored outside the tests'
    transactions: each test's own changes are rolled back, as ever; at the end it is emptied."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("m")):
        restore_reference_data()
        yield build_world({role: cast_member(role) for role in Role})
        call_command("flush", interactive=False, verbosity=0)
        restore_reference_data()


def build_world(cast: dict[Role, Any]) -> SimpleNamespace:
    """One of each kind of record the pages need, owned by the cast."""
    anna = cast[Role.CASEMANAGER]
    sanne = cast[Role.SECRETARIAT]
    client = ClientFactory.create(casemanager=anna)
    PeerLink.objects.create(
        client=client, peer_worker=cast[Role.PEER_WORKER], started_on=timezone.localdate()
    )
    return SimpleNamespace(
        cast=cast,
        client=client,
        other_client=ClientFactory.create(casemanager=UserFactory.create(roles=[Role.CASEMANAGER])),
        unassigned=ClientFactory.create(status=Client.Status.REGISTERED),
        closed_client=ClientFactory.create(closed=True),
        monitored=ClientFactory.create(monitoring=True),
        contact=ContactFactory.create(client=client, author=anna),
        goal=GoalFactory.create(client=client, created_by=anna),
        trajectory=Trajectory.objects.create(
            client=client, kind="entry_housing", started_on=timezone.localdate()
        ),
        escalation=EscalationFactory.create(client=client, raised_by=anna),
        zrm=zrm_world(client, anna),
        **registration_world(sanne),
        **timeout_world(cast),
        **budget_world(cast, client),
        **access_request_world(cast, client),
        report_snapshot=report_snapshot_world(cast),
    )


def report_snapshot_world(cast: dict[Role, Any]) -> Any:
    """The coordinator's snapshot of this year's report."""
    from stapteam.reports.snapshots import make_snapshot

    today = timezone.localdate()
    return make_snapshot(
        start=today.replace(month=1, day=1),
        end=today,
        on=today,
        label="",
        by=cast[Role.COORDINATOR],
    )


def zrm_world(client: Client, anna: Any) -> Any:
    """Anna's intake measurement of the world's client."""
    from stapteam.caseload import services
    from stapteam.models import DomainSet

    return services.record_zrm(
        client=client,
        assessed_on=timezone.localdate(),
        moment="intake",
        assessor=anna,
        scores=[(d, 3, "", None) for d in DomainSet.default().domains.all()],
    )


def access_request_world(cast: dict[Role, Any], client: Client) -> dict[str, Any]:
    """A care and a registration subject-access request, each for its own handler."""
    from registrations.models import Person
    from registrations.models import SubjectAccessRequest as RegistrationAccessRequest
    from stapteam.models import SubjectAccessRequest
    from stapteam.platform.subject_access import register_access_request

    today = timezone.localdate()
    care = SubjectAccessRequest(client=client, received_on=today)
    registration = RegistrationAccessRequest(
        person=Person.objects.create(name="Inzage Persoon"), received_on=today
    )
    return {
        "care_access_request": register_access_request(request=care, by=cast[Role.COORDINATOR]),
        "registration_access_request": register_access_request(
            request=registration, by=cast[Role.SECRETARIAT]
        ),
    }


def budget_world(cast: dict[Role, Any], client: Client) -> dict[str, Any]:
    """A budget of this year with a grant, and Anna's expense with a receipt for her client."""
    from django.core.files.base import ContentFile

    from budgets import services as budget_services
    from tests.budgets.conftest import make_budget

    budget = make_budget(by=cast[Role.FUNCTIONAL_ADMIN])
    budget.spending_organisations.add(cast[Role.CASEMANAGER].organisation)
    expense = budget_services.record_expense(
        budget=budget,
        amount=Decimal("12.50"),
        booked_on=timezone.localdate(),
        client=client,
        category="food",
        receipt=ContentFile(b"%PDF-1.4 bon", name="bon.pdf"),
        by=cast[Role.CASEMANAGER],
    )
    return {"budget": budget, "expense": expense}


def timeout_world(cast: dict[Role, Any]) -> dict[str, Any]:
    """This year's settings, a bed, and Anna's request for the world's client (her only one)."""
    from timeout import services as timeout_services
    from timeout.models import Bed, Location, YearSettings

    anna = cast[Role.CASEMANAGER]
    YearSettings.objects.create(
        year=timezone.localdate().year, tariff_per_day="139.27", budget="11698.68"
    )
    bed = Bed.objects.create(location=Location.objects.create(name="Time-out"), name="Bed 1")
    request = timeout_services.submit_request(
        by=anna,
        client=Client.objects.get(assignments__casemanager=anna),
        reason="Rust.",
        wished_start=timezone.localdate(),
        expected_days=5,
    )
    return {"bed": bed, "timeout_request": request}


def registration_world(sanne: Any) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from registrations import services as reg
    from registrations.demo import DEMO_LETTER_SETTINGS
    from registrations.models import (
        InboundMail,
        Letter,
        MailAttachment,
        Person,
        RegistrationSettings,
    )

    RegistrationSettings.objects.filter(id=1).update(regime="named", **DEMO_LETTER_SETTINGS)
    today = timezone.localdate()
    mail = InboundMail(message_id="<matrix@test.invalid>", source="upload")
    mail.raw_message.save("matrix.eml", ContentFile(b"Subject: matrix\r\n\r\nHoi\r\n"))
    attachment = MailAttachment(
        mail=mail, filename="id.pdf", content_type="application/pdf", size=4
    )
    attachment.file.save("id.pdf", ContentFile(b"%PDF"), save=True)
    person = Person.objects.create(name="Test Persoon", consent_on=today)
    application = reg.create_request(
        kind="application", received_on=today, channel="mail", owner=sanne, person=person
    )
    reg.start_handling(request=application)
    reg.give_advice(
        advice=reg.ask_advice(request=application, by=sanne),
        answer="yes",
        known_since=datetime.date(2020, 1, 1),
        motivation="",
        client=None,
        by=sanne,
    )
    reg.decide(
        request=application,
        outcome="granted",
        decided_on=today,
        by=sanne,
        pass_number="TZ-TEST-1",
        valid_from=today,
        valid_until=today + datetime.timedelta(days=364),
    )
    other = reg.create_request(
        kind="application",
        received_on=today,
        channel="desk",
        owner=sanne,
        person_fields={"name": "Tweede Persoon"},
    )
    reg.start_handling(request=other)
    change = reg.create_request(
        kind="change", received_on=today, channel="mail", owner=sanne, person=person
    )
    reg.start_handling(request=change)
    # A sent letter as filed (a stand-in PDF: the conversion has its own tests).
    letter = Letter(
        request=application, kind="granted", sent_on=today, addressee="Test Persoon", sent_by=sanne
    )
    letter.pdf.save("brief.pdf", ContentFile(b"%PDF-1.4 brief"), save=True)
    return {
        "letter": letter,
        "mail": mail,
        "attachment": attachment,
        "application": application,
        "change": change,
        "advice": reg.ask_advice(request=other, by=sanne),
        "registration": application.decision.registration,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=[p.url_name for p in PAGES])
def test_page_access_by_role(client, world, page: Page) -> None:
    """Every role opens the page once (one world per page, built once: it is costly); every
    answer, allowed or refused, carries the protective headers, and every POST form on it carries
    a one-time submission key. A role that may not open it may not send it either: its POST (with
    a key, as the client fixture sends it) is refused and changes nothing."""
    url = reverse(page.url_name, args=page.args(world) if page.args else None)
    wrong = []
    for role in Role:
        client.force_login(world.cast[role])
        response = client.get(url, follow=True)
        if response.streaming:  # read a download to its end, which closes its file
            b"".join(response.streaming_content)  # type: ignore[arg-type]
        assert_protective_headers(response)
        opened = response.status_code == 200 and not response.redirect_chain
        refused = response.status_code in (403, 404)
        if (opened if role in page.allowed else refused) is False:
            hops = " after a redirect" if response.redirect_chain else ""
            wrong.append(f"GET {role.value} got {response.status_code}{hops}")
        if opened and "html" in response.get("Content-Type", ""):
            unkeyed = forms_without_key(url, response.content.decode())
            wrong += [f"GET {role.value}: POST form to {a} has no submission key" for a in unkeyed]
        if role not in page.allowed:
            wrong += refused_post(client, url, role, world)
    assert not wrong, f"{url}: {wrong}"


def refused_post(client: Any, url: str, role: Role | None, world: Any) -> list[str]:
    """POST as a role (None: anonymous) that may not: refused, nothing stored, nothing shown."""
    before = stored_rows()
    response = client.post(url, {})
    who = role.value if role else "anonymous"
    wrong = []
    # The admin sends a non-staff user to its login page (which leads to STAP's login).
    to_login = response.status_code == 302 and response.get("Location", "").startswith(
        (reverse("stapteam:login"), reverse("admin:login"))
    )
    refused = to_login if role is None else response.status_code in (403, 404, 405) or to_login
    if not refused:
        wrong.append(f"POST {who} got {response.status_code} {response.get('Location', '')}")
    if stored_rows() != before:
        wrong.append(f"POST {who} changed what is stored")
    if world.client.full_name and world.client.full_name in response.content.decode():
        wrong.append(f"POST {who} saw her name")
    return wrong


@pytest.mark.django_db
@pytest.mark.parametrize("action", POST_ACTIONS, ids=[a.url_name for a in POST_ACTIONS])
def test_post_action_by_role(client, world, action: Page) -> None:
    """Anonymous and every role without the right are refused first, changing nothing; then the
    roles with the right send an empty form and get an answer (a message, a redirect, a 404 for a
    record that is not there) — never a refusal, never a 500."""
    url = reverse(action.url_name, args=action.args(world) if action.args else None)
    wrong = refused_post(client, url, None, world)
    for role in Role:
        if role not in action.allowed:
            client.force_login(world.cast[role])
            wrong += refused_post(client, url, role, world)
    for role in action.allowed:
        client.force_login(world.cast[role])
        response = client.post(url, {})
        if response.status_code not in (200, 302, 400, 404):
            wrong.append(f"POST {role.value} (allowed) got {response.status_code}")
    assert not wrong, f"{url}: {wrong}"


@pytest.mark.django_db
def test_anonymous_posts_to_every_page_go_to_login(client, world) -> None:
    wrong = []
    for page in PAGES:
        url = reverse(page.url_name, args=page.args(world) if page.args else None)
        wrong += [f"{url}: {w}" for w in refused_post(client, url, None, world)]
    assert not wrong, wrong


def test_cast_has_one_person_per_role() -> None:
    assert set(CAST) == set(Role)


def pages_markdown() -> str:
    """PAGES and POST_ACTIONS as the Markdown table docs/roles.md shows (generated, not typed)."""
    roles = list(Role)
    lines = [
        "| URL name | method | " + " | ".join(str(r.label) for r in roles) + " |",
        "| --- | --- |" + " :-: |" * len(roles),
    ]
    for method, entries in (("GET", PAGES), ("POST", POST_ACTIONS)):
        for entry in sorted(entries, key=lambda e: e.url_name):
            marks = " | ".join("✓" if r in entry.allowed else "" for r in roles)
            lines.append(f"| `{entry.url_name}` | {method} | {marks} |")
    return "\n".join(lines) + "\n"


def test_docs_show_the_pages_of_this_table() -> None:
    docs = Path(__file__).resolve().parents[1] / "docs" / "roles.md"
    expected = pages_markdown()
    if expected not in docs.read_text(encoding="utf-8"):
        out = Path(__file__).resolve().parents[1] / "test-results" / "roles-pages.md"
        out.parent.mkdir(exist_ok=True)
        out.write_text(expected, encoding="utf-8")
        pytest.fail(f"docs/roles.md is out of date: paste {out} over its table of URL names")
