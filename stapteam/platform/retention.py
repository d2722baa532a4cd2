"""Retention: finding the records past their term, and destroying or anonymising them.

Each kind of record has a rule: the category whose term applies, how to find what is due (never
what is under legal hold, never what was destroyed already) and how to destroy one. Other apps
register their rules and, for what they hold about a client, an anonymiser that runs when her care
file is anonymised; stapteam never names them. `manage.py apply_retention` runs the rules.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from stapteam.models import (
    AccessLogEntry,
    Assignment,
    Client,
    ClientAccessGrant,
    Closure,
    Contact,
    DestructionRecord,
    Escalation,
    EscalationAction,
    Goal,
    Handover,
    PeerLink,
    ReportSnapshot,
    RetentionCategory,
    SubjectAccessRedaction,
    SubjectAccessRequest,
    Trajectory,
)
from stapteam.platform.dates import add_years

# What anonymised free text and names become.
REMOVED = "[verwijderd]"


@dataclass(frozen=True)
class Due:
    """A record past its term: its id and, for care data, the client code (never a name)."""

    object_id: int
    client_code: str = ""
    rows: int = 0  # for a bulk rule: how many rows are past the term


@dataclass(frozen=True)
class RetentionRule:
    category: str  # RetentionCategory.code
    object_type: str  # "app_label.model"
    action: str  # DestructionRecord.Action
    find_due: Callable[[RetentionCategory, datetime.date], list[Due]]
    destroy: Callable[[Due], int]  # returns the number of related rows changed or deleted
    # A bulk rule (the access log, the mailbox rounds) destroys everything due at once and
    # records one row for it.
    bulk: bool = False


@dataclass
class CategoryResult:
    category: str
    name: str
    object_type: str
    action: str
    due: list[Due] = field(default_factory=list)
    destroyed: int = 0
    related_rows: int = 0
    bulk: bool = False  # due[0].rows rows past the term (the access log, the mailbox rounds)


_rules: list[RetentionRule] = []
ClientAnonymiser = Callable[[Client], int]
_client_anonymisers: list[ClientAnonymiser] = []


def register_retention_rule(rule: RetentionRule) -> RetentionRule:
    if rule not in _rules:
        _rules.append(rule)
    return rule


def register_client_anonymiser(anonymiser: ClientAnonymiser) -> ClientAnonymiser:
    """Add what another app does when a client's care file is anonymised (returns rows touched)."""
    if anonymiser not in _client_anonymisers:
        _client_anonymisers.append(anonymiser)
    return anonymiser


def destroyed_ids(category: str, object_type: str) -> set[int]:
    """Ids already destroyed in this category: a record is destroyed once."""
    rows = DestructionRecord.objects.filter(category=category, object_type=object_type)
    return {int(i) for i in rows.values_list("object_id", flat=True) if i.isdigit()}


def last_change(model: type[models.Model]) -> Subquery:
    """The moment a record last changed, from its history (for clocks without their own date)."""
    history_model = model.history.model  # type: ignore[attr-defined]
    return Subquery(
        history_model.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date")
        .values("history_date")[:1]
    )


def delete_history(model: type[models.Model], **lookup: Any) -> int:
    """Delete the history rows of a model's records (simple-history keeps old values there)."""
    deleted, _by_model = model.history.filter(**lookup).delete()  # type: ignore[attr-defined]
    return deleted


def apply_retention(*, today: datetime.date, apply: bool) -> list[CategoryResult]:
    """What is past its term on `today`, per rule; with apply=True it is destroyed, one
    transaction per rule, with a DestructionRecord per destroyed record."""
    categories = {c.code: c for c in RetentionCategory.objects.all()}
    results = []
    for rule in _rules:
        category = categories.get(rule.category)
        if category is None:  # a category that is not configured destroys nothing
            continue
        with transaction.atomic():
            result = CategoryResult(
                rule.category, category.name, rule.object_type, rule.action, bulk=rule.bulk
            )
            result.due = rule.find_due(category, today)
            if apply and result.due:
                _destroy(rule, result, today)
        results.append(result)
    return results


def _destroy(rule: RetentionRule, result: CategoryResult, today: datetime.date) -> None:
    if rule.bulk:
        rows = rule.destroy(result.due[0])
        DestructionRecord.objects.create(
            category=rule.category,
            object_type=rule.object_type,
            object_id=f"<{result.due[0].object_id}",
            action=rule.action,
            destroyed_on=today,
            related_rows=rows,
        )
        result.destroyed, result.related_rows = rows, rows
        return
    for due in result.due:
        rows = rule.destroy(due)
        DestructionRecord.objects.create(
            category=rule.category,
            object_type=rule.object_type,
            object_id=str(due.object_id),
            client_code=due.client_code,
            action=rule.action,
            destroyed_on=today,
            related_rows=rows,
        )
        result.destroyed += 1
        result.related_rows += rows


# --- The care file ------------------------------------------------------------------------------

CARE_FILE = "care_file"


def _due_care_files(category: RetentionCategory, today: datetime.date) -> list[Due]:
    done = destroyed_ids(CARE_FILE, "stapteam.client")
    clients = Client.objects.filter(
        status=Client.Status.CLOSED, closed_on__lt=category.cutoff(today), legal_hold=False
    ).order_by("pk")
    return [Due(c.pk, c.code) for c in clients.only("pk", "code") if c.pk not in done]


