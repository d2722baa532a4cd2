"""Retention of registration data: withdrawn or refused requests after 6 weeks, a person's whole
file after her last registration ended, the care link when her care file is anonymised, and the
mailbox rounds (about 100,000 a year on a 5-minute schedule) after 13 weeks.

Anonymising keeps kinds, dates, statuses, outcomes and pass numbers, so the counts stay right;
names, contact details, free text, stored mail files and the PDFs of the letters sent go.
"""

from __future__ import annotations

import datetime

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from registrations.models import (
    Advice,
    Decision,
    InboundMail,
    Letter,
    MailAttachment,
    MailboxFetch,
    Objection,
    Person,
    Registration,
    RegistrationRequest,
    SubjectAccessRedaction,
    SubjectAccessRequest,
)
from stapteam.models import Client, DestructionRecord, RetentionCategory
from stapteam.platform.retention import (
    REMOVED,
    Due,
    RetentionRule,
    delete_history,
    destroyed_ids,
    last_change,
    register_client_anonymiser,
    register_retention_rule,
)

CLOSED_REQUEST = "registration_request_closed"
MAILBOX_FETCH = "mailbox_fetch"
REGISTRATION_FILE = "registration_file"
Status = RegistrationRequest.Status
CLOSED = [Status.NOTIFIED, Status.HANDLED]


def _wipe_request(request_id: int) -> int:
    """Empty the request's free text, its mails and advice; delete the stored mail files (the
    attachments and each mail's original message)."""
    rows = RegistrationRequest.objects.filter(pk=request_id).update(summary="")
    requests = RegistrationRequest.objects.filter(pk=request_id)
    rows += requests.exclude(answer="").update(answer=REMOVED, answered_to=REMOVED)
    rows += requests.exclude(representative="").update(representative=REMOVED)
    mails = InboundMail.objects.filter(request_id=request_id)
    mail_ids = list(mails.values_list("pk", flat=True))
    attachments = MailAttachment.objects.filter(mail_id__in=mail_ids)
    names = [a.file.name for a in attachments if a.file]
    names += [name for name in mails.values_list("raw_message", flat=True) if name]
    # The letters sent are part of the request's file: their PDFs go with it.
    letters = Letter.objects.filter(request_id=request_id)
    names += [name for name in letters.values_list("pdf", flat=True) if name]
    # Files cannot be rolled back: they go only once the database agrees.
    transaction.on_commit(lambda: _delete_files(names))
    rows += attachments.update(file="", filename=REMOVED)
    rows += InboundMail.objects.filter(pk__in=mail_ids).update(
        sender="", subject=REMOVED, body_text="", problems="", raw_message=""
    )
    rows += Advice.objects.filter(request_id=request_id).update(motivation="")
    decisions = Decision.objects.filter(request_id=request_id)
    decision_ids = list(decisions.values_list("pk", flat=True))
    rows += decisions.update(grounds_text="")
    objections = Objection.objects.filter(decision_id__in=decision_ids)
    rows += objections.update(grounds=REMOVED)
    rows += objections.exclude(representative="").update(representative=REMOVED)
    rows += letters.update(pdf="", addressee=REMOVED)
    rows += delete_history(Letter, request_id=request_id)
    rows += delete_history(RegistrationRequest, id=request_id)
    rows += delete_history(InboundMail, id__in=mail_ids)
    rows += delete_history(MailAttachment, mail_id__in=mail_ids)
    rows += delete_history(Advice, request_id=request_id)
    rows += delete_history(Decision, request_id=request_id)
    rows += delete_history(Objection, decision_id__in=decision_ids)
    return rows


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _wipe_person(person_id: int) -> int:
    rows = Person.objects.filter(pk=person_id).update(
        name=REMOVED,
        call_name="",
        date_of_birth=None,
        phone="",
        email="",
        address="",
        client=None,
    )
    rows += Registration.objects.filter(person_id=person_id).update(conditions="", end_note="")
    rows += (
        SubjectAccessRequest.objects.filter(person_id=person_id)
        .exclude(representative="")
        .update(representative=REMOVED)
    )
    # A redaction quotes other people's data from her records: it goes with them.
    rows += SubjectAccessRedaction.objects.filter(request__person_id=person_id).delete()[0]
    rows += delete_history(SubjectAccessRedaction, request__person_id=person_id)
    rows += delete_history(Person, id=person_id)
    rows += delete_history(Registration, person_id=person_id)
    rows += delete_history(SubjectAccessRequest, person_id=person_id)
    return rows


# --- Withdrawn or refused requests (and questions) ----------------------------------------------


