"""Writes of stapteam that touch more than one row or must be atomic."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from stapteam.caseload import notifications
from stapteam.models import (
    Assignment,
    CaseloadSettings,
    Client,
    ClientAccessGrant,
    Closure,
    Contact,
    DomainSet,
    Escalation,
    EscalationAction,
    Goal,
    Handover,
    LifeDomain,
    PeerLink,
    Trajectory,
    User,
    ZrmAssessment,
    ZrmScore,
)
from stapteam.platform import dates
from stapteam.platform.actor import acting_from, acts_as_by
from stapteam.platform.formats import day_date

# --- Clients -------------------------------------------------------------------------------------


class StaleEdit(Exception):
    """Someone else saved the record since this form was opened."""

    def __init__(self, changes: list[tuple[str, Any, Any, Any]]) -> None:
        super().__init__("stale edit")
        self.changes = changes  # (field label, value when opened, value now, who changed it)


def _next_client_code() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('stapteam_client_code_seq')")
        (number,) = cursor.fetchone()
    return f"STAP-{number:04d}"


@transaction.atomic
def register_client(*, casemanager: User | None = None, **fields: Any) -> Client:
    """A new client file; with a casemanager she is active at once."""
    client = Client(code=_next_client_code(), **fields)
    if casemanager is not None:
        client.status = Client.Status.ACTIVE
    client.full_clean(exclude=["code"])
    client.save()
    if casemanager is not None:
        Assignment.objects.create(
            client=client, casemanager=casemanager, started_on=timezone.localdate()
        )
    return client


def _refuse_stale(obj: Client | Goal | Contact, expected_version: int, fields: list[str]) -> None:
    """Raise StaleEdit listing what changed since `expected_version`, and who changed it."""
    if obj.version == expected_version:
        return
    then = obj.history.filter(version=expected_version).order_by("-history_id").first()  # type: ignore[attr-defined]
    latest = obj.history.select_related("history_user").order_by("-history_id").first()  # type: ignore[attr-defined]
    changes = []
    for name in fields:
        old = getattr(then, name, None) if then else None
        new = getattr(obj, name)
        if old != new:
            label = str(getattr(type(obj)._meta.get_field(name), "verbose_name", name))
            changes.append((label, old, new, latest.history_user if latest else None))
    raise StaleEdit(changes)


@transaction.atomic
def update_client(*, client: Client, expected_version: int, changes: dict[str, Any]) -> Client:
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.is_closed:
        raise ValidationError(_("Een afgesloten dossier kan niet worden gewijzigd."))
    _refuse_stale(client, expected_version, list(changes))
    for name, value in changes.items():
        setattr(client, name, value)
    client.version += 1
    client.full_clean(exclude=["code"])
    client.save(update_fields=[*changes, "version"])
    return client


def likely_duplicates(
    *, call_name: str, full_name: str = "", date_of_birth: Any = None, phone: str = ""
) -> list[Client]:
    """Existing clients who may be the same woman: similar names, same birth year, same phone."""
    rule = Q(name_similarity__gt=0.3)
    if date_of_birth:
        rule |= Q(date_of_birth__year=date_of_birth.year)
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) >= 6:
        rule |= Q(phone_digits__endswith=digits[-9:])
    names: Any = TrigramSimilarity("call_name", call_name) + TrigramSimilarity(
        "full_name", call_name
    )
    if full_name:
        names = Greatest(
            names,
            TrigramSimilarity("full_name", full_name) + TrigramSimilarity("call_name", full_name),
        )
    return list(
        Client.objects.annotate(
            name_similarity=names,
            phone_digits=Func(
                F("phone"), Value(r"\D"), Value(""), Value("g"), function="regexp_replace"
            ),
        )
        .filter(rule)
        .order_by("-name_similarity")[:10]
    )


# --- Caseload and handovers ----------------------------------------------------------------------


@transaction.atomic
def assign_casemanager(*, client: Client, casemanager: User) -> Assignment:
    """First assignment of a client without a casemanager."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.is_closed:
        raise ValidationError(_("Een afgesloten dossier krijgt geen casemanager."))
    if Assignment.objects.filter(client=client, ended_on__isnull=True).exists():
        raise ValidationError(_("Deze cliënt heeft al een casemanager; gebruik overdragen."))
    if client.status == Client.Status.REGISTERED:
        client.status = Client.Status.ACTIVE
        client.save(update_fields=["status"])
    return Assignment.objects.create(
        client=client, casemanager=casemanager, started_on=timezone.localdate()
    )


