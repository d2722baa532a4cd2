"""Retention of time-out data: closed requests' reasons, and a client's requests and stays when
her care file is anonymised (the dates, days and beds stay for the year figures)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate

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
from timeout.models import Stay, TimeoutRequest

CLOSED_REQUEST = "timeout_request_closed"


def _due_closed_requests(category: RetentionCategory, today: datetime.date) -> list[Due]:
    done = destroyed_ids(CLOSED_REQUEST, "timeout.timeoutrequest")
    requests = (
        TimeoutRequest.objects.filter(
            status__in=[TimeoutRequest.Status.WITHDRAWN, TimeoutRequest.Status.REFUSED],
            client__legal_hold=False,
        )
        .annotate(clock=TruncDate(Coalesce("assessed_at", last_change(TimeoutRequest))))
        .filter(clock__lt=category.cutoff(today))
        .select_related("client")
        .order_by("pk")
    )
    return [Due(r.pk, r.client.code) for r in requests if r.pk not in done]


def _wipe_requests(requests: Q) -> int:
    ids = list(TimeoutRequest.objects.filter(requests).values_list("pk", flat=True))
    rows = TimeoutRequest.objects.filter(pk__in=ids).update(reason=REMOVED)
    rows += (
        TimeoutRequest.objects.filter(pk__in=ids)
        .exclude(assessment_note="")
        .update(assessment_note=REMOVED)
    )
    rows += delete_history(TimeoutRequest, id__in=ids)
    return rows


def anonymise_closed_request(due: Due) -> int:
    return _wipe_requests(Q(pk=due.object_id))


def anonymise_client_timeout(client: Client) -> int:
    """Her requests' reasons and her stays' free text; dates, days and beds stay."""
    rows = _wipe_requests(Q(client=client))
    rows += Stay.objects.filter(client=client).update(end_reason="", override_reason="")
    rows += delete_history(Stay, client_id=client.pk)
    return rows


def register() -> None:
    register_retention_rule(
        RetentionRule(
            CLOSED_REQUEST,
            "timeout.timeoutrequest",
            DestructionRecord.Action.ANONYMISED,
            _due_closed_requests,
            anonymise_closed_request,
        )
    )
    register_client_anonymiser(anonymise_client_timeout)