def anonymise_client(due: Due) -> int:
    """Empty what names or describes her; keep code, status, dates and numbers for the reports.

    Updates go through querysets, so they leave no new history rows; the old history rows hold
    the old values and are deleted. ZRM snapshots (scores only) and ledger entries (amounts) are
    append-only in the database and stay.
    """
    client = Client.objects.select_for_update().get(pk=due.object_id)
    pk = client.pk
    rows = Client.objects.filter(pk=pk).update(
        call_name=REMOVED,
        full_name="",
        date_of_birth=None,
        phone="",
        residence="",
        consent_scope="",
        legal_hold_reason="",
    )
    escalation_ids = list(Escalation.objects.filter(client_id=pk).values_list("pk", flat=True))
    rows += Contact.objects.filter(client_id=pk).update(note="")
    rows += Goal.objects.filter(client_id=pk).update(wish=REMOVED, actions="", who="")
    rows += Trajectory.objects.filter(client_id=pk).update(result="")
    rows += Handover.objects.filter(client_id=pk).update(note=REMOVED)
    rows += Escalation.objects.filter(pk__in=escalation_ids).update(
        question=REMOVED, closing_note=""
    )
    rows += EscalationAction.objects.filter(escalation_id__in=escalation_ids).update(
        description=REMOVED, owner=REMOVED
    )
    rows += ClientAccessGrant.objects.filter(client_id=pk).update(reason=REMOVED)
    rows += Closure.objects.filter(client_id=pk).update(reason="")
    rows += Closure.objects.filter(client_id=pk, reopened_on__isnull=False).update(
        reopen_reason=REMOVED
    )
    rows += (
        SubjectAccessRequest.objects.filter(client_id=pk)
        .exclude(representative="")
        .update(representative=REMOVED)
    )
    # A redaction quotes other people's data from her file: it goes with the file's texts.
    rows += SubjectAccessRedaction.objects.filter(request__client_id=pk).delete()[0]
    rows += delete_history(SubjectAccessRedaction, request__client_id=pk)  # and its "-" row
    rows += delete_history(Client, id=pk)
    for model in (
        Contact,
        Goal,
        Trajectory,
        Handover,
        Escalation,
        ClientAccessGrant,
        Closure,
        Assignment,
        PeerLink,
        SubjectAccessRequest,
    ):
        rows += delete_history(model, client_id=pk)
    rows += delete_history(EscalationAction, escalation_id__in=escalation_ids)
    for anonymiser in _client_anonymisers:
        rows += anonymiser(client)
    return rows


register_retention_rule(
    RetentionRule(
        CARE_FILE,
        "stapteam.client",
        DestructionRecord.Action.ANONYMISED,
        _due_care_files,
        anonymise_client,
    )
)


# --- The access log -----------------------------------------------------------------------------

ACCESS_LOG = "access_log"


def _access_log_cutoff(category: RetentionCategory, today: datetime.date) -> datetime.datetime:
    years = getattr(settings, "ACCESS_LOG_RETENTION_YEARS", category.term_years)
    day = add_years(today, -years)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _due_access_log(category: RetentionCategory, today: datetime.date) -> list[Due]:
    """One entry for all rows past the term: its id is the cut-off as yyyymmdd."""
    cutoff = _access_log_cutoff(category, today)
    rows = AccessLogEntry.objects.filter(at__lt=cutoff).count()
    return [Due(int(cutoff.strftime("%Y%m%d")), rows=rows)] if rows else []


def _purge_access_log(due: Due) -> int:
    """The log's trigger refuses DELETE unless this transaction says it is the retention purge."""
    day = datetime.datetime.strptime(str(due.object_id), "%Y%m%d")
    cutoff = timezone.make_aware(datetime.datetime.combine(day.date(), datetime.time.min))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL stap.retention = 'on'")
    deleted, _by_model = AccessLogEntry.objects.filter(at__lt=cutoff).delete()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL stap.retention = 'off'")
    return deleted


register_retention_rule(
    RetentionRule(
        ACCESS_LOG,
        "stapteam.accesslogentry",
        DestructionRecord.Action.DELETED,
        _due_access_log,
        _purge_access_log,
        bulk=True,
    )
)


# --- Fixed reports ------------------------------------------------------------------------------

REPORT_SNAPSHOT = "report_snapshot"


def _due_report_snapshots(category: RetentionCategory, today: datetime.date) -> list[Due]:
    """Snapshots fixed before the cut-off (its day counts from the day it was fixed)."""
    cutoff = timezone.make_aware(
        datetime.datetime.combine(category.cutoff(today), datetime.time.min)
    )
    old = (
        ReportSnapshot.objects.filter(made_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [Due(pk) for pk in old]


def delete_report_snapshot(due: Due) -> int:
    """The snapshot with its files and its history (the hours per casemanager are in both)."""
    deleted, _by_model = ReportSnapshot.objects.filter(pk=due.object_id).delete()
    # After the delete, which writes a last history row of its own; the destruction record stays.
    return deleted + delete_history(ReportSnapshot, id=due.object_id)


register_retention_rule(
    RetentionRule(
        REPORT_SNAPSHOT,
        "stapteam.reportsnapshot",
        DestructionRecord.Action.DELETED,
        _due_report_snapshots,
        delete_report_snapshot,
    )
)
