"""Every form a role posts: one wrong value comes back with a message that states the rule, and
everything else she typed is still there.

For each form, a submission that is valid but for one field is posted as its role (a plausible
value per kind of field, plus what the form needs besides, e.g. the outcome that asks a region).
The answer is the page again (200, no redirect), nothing stored changed, each other value she
typed is shown back (escaped), and every error on the page is an instruction in Dutch: a
sentence ending with a period, no English, no "Ongeldig", no bare "Dit veld is verplicht.", no
field name, no question, no description of a state where a rule belongs ("Het einde ligt na de
start."). A form class
that is neither covered here nor exempted with a reason fails `test_every_form_is_covered`.
It also fails while a form of tests/test_hostile_input.py has no case here.
A second test reads every message the code gives (ValidationError, add_error, error_messages)
and every field's messages, and holds them to the same rules.
"""

from __future__ import annotations

import ast
import copy
import datetime
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from stapteam.forms.caseload.clients import SettleGoalsForm
from stapteam.forms.fields import PlainTextForm, state_the_rule
from stapteam.platform.actor import acting_as
from stapteam.platform.roles import Role
from tests.storage import stored_rows
from tests.test_hostile_input import FORMS as HOSTILE_FORMS
from tests.test_permission_matrix import (
    this_years_settings,
    world,  # noqa: F401 - the shared world fixture
)

ROOT = Path(__file__).resolve().parents[1]
APPS = ("stapteam", "registrations", "timeout", "budgets")

# --- What an instruction is -------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\w*\}")
FORBIDDEN = [
    (
        re.compile(r"\b(the|this|field|value|enter|select|ensure|please|invalid|required)\b", re.I),
        "English",
    ),
    (re.compile(r"ongeldig", re.I), "“ongeldig” says what is wrong, not what to do"),
    (re.compile(r"^Dit veld is verplicht\.$"), "Django's generic message"),
    (re.compile(r"\b(Voer|Selecteer|Zorg ervoor)\b"), "Django's generic message"),
    (re.compile(r"\b[a-z]+_[a-z_]+\b"), "a field name"),
    (re.compile(r"\w\?"), "a question, not an instruction"),
    (re.compile(r"\b(ligt|valt|eindigt)\b"), "describes a state: say what it must be (moet/mag)"),
    (re.compile(r"\bis (groter|kleiner|later|eerder) dan\b"), "describes a state"),
    (
        re.compile(r"^(Hooguit|Hoogstens|Minstens|Ten hoogste|Nodig|Geen geldig|Onbekend)\b"),
        "a fragment: say what to do",
    ),
]


def instruction_problems(message: str) -> list[str]:
    """Why `message` is not an instruction that states the rule (empty: it is one)."""
    text = PLACEHOLDER.sub("X", str(message)).strip()
    problems = []
    if not text.endswith("."):
        problems.append("does not end with a period")
    if not (text[:1].isupper() or text[:1].isdigit() or text.startswith(("X", "“", "€"))):
        problems.append("does not start as a sentence")
    problems += [why for pattern, why in FORBIDDEN if pattern.search(text)]
    return problems


@pytest.mark.parametrize(
    ("message", "ok"),
    [
        ("De einddatum moet na de startdatum liggen.", True),
        ("Vul de datum in als dd-mm-jjjj.", True),
        ("Kies een uitkomst.", True),
        ("Het einde ligt na de start.", False),
        ("Naar welke regio?", False),
        ("Ongeldige waarde", False),
        ("Dit veld is verplicht.", False),
        ("This field is required.", False),
        ("Vul end_date in.", False),
        ("Hooguit 720 minuten.", False),
    ],
)
def test_the_rules_tell_an_instruction_from_a_description(message: str, ok: bool) -> None:
    assert (instruction_problems(message) == []) is ok


def test_a_label_that_is_a_question_is_not_quoted_in_a_rule() -> None:
    asked = forms.ChoiceField(label="Hoe gaat het verder?", choices=[("a", "A")])
    named = forms.ChoiceField(label="Uitkomst", choices=[("a", "A")])
    state_the_rule(asked)
    state_the_rule(named)
    assert asked.error_messages["invalid_choice"] == "Kies een van de mogelijkheden uit de lijst."
    assert asked.error_messages["required"] == "Kies een van de mogelijkheden."
    assert "“Uitkomst”" in str(named.error_messages["invalid_choice"])


# --- Every message the code gives -------------------------------------------------------------