@acts_as_by
@transaction.atomic
def reassign(
    *, client: Client, to_casemanager: User, overlap_until: datetime.date, note: str, by: User
) -> Handover:
    """Warm handover: the new casemanager takes over today; the old one keeps access until
    `overlap_until`, after which her access ends by itself."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    today = timezone.localdate()
    if client.is_closed:
        raise ValidationError(_("Een afgesloten dossier kan niet worden overgedragen."))
    current = Assignment.objects.filter(client=client, ended_on__isnull=True).first()
    if current is None:
        raise ValidationError(_("Deze cliënt heeft nog geen casemanager; wijs er eerst een toe."))
    if current.casemanager_id == to_casemanager.pk:
        raise ValidationError(_("Dit is al de casemanager van deze cliënt."))
    if overlap_until < today:
        raise ValidationError(_("De overlap moet vandaag of later eindigen."))
    if not note.strip():
        raise ValidationError(_("Schrijf een overdrachtsnotitie."))
    current.ended_on = today
    current.save(update_fields=["ended_on"])
    Assignment.objects.create(client=client, casemanager=to_casemanager, started_on=today)
    handover = Handover.objects.create(
        client=client,
        from_casemanager=current.casemanager,
        to_casemanager=to_casemanager,
        starts_on=today,
        ends_on=overlap_until,
        note=note.strip(),
        created_by=by,
    )
    notifications.handover_assigned(handover)
    return handover


@transaction.atomic
def set_peer_link(*, client: Client, peer_worker: User, linked: bool) -> None:
    """Link an ervaringsdeskundige to a client (linked=True) or end the running link."""
    _refuse_closed(client)  # also locks the client: two links at once cannot collide
    running = PeerLink.objects.filter(client=client, peer_worker=peer_worker, ended_on__isnull=True)
    if linked and not running.exists():
        PeerLink.objects.create(
            client=client, peer_worker=peer_worker, started_on=timezone.localdate()
        )
    elif not linked:
        for link in running:
            link.ended_on = timezone.localdate()
            link.save(update_fields=["ended_on"])


# A break-glass reason must say why, for whoever reads the access log later.
ACCESS_REASON_MIN_CHARACTERS = 20
ACCESS_REASON_MIN_WORDS = 3


def check_access_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if len(reason) < ACCESS_REASON_MIN_CHARACTERS or len(reason.split()) < ACCESS_REASON_MIN_WORDS:
        raise ValidationError(
            _(
                "Geef een reden van minstens %(chars)s tekens en %(words)s woorden, zodat later "
                "duidelijk is waarom je dit dossier opende."
            )
            % {"chars": ACCESS_REASON_MIN_CHARACTERS, "words": ACCESS_REASON_MIN_WORDS}
        )
    return reason


@transaction.atomic
def grant_access(*, client: Client, user: User, reason: str) -> ClientAccessGrant:
    """A casemanager opens a colleague's client's file for the rest of the day, with a reason."""
    reason = check_access_reason(reason)
    end_of_day = timezone.make_aware(
        datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=1), datetime.time()
        )
    )
    return ClientAccessGrant.objects.create(
        client=client, user=user, reason=reason, valid_until=end_of_day
    )


# --- Closure -------------------------------------------------------------------------------------


@acts_as_by
@transaction.atomic
def close_client(
    *,
    client: Client,
    closed_on: datetime.date,
    outcome: str,
    outcome_region: str,
    by: User,
    reason: str = "",
    lapse_goals: Iterable[int] = (),
) -> Client:
    """Close the file (or hand it to monitoring) as a new closure period; lapse the chosen goals.

    Goals not in `lapse_goals` stay open: the casemanager decided to keep them.
    """
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.is_closed:
        raise ValidationError(_("Dit dossier is al afgesloten."))
    if outcome not in Client.Outcome.values:
        raise ValidationError(_("Kies een uitkomst."))
    if outcome == Client.Outcome.MONITORING and client.status == Client.Status.MONITORING:
        raise ValidationError(_("Dit dossier staat al op monitoring door procesregie."))
    if outcome == Client.Outcome.OTHER_REGION and not outcome_region.strip():
        raise ValidationError(_("Vul in naar welke regio zij gaat."))
    if closed_on > timezone.localdate():
        raise ValidationError(_("De afsluitdatum mag niet in de toekomst liggen."))
    # Closing a file under monitoring ends the monitoring period and starts the closure.
    _end_open_closure(client, on=closed_on, by=by, reason=_("Afgesloten na monitoring"))
    Closure.objects.create(
        client=client,
        closed_on=closed_on,
        outcome=outcome,
        outcome_region=outcome_region.strip(),
        reason=reason.strip(),
        closed_by=by,
    )
    for goal in Goal.objects.filter(client=client, status=Goal.Status.OPEN, pk__in=lapse_goals):
        goal.status = Goal.Status.LAPSED
        goal.version += 1
        goal._change_reason = _("Vervallen bij afsluiten dossier")  # type: ignore[attr-defined]
        goal.save(update_fields=["status", "version"])
    # "Monitoring door procesregie" ends the care but not the file: procesregie keeps watching.
    monitoring = outcome == Client.Outcome.MONITORING
    client.status = Client.Status.MONITORING if monitoring else Client.Status.CLOSED
    # The client row holds the current (last) closure: the retention clock counts from it.
    client.closed_on = closed_on
    client.outcome = outcome
    client.outcome_region = outcome_region.strip()
    client.version += 1
    # The assignment stays: her casemanager keeps reading the closed file and takes it up again
    # if the coordinator reopens it.
    client.save(update_fields=["status", "closed_on", "outcome", "outcome_region", "version"])
    return client


def _end_open_closure(client: Client, *, on: datetime.date, by: User, reason: str) -> None:
    """End the open closure period, first copying one from the client row if none was kept."""
    closure = Closure.objects.select_for_update().filter(client=client, reopened_on=None).first()
    if closure is None and client.closed_on is not None:
        closure = Closure.objects.create(
            client=client,
            closed_on=client.closed_on,
            outcome=client.outcome,
            outcome_region=client.outcome_region,
        )
    if closure is None:
        return
    closure.reopened_on = max(on, closure.closed_on)
    closure.reopened_by = by
    closure.reopen_reason = reason
    closure.save(update_fields=["reopened_on", "reopened_by", "reopen_reason"])


@acts_as_by
@transaction.atomic
def reopen_client(*, client: Client, reason: str, by: User) -> Client:
    """Reopen a closed file; its closure row keeps the outcome, date and who closed it."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if not client.is_closed:
        raise ValidationError(_("Dit dossier is niet afgesloten."))
    if not reason.strip():
        raise ValidationError(_("Geef een reden op voor heropenen."))
    return _resume_care(client, on=timezone.localdate(), reason=reason.strip(), by=by)