def _due_closed_requests(category: RetentionCategory, today: datetime.date) -> list[Due]:
    done = destroyed_ids(CLOSED_REQUEST, "registrations.registrationrequest")
    undecided_objection = Objection.objects.filter(decision__request=OuterRef("pk"), outcome="")
    withdrawn = Q(
        kind__in=["application", "question"], status=Status.HANDLED, decision__isnull=True
    )
    refused = Q(decision__outcome=Decision.Outcome.REFUSED, decision__notified_on__isnull=False)
    requests = (
        RegistrationRequest.objects.filter(withdrawn | refused)
        .exclude(person__legal_hold=True)
        .exclude(Exists(undecided_objection))
        .annotate(
            clock=Coalesce("decision__notified_on", TruncDate(last_change(RegistrationRequest)))
        )
        .filter(clock__lt=category.cutoff(today))
        .order_by("pk")
    )
    return [Due(pk) for pk in requests.values_list("pk", flat=True) if pk not in done]


def anonymise_closed_request(due: Due) -> int:
    """The request goes; so does the person, when she has no registration and nothing else."""
    request = RegistrationRequest.objects.select_for_update().get(pk=due.object_id)
    rows = _wipe_request(request.pk)
    if request.person_id is not None:
        done = destroyed_ids(CLOSED_REQUEST, "registrations.registrationrequest")
        others = (
            RegistrationRequest.objects.filter(person_id=request.person_id)
            .exclude(pk=request.pk)
            .exclude(pk__in=done)
        )
        has_registration = Registration.objects.filter(person_id=request.person_id).exists()
        if not has_registration and not others.exists():
            rows += _wipe_person(request.person_id)
    return rows


# --- A person's whole registration file -----------------------------------------------------------


def _due_registration_files(category: RetentionCategory, today: datetime.date) -> list[Due]:
    done = destroyed_ids(REGISTRATION_FILE, "registrations.person")
    cutoff = category.cutoff(today)
    open_or_recent = RegistrationRequest.objects.filter(person=OuterRef("pk")).filter(
        ~Q(status__in=CLOSED) | Q(received_on__gte=cutoff)
    )
    people = (
        Person.objects.filter(legal_hold=False, registrations__isnull=False)
        .annotate(last_end=Max(Coalesce("registrations__ended_on", "registrations__valid_until")))
        .filter(last_end__lt=cutoff)
        .exclude(Exists(open_or_recent))
        .order_by("pk")
    )
    return [Due(pk) for pk in people.values_list("pk", flat=True) if pk not in done]


def anonymise_registration_file(due: Due) -> int:
    person = Person.objects.select_for_update().get(pk=due.object_id)
    rows = 0
    for request_id in RegistrationRequest.objects.filter(person=person).values_list(
        "pk", flat=True
    ):
        rows += _wipe_request(request_id)
    return rows + _wipe_person(person.pk)


def unlink_client(client: Client) -> int:
    """Her care file is anonymised: the coordinator's link from a registration person goes."""
    return Person.objects.filter(client=client).update(client=None)


# --- Mailbox rounds -------------------------------------------------------------------------------


def _mailbox_fetch_cutoff(category: RetentionCategory, today: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(category.cutoff(today), datetime.time.min))


def _due_mailbox_fetches(category: RetentionCategory, today: datetime.date) -> list[Due]:
    """One entry for every finished round past the term: its id is the cut-off as yyyymmdd. A
    round still running is left for the mailbox to mark as broken."""
    cutoff = _mailbox_fetch_cutoff(category, today)
    rows = (
        MailboxFetch.objects.filter(started_at__lt=cutoff)
        .exclude(result=MailboxFetch.Result.RUNNING)
        .count()
    )
    return [Due(int(cutoff.strftime("%Y%m%d")), rows=rows)] if rows else []


def delete_mailbox_fetches(due: Due) -> int:
    """The rounds before the cut-off go, with their history (their messages may name a mail)."""
    day = datetime.datetime.strptime(str(due.object_id), "%Y%m%d").date()
    cutoff = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    before = MailboxFetch.objects.filter(started_at__lt=cutoff)
    deleted, _by_model = before.exclude(result=MailboxFetch.Result.RUNNING).delete()
    # After the delete, which writes a "deleted" history row of its own; a subquery rather than
    # a list of ids, since a first run may meet a year of rounds. A running round keeps its rows.
    history = MailboxFetch.history.filter(started_at__lt=cutoff)  # type: ignore[attr-defined]
    history_rows, _by_model = history.exclude(id__in=before.values("pk")).delete()
    return deleted + history_rows


def register() -> None:
    register_retention_rule(
        RetentionRule(
            MAILBOX_FETCH,
            "registrations.mailboxfetch",
            DestructionRecord.Action.DELETED,
            _due_mailbox_fetches,
            delete_mailbox_fetches,
            bulk=True,
        )
    )
    register_retention_rule(
        RetentionRule(
            CLOSED_REQUEST,
            "registrations.registrationrequest",
            DestructionRecord.Action.ANONYMISED,
            _due_closed_requests,
            anonymise_closed_request,
        )
    )
    register_retention_rule(
        RetentionRule(
            REGISTRATION_FILE,
            "registrations.person",
            DestructionRecord.Action.ANONYMISED,
            _due_registration_files,
            anonymise_registration_file,
        )
    )
    register_client_anonymiser(unlink_client)