def _literal(node: ast.AST | None) -> str | None:
    """The text of `_("...")`, `"..."` or `_("...") % {...}`; None for anything computed."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _literal(node.left)
    translated = ("_", "gettext", "gettext_lazy", "_lazy")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        return _literal(node.args[0]) if node.func.id in translated else None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _dict_messages(node: ast.AST) -> Iterator[tuple[int, str | None]]:
    if isinstance(node, ast.Dict):
        for value in node.values:
            if isinstance(value, ast.Dict):
                yield from _dict_messages(value)
            else:
                yield value.lineno, _literal(value)


def _messages_of(node: ast.AST) -> Iterator[tuple[int, str | None]]:
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name.endswith("ValidationError") and node.args:
            yield node.lineno, _literal(node.args[0])
        if name == "add_error" and len(node.args) > 1:
            yield node.lineno, _literal(node.args[1])
        for keyword in node.keywords:
            if keyword.arg == "error_messages":
                yield from _dict_messages(keyword.value)
    if isinstance(node, ast.Assign):
        for target in node.targets:
            subscript = isinstance(target, ast.Subscript)
            if subscript and getattr(target.value, "attr", "") == "error_messages":  # type: ignore[attr-defined]
                yield node.lineno, _literal(node.value)
            name = getattr(target, "id", getattr(target, "attr", ""))
            if name in ("error_messages", "DATE_ERRORS"):
                yield from _dict_messages(node.value)
            if name == "message":  # a validator's message (date bounds)
                yield node.lineno, _literal(node.value)


def code_messages() -> list[tuple[str, str]]:
    """(where, text) of every literal validation message in the four apps' code."""
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                for line, text in _messages_of(node):
                    if text:
                        found.append((f"{path.relative_to(ROOT)}:{line}", text))
    return found