def _resume_care(client: Client, *, on: datetime.date, reason: str, by: User) -> Client:
    """End the open closure period (closed or monitoring): the STAP-team's care goes on."""
    _end_open_closure(client, on=on, by=by, reason=reason)
    # Active again only with a casemanager; otherwise she is registered and awaits one.
    has_casemanager = Assignment.objects.filter(
        client=client, ended_on__isnull=True, casemanager__is_active=True
    ).exists()
    client.status = Client.Status.ACTIVE if has_casemanager else Client.Status.REGISTERED
    client.closed_on = None
    client.outcome = ""
    client.outcome_region = ""
    client.version += 1
    client._change_reason = reason  # type: ignore[attr-defined]  # kept in history
    client.save(update_fields=["status", "closed_on", "outcome", "outcome_region", "version"])
    return client


# --- Monitoring by procesregie -------------------------------------------------------------------

# Where a woman goes when procesregie stops monitoring her: back into the STAP-team's care, or a
# closure outcome (every outcome but monitoring itself).
BACK_TO_TEAM = "team"


@acts_as_by
@transaction.atomic
def start_monitoring(*, client: Client, started_on: datetime.date, reason: str, by: User) -> Client:
    """Procesregie takes over watching a woman who receives no care: a monitoring period starts.

    Her goals stay open and a running escalation goes on: its agreements and follow-up dates are
    how procesregie keeps track during monitoring."""
    if not reason.strip():
        raise ValidationError(_("Schrijf op waarom zij op monitoring gaat."))
    return close_client(
        client=client,
        closed_on=started_on,
        outcome=Client.Outcome.MONITORING,
        outcome_region="",
        reason=reason,
        by=by,
    )