def form_classes() -> set[Any]:
    """Every form class of STAP (they all extend StapForm or StapModelForm)."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "forms" in parts or path.name == "forms.py" or "views" in parts:
                importlib.import_module(".".join(parts))
    found: set[Any] = set()
    todo: list[Any] = list(PlainTextForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        own = cls.__module__.split(".")[0] in APPS and cls.__module__ != "stapteam.forms.fields"
        if issubclass(cls, forms.BaseForm) and own:
            found.add(cls)
    return found


def test_every_message_in_the_code_states_the_rule() -> None:
    messages = code_messages()
    assert len(messages) > 150  # the reader finds them
    wrong = [
        f"{where}: {text!r}: {problems}"
        for where, text in messages
        if (problems := instruction_problems(text))
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_every_field_of_every_form_states_the_rule() -> None:
    """Each field's messages after the base form gave Django's generic ones an instruction."""
    wrong = []
    for cls in sorted(form_classes(), key=lambda c: c.__qualname__):
        for name, base in cls.base_fields.items():
            field_ = copy.deepcopy(base)
            state_the_rule(field_)
            for key, text in field_.error_messages.items():
                if instruction_problems(str(text)):
                    wrong.append(f"{cls.__module__}.{cls.__qualname__}.{name} {key}: {text!r}")
    assert not wrong, "\n".join(wrong)


# --- Every form, posted with one wrong value --------------------------------------------------


@dataclass(frozen=True)
class FormCase:
    """One form as its role sends it: where it posts, where it is shown, what goes wrong."""

    form: str  # "module.Class" of the form
    url_name: str
    role: Role
    bad: tuple[str, Any]  # the one field with a wrong value, and the value
    args: Callable[[Any], list[Any]] | None = None
    shown_at: tuple[str, Callable[[Any], list[Any]] | None] | None = None  # a POST-only URL's page
    context_name: str = "form"  # the name of the form in the context of the page it is on
    data: Callable[[Any], dict[str, Any]] = lambda w: {}  # values the generic ones would miss
    setup: Callable[[Any], None] = lambda w: None  # the state the form needs on the page
    kept: tuple[str, ...] | None = None  # the typed fields to look for (None: every one)
    make: Callable[[Any], forms.BaseForm] | None = None  # a form no GET page shows blank

    @property
    def id(self) -> str:
        return f"{self.url_name}:{self.form.rsplit('.', 1)[1]}"


def _today() -> datetime.date:
    return timezone.localdate()


def notified(w: Any) -> None:
    from registrations import services

    services.notify(decision=w.application.decision, notified_on=_today())


def open_suspension(w: Any) -> None:
    from registrations.models import TermSuspension

    TermSuspension.objects.create(
        request=w.application,
        starts_on=_today(),
        restore_until=_today() + datetime.timedelta(days=14),
    )


def with_objection(w: Any) -> None:
    from registrations import services
    from registrations.models import Objection

    notified(w)
    w.application.decision.refresh_from_db()
    w.objection = services.add_objection(
        decision=w.application.decision,
        by=w.cast[Role.SECRETARIAT],
        received_on=_today(),
        submitted_by=Objection.SubmittedBy.SELF,
        grounds="Niet eens.",
    )


def stop_request(w: Any) -> None:
    from registrations import services

    w.stop = services.create_request(
        kind="stop",
        received_on=_today(),
        channel="mail",
        owner=w.cast[Role.SECRETARIAT],
        person=w.application.person,
    )
    services.start_handling(request=w.stop)


def question(w: Any) -> None:
    from registrations import services

    w.question = services.create_request(
        kind="question",
        received_on=_today(),
        channel="mail",
        owner=w.cast[Role.SECRETARIAT],
        person=w.application.person,
    )
    services.start_handling(request=w.question)


def approved(w: Any) -> None:
    from timeout import services

    services.assess(request=w.timeout_request, approved=True, note="", by=w.cast[Role.COORDINATOR])


def placed(w: Any) -> None:
    from timeout import services

    approved(w)
    w.stay = services.place(
        request=w.timeout_request,
        bed=w.bed,
        start=_today(),
        planned_end=_today() + datetime.timedelta(days=5),
        by=w.cast[Role.COORDINATOR],
        override_reason="",
    ).stay


def pending_expense(w: Any) -> None:
    from budgets import services

    w.pending = services.record_expense(
        budget=w.budget,
        amount=w.budget.approval_threshold + 1,
        booked_on=_today(),
        client=w.client,
        category="food",
        by=w.cast[ANNA],
    )


def open_application(w: Any) -> Any:
    return w.advice.request


ANNA, CARLA, SANNE, BEHEER = (
    Role.CASEMANAGER,
    Role.COORDINATOR,
    Role.SECRETARIAT,
    Role.FUNCTIONAL_ADMIN,
)
CLIENT = "stapteam.forms.caseload.clients"
PLANS = "stapteam.forms.caseload.plans"
ESCALATIONS = "stapteam.forms.caseload.escalations"
REG = "registrations.forms"


def on_client(w: Any) -> list[Any]:
    return [w.client.pk]


def on_application(w: Any) -> list[Any]:
    return [w.application.pk]


CASES = [
    # The caseload
    FormCase(
        f"{CLIENT}.ClientForm",
        "stapteam:client_create",
        ANNA,
        ("date_of_birth", "31-02-2001"),
        data=lambda w: {"origin": "nijmegen"},
    ),
    FormCase(
        f"{CLIENT}.ClientForm",
        "stapteam:client_edit",
        ANNA,
        ("call_name", ""),
        on_client,
        data=lambda w: {"origin": "elsewhere", "origin_region": "Arnhem"},
    ),
    FormCase(
        f"{CLIENT}.AccessReasonForm",
        "stapteam:client_access",
        ANNA,
        ("reason", "even kijken"),
        lambda w: [w.other_client.pk],
    ),
    FormCase(
        f"{CLIENT}.AssignForm",
        "stapteam:client_assign",
        CARLA,
        ("casemanager", "999999"),
        lambda w: [w.unassigned.pk],
    ),
    FormCase(
        f"{CLIENT}.ReassignForm",
        "stapteam:client_reassign",
        CARLA,
        ("overlap_until", "gisteren"),
        on_client,
    ),
    FormCase(
        f"{CLIENT}.PeerLinkForm",
        "stapteam:client_peer_link",
        CARLA,
        ("peer_worker", ""),
        on_client,
        data=lambda w: {"action": "link"},
    ),
    FormCase(
        f"{CLIENT}.CloseForm",
        "stapteam:client_close",
        ANNA,
        ("outcome_region", ""),
        on_client,
        data=lambda w: {"outcome": "other_region"},
    ),
    FormCase(
        f"{CLIENT}.SettleGoalsForm",
        "stapteam:client_close",
        ANNA,
        ("goal_X", ""),
        on_client,
        context_name="settle",
        data=lambda w: {
            "closed_on": _today().isoformat(),
            "outcome": "closed",
            "reason": "Zij gaat verhuizen.",
            "confirm": "1",
            f"goal_{w.goal.pk}": "",
        },
        make=lambda w: SettleGoalsForm(goals=[w.goal]),
    ),
    FormCase(
        f"{CLIENT}.ReopenForm",
        "stapteam:client_reopen",
        CARLA,
        ("reason", ""),
        lambda w: [w.closed_client.pk],
    ),
    FormCase(
        "stapteam.forms.caseload.contacts.ContactForm",
        "stapteam:contact_create",
        ANNA,
        ("minutes", "9999"),
        data=lambda w: {"client": w.client.pk, "kind": "face_to_face"},
    ),
    FormCase(
        "stapteam.forms.caseload.contacts.ContactCorrectionForm",
        "stapteam:contact_edit",
        ANNA,
        ("occurred_at", "morgen om acht"),
        lambda w: [w.contact.pk],
    ),
    FormCase(f"{PLANS}.GoalForm", "stapteam:goal_create", ANNA, ("wish", ""), on_client),
    FormCase(
        f"{PLANS}.GoalForm",
        "stapteam:goal_edit",
        ANNA,
        ("target_date", "2024-02-30"),
        lambda w: [w.goal.pk],
    ),
    FormCase(
        f"{PLANS}.TrajectoryForm",
        "stapteam:trajectory_create",
        ANNA,
        ("ended_on", "2001-01-01"),
        on_client,
    ),
    FormCase(
        f"{PLANS}.TrajectoryForm",
        "stapteam:trajectory_edit",
        ANNA,
        ("started_on", "1-1-1"),
        lambda w: [w.trajectory.pk],
    ),
    FormCase(
        f"{PLANS}.ZrmForm",
        "stapteam:zrm_create",
        ANNA,
        ("assessed_on", "9999-12-31"),
        on_client,
        data=lambda w: {"moment": "progress"},
    ),
    FormCase(
        f"{ESCALATIONS}.EscalationForm",
        "stapteam:escalation_create",
        ANNA,
        ("question", "x" * 2001),
        on_client,
    ),
    FormCase(
        f"{ESCALATIONS}.EscalationActionForm",
        "stapteam:escalation_action_create",
        Role.PROCESS_DIRECTOR,
        ("follow_up_on", "2001-01-01"),
        lambda w: [w.escalation.pk],
        shown_at=("stapteam:escalation_detail", lambda w: [w.escalation.pk]),
        context_name="action_form",
        data=lambda w: {"kind": "agreement"},
    ),
    FormCase(
        f"{ESCALATIONS}.EscalationCloseForm",
        "stapteam:escalation_close",
        Role.PROCESS_DIRECTOR,
        ("closing_note", "y" * 2001),
        lambda w: [w.escalation.pk],
        shown_at=("stapteam:escalation_detail", lambda w: [w.escalation.pk]),
        context_name="close_form",
    ),
    # Monitoring: two steps; a wrong value comes back before the confirmation step
    FormCase(
        f"{ESCALATIONS}.MonitoringStartForm",
        "stapteam:monitoring_start",
        Role.PROCESS_DIRECTOR,
        ("started_on", "gisteren"),
        on_client,
    ),
    FormCase(
        f"{ESCALATIONS}.MonitoringEndForm",
        "stapteam:monitoring_end",
        Role.PROCESS_DIRECTOR,
        ("next_step", "misschien"),
        lambda w: [w.monitored.pk],
    ),
    # Accounts and subject access
    FormCase(
        "stapteam.forms.platform.accounts.AccountForm",
        "stapteam:user_edit",
        BEHEER,
        ("roles", ["superuser"]),
        lambda w: [w.cast[ANNA].pk],
    ),
    FormCase(
        "stapteam.forms.platform.accounts.NewAccountForm",
        "stapteam:user_create",
        BEHEER,
        ("roles", ["superuser"]),
        data=lambda w: {
            "username": "nina",
            "first_name": "Nina",
            "last_name": "de Wit",
            "email": "nina@iriszorg.invalid",
            "organisation": w.cast[ANNA].organisation_id,
            "password1": "Zomerse-Waal-Brug-2026",
            "password2": "Zomerse-Waal-Brug-2026",
        },
        kept=("username", "first_name", "last_name", "email"),
    ),
    FormCase(
        "stapteam.forms.platform.subject_access.CareAccessRequestForm",
        "stapteam:subject_access_create",
        CARLA,
        ("client", "STAP-9999"),
    ),
    FormCase(
        f"{REG}.RegistrationAccessRequestForm",
        "registrations:subject_access_create",
        SANNE,
        ("received_on", "morgen"),
    ),
    # Registrations
    FormCase(
        f"{REG}.RequestForm",
        "registrations:request_create",
        SANNE,
        ("email", "geen adres"),
        data=lambda w: {"kind": "application"},
    ),
    FormCase(
        f"{REG}.RequestForm",
        "registrations:mail_detail",
        SANNE,
        ("received_on", "2024-13-01"),
        lambda w: [w.new_mail.pk],
        setup=lambda w: _new_mail(w),
        data=lambda w: {"kind": "question"},
    ),
    FormCase(
        f"{REG}.MailUploadForm",
        "registrations:mail_upload",
        SANNE,
        ("file", "leeg.txt"),
        shown_at=("registrations:inbox", None),
        context_name="upload_form",
    ),
    FormCase(
        f"{REG}.LinkMailForm",
        "registrations:mail_link",
        SANNE,
        ("request", "999999"),
        lambda w: [w.new_mail.pk],
        shown_at=("registrations:mail_detail", lambda w: [w.new_mail.pk]),
        context_name="link_form",
        setup=lambda w: _new_mail(w),
    ),
    FormCase(
        f"{REG}.DismissMailForm",
        "registrations:mail_dismiss",
        SANNE,
        ("reason", "r" * 301),
        lambda w: [w.new_mail.pk],
        shown_at=("registrations:mail_detail", lambda w: [w.new_mail.pk]),
        context_name="dismiss_form",
        setup=lambda w: _new_mail(w),
    ),
    FormCase(
        f"{REG}.ExtendForm",
        "registrations:request_extend",
        SANNE,
        ("weeks", "9"),
        lambda w: [open_application(w).pk],
        shown_at=("registrations:request_detail", lambda w: [open_application(w).pk]),
        context_name="extend_form",
    ),
    FormCase(
        f"{REG}.SuspendForm",
        "registrations:request_suspend",
        SANNE,
        ("ends_on", "morgen"),
        lambda w: [open_application(w).pk],
        shown_at=("registrations:request_detail", lambda w: [open_application(w).pk]),
        context_name="suspend_form",
        kept=(),
    ),
    FormCase(
        f"{REG}.AdviceForm",
        "registrations:advice_answer",
        CARLA,
        ("known_since", ""),
        lambda w: [w.advice.pk],
        data=lambda w: {"answer": "yes", "motivation": "Al lang bekend."},
    ),
    FormCase(
        f"{REG}.DecisionForm",
        "registrations:request_decide",
        SANNE,
        ("valid_until", ""),
        lambda w: [open_application(w).pk],
        data=lambda w: {"outcome": "granted"},
    ),
    FormCase(
        f"{REG}.NotifyForm",
        "registrations:request_notify",
        SANNE,
        ("notified_on", "9999-12-31"),
        on_application,
        shown_at=("registrations:request_detail", on_application),
        context_name="notify_form",
        kept=(),
    ),
    FormCase(
        f"{REG}.LetterForm",
        "registrations:letter_send",
        SANNE,
        ("sent_on", "9999-12-31"),
        on_application,
        shown_at=("registrations:request_detail", on_application),
        context_name="letter_form",
        data=lambda w: {"action": "send"},
        kept=(),
    ),
    FormCase(
        f"{REG}.CompletionForm",
        "registrations:request_complete",
        SANNE,
        ("completed_on", "9999-12-31"),
        on_application,
        shown_at=("registrations:request_detail", on_application),
        context_name="completion_form",
        setup=open_suspension,
        kept=(),
    ),
    FormCase(
        f"{REG}.StopForm",
        "registrations:request_stop",
        SANNE,
        ("ended_on", "31-31-2024"),
        lambda w: [w.stop.pk],
        shown_at=("registrations:request_detail", lambda w: [w.stop.pk]),
        context_name="stop_form",
        setup=stop_request,
        kept=(),
    ),
    FormCase(
        f"{REG}.ChangeForm",
        "registrations:request_change",
        SANNE,
        ("email", "geen-adres"),
        lambda w: [w.change.pk],
    ),
    FormCase(
        f"{REG}.EndRegistrationForm",
        "registrations:registration_end",
        SANNE,
        ("reason", "weg"),
        lambda w: [w.registration.pk],
    ),
    FormCase(
        f"{REG}.ObjectionForm",
        "registrations:objection_create",
        SANNE,
        ("representative", ""),
        on_application,
        shown_at=("registrations:request_detail", on_application),
        context_name="objection_form",
        setup=notified,
        data=lambda w: {"submitted_by": "representative"},
    ),
    FormCase(
        f"{REG}.ObjectionDecisionForm",
        "registrations:objection_decide",
        SANNE,
        ("decided_on", "gisteren"),
        lambda w: [w.objection.pk],
        shown_at=("registrations:request_detail", on_application),
        context_name="objection_decision_form",
        setup=with_objection,
    ),
    FormCase(
        f"{REG}.AnswerForm",
        "registrations:request_answer",
        SANNE,
        ("answered_on", "morgen"),
        lambda w: [w.question.pk],
        shown_at=("registrations:request_detail", lambda w: [w.question.pk]),
        context_name="answer_form",
        setup=question,
    ),
    FormCase(
        f"{REG}.DayPassForm",
        "registrations:day_passes",
        SANNE,
        ("pass_number", ""),
        setup=lambda w: _day_passes(),
    ),
    # Time-out
    FormCase(
        "timeout.forms.RequestForm",
        "timeout:request_create",
        ANNA,
        ("expected_days", "0"),
        data=lambda w: {"client": w.client.pk},
    ),
    FormCase(
        "timeout.forms.AssessForm",
        "timeout:request_assess",
        CARLA,
        ("decision", "misschien"),
        lambda w: [w.timeout_request.pk],
        shown_at=("timeout:request_detail", lambda w: [w.timeout_request.pk]),
        context_name="assess_form",
    ),
    FormCase(
        "timeout.forms.PlacementForm",
        "timeout:request_place",
        CARLA,
        ("planned_end", "2024-02-30"),
        lambda w: [w.timeout_request.pk],
        shown_at=("timeout:request_detail", lambda w: [w.timeout_request.pk]),
        context_name="place_form",
        setup=approved,
        data=lambda w: {"bed": w.bed.pk, "override_reason": "Rust nodig."},
    ),
    FormCase(
        "timeout.forms.EndStayForm",
        "timeout:stay_end",
        CARLA,
        ("actual_end", "abc"),
        lambda w: [w.stay.pk],
        shown_at=("timeout:request_detail", lambda w: [w.timeout_request.pk]),
        context_name="end_form",
        setup=placed,
        data=lambda w: {"end_kind": "early", "reason": "Zij wilde weg."},
    ),
    FormCase(
        "timeout.forms.ExtendStayForm",
        "timeout:stay_extend",
        CARLA,
        ("planned_end", "morgen"),
        lambda w: [w.stay.pk],
        shown_at=("timeout:request_detail", lambda w: [w.timeout_request.pk]),
        context_name="extend_form",
        setup=placed,
    ),
    FormCase(
        "timeout.forms.PastStayForm",
        "timeout:stay_register_past",
        CARLA,
        ("end", "later"),
        data=lambda w: {"bed": w.bed.pk},
    ),
    # STAP's own beheer pages (/instellingen/): one form for every kind
    FormCase(
        "stapteam.platform.beheer.BeheerForm",
        "stapteam:beheer_create",
        BEHEER,
        ("order", "veel"),
        lambda w: ["netwerkpartners"],
    ),
    FormCase(
        "stapteam.platform.beheer.BeheerForm",
        "stapteam:beheer_edit_single",
        BEHEER,
        ("decision_body", "d" * 201),
        lambda w: ["brieven"],
    ),
    FormCase(
        "stapteam.platform.beheer.BeheerForm",
        "stapteam:beheer_edit",
        BEHEER,
        ("tariff_per_day", "veel"),
        this_years_settings,
        data=lambda w: {"year": str(_today().year)},
    ),
    # Budgets
    FormCase(
        "budgets.forms.ExpenseForm",
        "budgets:expense_create",
        ANNA,
        ("amount", "-5"),
        data=lambda w: {
            "budget": w.budget.pk,
            "client": w.client.pk,
            "category": "food",
            "description": "Warme maaltijd",
        },
    ),
    FormCase(
        "budgets.forms.GrantForm",
        "budgets:grant_create",
        BEHEER,
        ("amount", "12,345"),
        lambda w: [w.budget.pk],
    ),
    FormCase(
        "stapteam.forms.platform.reports.ReportSnapshotForm",
        "stapteam:report_snapshot_create",
        CARLA,
        ("omschrijving", "k" * 81),
        shown_at=("stapteam:report", None),
        context_name="snapshot_form",
        data=lambda w: {
            "van": _today().replace(month=1, day=1).isoformat(),
            "tot": _today().isoformat(),
            "peildatum": _today().isoformat(),
        },
    ),
    FormCase(
        "budgets.forms.ReasonForm",
        "budgets:entry_reverse",
        CARLA,
        ("reason", "z" * 301),
        lambda w: [w.expense.pk],
    ),
    FormCase(
        "budgets.forms.RefuseForm",
        "budgets:entry_refuse",
        CARLA,
        ("note", "n" * 301),
        lambda w: [w.pending.pk],
        shown_at=("budgets:approval_list", None),
        setup=pending_expense,
    ),
]

# Forms this test does not post, and why.
EXEMPT = {
    "stapteam.forms.platform.login_steps.CodeForm": "a login step; a code is never shown back "
    "(tests/stapteam/test_login_security.py)",
    "stapteam.forms.platform.login_steps.EnrolForm": "a login step (test_login_security.py)",
    "stapteam.forms.platform.login_steps.ReauthenticateForm": "a password is never shown back",
    "stapteam.forms.platform.accounts.AddressForm": "a button per blocked address; nothing typed",
    "stapteam.forms.platform.subject_access.RedactionForm": "behind step-up; its errors and kept "
    "input: tests/stapteam/test_subject_access_document.py",
    "stapteam.forms.platform.subject_access.ReleaseForm": "one checkbox behind step-up; "
    "tests/stapteam/test_subject_access_document.py",
    "stapteam.forms.platform.access_log.LogFilterForm": "a GET filter; stores nothing",
    "stapteam.forms.platform.retention.DestructionFilterForm": "a GET filter; stores nothing",
    "stapteam.forms.caseload.lists.TeamFilterForm": "a GET filter; stores nothing",
    "stapteam.forms.caseload.lists.TeamSearchForm": "a GET search of the team list; stores nothing",
    "registrations.forms.RegisterFilterForm": "a GET search of the register; stores nothing",
    "registrations.forms.PeriodForm": "a GET filter of the counts page; stores nothing",
    "budgets.views.report.PeriodForm": "a GET filter of the budget report; stores nothing",
    "stapteam.forms.platform.reports.ReportPeriodForm": "a GET filter of the Rapportage; its "
    "refusals: tests/stapteam/test_reports.py",
    "stapteam.forms.platform.notifications.NotificationSettingsForm": "only checkboxes, nothing "
    "typed; a forged choice: tests/stapteam/test_notifications.py",
}


def _new_mail(w: Any) -> None:
    from django.core.files.base import ContentFile

    from registrations.models import InboundMail

    mail = InboundMail(message_id="<fouten@test.invalid>", source="upload")
    mail.raw_message.save("fouten.eml", ContentFile(b"Subject: vraag\r\n\r\nHoi\r\n"))
    w.new_mail = mail


def _day_passes() -> None:
    from registrations.models import RegistrationSettings

    RegistrationSettings.objects.filter(id=1).update(regime="day_pass")


def test_every_form_is_covered() -> None:
    """A new form fails here until it has a case in CASES or a reason in EXEMPT."""
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in form_classes()}
    covered = {case.form for case in CASES} | EXEMPT.keys()
    assert not names - covered, f"add a FormCase to {__file__}: {sorted(names - covered)}"
    assert not covered - names, f"no such form: {sorted(covered - names)}"
    hostile = {page.url_name for page in HOSTILE_FORMS} - {case.url_name for case in CASES}
    assert not hostile, f"tests/test_hostile_input.py posts these, this file does not: {hostile}"


def generic_value(field_: forms.Field, name: str) -> Any:
    """A plausible valid value of a field, as she would type or pick it."""
    if isinstance(field_, forms.FileField) or isinstance(field_.widget, forms.HiddenInput):
        return None
    if isinstance(field_, forms.BooleanField):
        return "on" if field_.required else None
    if isinstance(field_, forms.ModelMultipleChoiceField):
        first = field_.queryset.first()  # type: ignore[union-attr]
        return [str(first.pk)] if first and field_.required else None
    if isinstance(field_, forms.ModelChoiceField):
        first = field_.queryset.first()  # type: ignore[union-attr]
        if first is None:
            return None
        return str(getattr(first, field_.to_field_name or "pk"))
    if isinstance(field_, forms.MultipleChoiceField):
        values = [str(v) for v, _label in field_.choices if v]  # type: ignore[misc,union-attr]
        return values[:1]
    if isinstance(field_, forms.ChoiceField):
        values = [str(v) for v, _label in field_.choices if v not in ("", None)]  # type: ignore[misc,union-attr]
        return values[0] if values else None
    if isinstance(field_, forms.DateTimeField):
        return (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    if isinstance(field_, forms.DateField):
        return _today().isoformat()
    if isinstance(field_, forms.DecimalField):
        return "12,50"
    if isinstance(field_, forms.IntegerField):
        low = field_.min_value if field_.min_value is not None else 1
        return str(max(int(low), min(3, int(field_.max_value or 3))))
    if isinstance(field_, forms.EmailField):
        return "zoe@voorbeeld.nl"
    if isinstance(field_, forms.CharField):
        return f"Getypt <{name}> & bewaard"[: field_.max_length or 200]
    return None


def page_form(client: Any, url: str, case: FormCase, w: Any) -> forms.BaseForm:
    """The form as the page shows it before she types (a hand-written one: its class)."""
    response = client.get(url)
    assert response.status_code == 200, url
    form = response.context.get(case.context_name)
    if form is None and case.make is not None:
        form = case.make(w)
    elif form is None:
        module, name = case.form.rsplit(".", 1)
        form = getattr(importlib.import_module(module), name)()
    assert isinstance(form, forms.BaseForm), f"{url} shows no form called {case.context_name!r}"
    return form


def shown_errors(response: Any) -> list[str]:
    """Every error message the page shows: in its forms and as an error message above them."""
    errors: list[str] = []
    seen: set[int] = set()
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, forms.BaseForm) and value.is_bound and id(value) not in seen:
                seen.add(id(value))
                errors += [str(e) for errs in value.errors.values() for e in errs]
    storage = response.context.get("messages") if response.context else None
    errors += [str(m) for m in storage or [] if m.level == message_levels.ERROR]
    return errors


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_wrong_value_comes_back_with_an_instruction_and_her_input(
    client,
    world,  # noqa: F811
    case: FormCase,
) -> None:
    with acting_as(world.cast[case.role]):
        case.setup(world)
    client.force_login(world.cast[case.role])
    url = reverse(case.url_name, args=case.args(world) if case.args else None)
    page, page_args = case.shown_at or (case.url_name, case.args)
    page_url = reverse(page, args=page_args(world) if page_args else None)
    form = page_form(client, page_url, case, world)
    data: dict[str, Any] = {}
    for name, field_ in form.fields.items():
        value = generic_value(field_, name)
        if value is not None:
            data[form.add_prefix(name)] = value
    data.update(case.data(world))
    bad_name, bad_value = case.bad
    if bad_name == "goal_X":
        bad_name = f"goal_{world.goal.pk}"
    if bad_name == "file":
        bad_value = SimpleUploadedFile(bad_value, b"")
    data[bad_name] = bad_value
    data = {k: v for k, v in data.items() if v is not None}

    before = stored_rows()
    response = client.post(url, data)

    assert response.status_code == 200, f"{url}: {response.status_code} {response.get('Location')}"
    assert stored_rows() == before, "a refused form stored something"
    content = response.content.decode()
    errors = shown_errors(response)
    assert errors, f"{url}: no error shown for {bad_name}"
    wrong = {e: p for e in errors if (p := instruction_problems(e))}
    assert not wrong, f"{url}: not an instruction: {wrong}"
    for error in errors:
        assert escape(error) in content, f"{url}: the error {error!r} is not on the page"
    kept = [
        name
        for name, value in data.items()
        if name != bad_name
        and isinstance(value, str)
        and value
        and (case.kept is None or name in case.kept)
        and not isinstance(form.fields.get(name, forms.Field()).widget, forms.HiddenInput)
    ]
    if isinstance(bad_value, str) and bad_value and _typed_into(form.fields.get(bad_name)):
        kept.append(bad_name)  # the wrong value too, so she can correct it
    lost = [name for name in kept if escape(data[name]) not in content]
    assert not lost, f"{url}: her input is gone from {lost}"


def _typed_into(field_: forms.Field | None) -> bool:
    """Whether the field is one she types into (a choice she picks is not shown as typed)."""
    typed = (
        forms.TextInput,
        forms.NumberInput,
        forms.DateInput,
        forms.DateTimeInput,
        forms.Textarea,
        forms.EmailInput,
    )
    return field_ is not None and isinstance(field_.widget, typed)