@acts_as_by
@transaction.atomic
def end_monitoring(
    *,
    client: Client,
    ended_on: datetime.date,
    next_step: str,
    outcome_region: str,
    reason: str,
    by: User,
) -> Client:
    """Procesregie stops monitoring: back to the STAP-team (`BACK_TO_TEAM`) or closed with an
    outcome. Either way the monitoring period ends on `ended_on` and stays in the file."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.status != Client.Status.MONITORING:
        raise ValidationError(_("Dit dossier staat niet meer op monitoring."))
    if not reason.strip():
        raise ValidationError(_("Schrijf op waarom de monitoring stopt."))
    if ended_on > timezone.localdate():
        raise ValidationError(_("De einddatum van de monitoring mag niet in de toekomst liggen."))
    if client.closed_on and ended_on < client.closed_on:
        raise ValidationError(
            _("De einddatum mag niet voor de start van de monitoring (%(day)s) liggen.")
            % {"day": day_date(client.closed_on)}
        )
    if next_step == BACK_TO_TEAM:
        return _resume_care(client, on=ended_on, reason=reason.strip(), by=by)
    if next_step == Client.Outcome.MONITORING:
        raise ValidationError(_("Kies hoe het verder gaat."))
    return close_client(
        client=client,
        closed_on=ended_on,
        outcome=next_step,
        outcome_region=outcome_region,
        reason=reason,
        by=by,
    )


def _refuse_closed(client: Client) -> None:
    """Lock the client row, so that a closure at the same moment cannot slip a write in."""
    locked = Client.objects.select_for_update().get(pk=client.pk)
    if locked.is_closed:
        raise ValidationError(_("Dit dossier is afgesloten en alleen nog te lezen."))


# --- Contacts ------------------------------------------------------------------------------------


@transaction.atomic
@acting_from("author")
def record_contact(*, client: Client, author: User, **fields: Any) -> Contact:
    _refuse_closed(client)
    contact = Contact(client=client, author=author, **fields)
    contact.full_clean()
    contact.save()
    return contact


@acts_as_by
@transaction.atomic
def correct_contact(
    *, contact: Contact, by: User, expected_version: int | None = None, **fields: Any
) -> Contact:
    """Correct her contact; with `expected_version` (the form's), a correction made in another
    tab since the form opened raises StaleEdit instead of being overwritten."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if not contact.correctable_by(by):
        raise ValidationError(_("Alleen de auteur kan een contact corrigeren, binnen 7 dagen."))
    _refuse_closed(contact.client)
    if expected_version is not None:
        _refuse_stale(contact, expected_version, list(fields))
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.version += 1
    contact.corrected_at, contact.corrected_by = timezone.now(), by
    contact.full_clean()
    contact.save(update_fields=[*fields, "version", "corrected_at", "corrected_by"])
    return contact


# --- Plan ----------------------------------------------------------------------------------------


@acts_as_by
@transaction.atomic
def add_goal(*, client: Client, by: User, **fields: Any) -> Goal:
    _refuse_closed(client)
    goal = Goal(client=client, created_by=by, **fields)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def update_goal(*, goal: Goal, expected_version: int, changes: dict[str, Any]) -> Goal:
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    _refuse_closed(goal.client)
    _refuse_stale(goal, expected_version, list(changes))
    for name, value in changes.items():
        setattr(goal, name, value)
    goal.version += 1
    goal.full_clean()
    goal.save(update_fields=[*changes, "version"])
    return goal


@transaction.atomic
@acting_from("assessor")
def record_zrm(
    *,
    client: Client,
    assessed_on: datetime.date,
    moment: str,
    assessor: User,
    scores: list[tuple[LifeDomain, int | None, str, int | None]],
) -> ZrmAssessment:
    """A new dated snapshot: (domain, score or None, reason when not scored, target or None)."""
    _refuse_closed(client)
    if assessed_on > timezone.localdate():
        raise ValidationError(_("De datum van een meting mag niet in de toekomst liggen."))
    if moment == ZrmAssessment.Moment.INTAKE:
        # One intake per client; the lock on her row makes two tabs' intakes wait for each other.
        Client.objects.select_for_update().get(pk=client.pk)
        if ZrmAssessment.objects.filter(client=client, moment=moment).exists():
            raise ValidationError(
                _("Deze cliënt heeft al een intakemeting: kies Voortgang, Evaluatie of Uitstroom.")
            )
    domain_set = DomainSet.default()
    if {d.pk for d, *_rest in scores} != set(domain_set.domains.values_list("pk", flat=True)):
        raise ValidationError(_("Scoor elk leefgebied, of geef aan waarom niet."))
    assessment = ZrmAssessment.objects.create(
        client=client,
        assessed_on=assessed_on,
        moment=moment,
        assessor=assessor,
        domain_set=domain_set,
    )
    rows = []
    for domain, score, reason, target in scores:
        if score is None and not reason.strip():
            raise ValidationError(
                _("%(domain)s: geef een score of een reden waarom niet.") % {"domain": domain}
            )
        rows.append(
            ZrmScore(
                assessment=assessment,
                domain=domain,
                score=score,
                not_scored_reason="" if score else reason.strip(),
                target_score=target,
            )
        )
    for row in rows:
        row.full_clean(exclude=["assessment"])
        row.save()  # one by one, so that each score gets its history row
    return assessment


@transaction.atomic
def add_trajectory(*, client: Client, **fields: Any) -> Trajectory:
    _refuse_closed(client)
    trajectory = Trajectory(client=client, **fields)
    trajectory.full_clean()
    trajectory.save()
    return trajectory


@transaction.atomic
def update_trajectory(*, trajectory: Trajectory, changes: dict[str, Any]) -> Trajectory:
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    _refuse_closed(trajectory.client)
    for name, value in changes.items():
        setattr(trajectory, name, value)
    trajectory.full_clean()
    trajectory.save(update_fields=list(changes) or None)
    return trajectory


# --- Escalation ----------------------------------------------------------------------------------


@acts_as_by
@transaction.atomic
def escalate(*, client: Client, question: str, by: User) -> Escalation:
    client = Client.objects.select_for_update().get(pk=client.pk)
    _refuse_closed(client)
    if not question.strip():
        raise ValidationError(_("Schrijf de vraag aan procesregie."))
    if Escalation.objects.filter(client=client, closed_at__isnull=True).exists():
        raise ValidationError(_("Voor deze cliënt loopt al een opschaling."))
    term = CaseloadSettings.current().response_working_days
    escalation = Escalation.objects.create(
        client=client,
        question=question.strip(),
        raised_by=by,
        respond_by=dates.add_working_days(timezone.localdate(), term),
    )
    notifications.escalation_raised(escalation)
    return escalation


@acts_as_by
@transaction.atomic
def acknowledge_escalation(*, escalation: Escalation, by: User) -> Escalation:
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.acknowledged_at is None:
        escalation.acknowledged_at = timezone.now()
        escalation.acknowledged_by = by
        escalation.save(update_fields=["acknowledged_at", "acknowledged_by"])
    notifications.escalation_acknowledged(escalation)
    return escalation


@acts_as_by
@transaction.atomic
def add_escalation_action(*, escalation: Escalation, by: User, **fields: Any) -> EscalationAction:
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if not escalation.is_open:
        raise ValidationError(_("Deze opschaling is al afgesloten."))
    action = EscalationAction(escalation=escalation, created_by=by, **fields)
    action.full_clean()
    action.save()
    if escalation.acknowledged_at is None:
        escalation.acknowledged_at = timezone.now()
        escalation.acknowledged_by = by
        escalation.save(update_fields=["acknowledged_at", "acknowledged_by"])
    notifications.escalation_action_recorded(action)
    return action


@acts_as_by
@transaction.atomic
def close_escalation(*, escalation: Escalation, note: str, by: User) -> Escalation:
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if not escalation.is_open:
        raise ValidationError(_("Deze opschaling is al afgesloten."))
    escalation.closed_at = timezone.now()
    escalation.closed_by = by
    escalation.closing_note = note.strip()
    if escalation.acknowledged_at is None:
        escalation.acknowledged_at = escalation.closed_at
        escalation.acknowledged_by = by
    escalation.save(
        update_fields=[
            "closed_at",
            "closed_by",
            "closing_note",
            "acknowledged_at",
            "acknowledged_by",
        ]
    )
    notifications.escalation_closed(escalation)
    return escalation


# --- Retention: legal hold ----------------------------------------------------------------------


@transaction.atomic
def set_client_legal_hold(*, client: Client, reason: str) -> Client:
    """Hold her file against destruction (a complaint, a lawsuit); an empty reason lifts it."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    client.legal_hold = bool(reason.strip())
    client.legal_hold_reason = reason.strip()
    client.save(update_fields=["legal_hold", "legal_hold_reason"])
    return client
