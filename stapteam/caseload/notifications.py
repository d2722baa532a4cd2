"""The caseload's notifications: escalations for procesregie and back, warm handovers, and the
stagnation signals on a casemanager's own clients."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from stapteam.caseload.stagnation import SIGNAL_CHOICES, signals_of, with_signals
from stapteam.models import (
    Assignment,
    CaseloadSettings,
    Client,
    Escalation,
    EscalationAction,
    Handover,
    User,
)
from stapteam.models.notifications import Notification
from stapteam.platform.formats import day_date
from stapteam.platform.notifications import (
    NotificationKind,
    Shown,
    notify,
    register_kind,
    register_scheduled_source,
    resolve,
    users_with_role,
)
from stapteam.platform.roles import Role

ESCALATION_RAISED = "escalation_raised"
ESCALATION_ACTION = "escalation_action"
ESCALATION_CLOSED = "escalation_closed"
ESCALATION_FOLLOW_UP = "escalation_follow_up"
HANDOVER_ASSIGNED = "handover_assigned"
HANDOVER_ENDING = "handover_ending"
HANDOVER_ENDING_DAYS = 3  # the overlap ends within this many days: both hear of it

CASEMANAGER = frozenset({Role.CASEMANAGER})

# A stagnation signal with a start day, per kind of notification. "Opgeschaald" is her own act
# and "Geen casemanager" has no one to tell: neither is notified.
STAGNATION = {
    "no_contact": "stagnation_no_contact",
    "goals_overdue": "stagnation_goals_overdue",
    "no_zrm": "stagnation_no_zrm",
}
STAGNATION_KINDS = tuple(STAGNATION.values())
_SIGNAL_LABELS = dict(SIGNAL_CHOICES)


def _file(client_id: int) -> str:
    return reverse("stapteam:client_detail", args=[client_id])


def current_casemanagers(client: Client | int) -> list[User]:
    pk = client if isinstance(client, int) else client.pk
    return [
        a.casemanager
        for a in Assignment.objects.filter(client_id=pk, ended_on__isnull=True).select_related(
            "casemanager"
        )
    ]


def _raised(e: Escalation, n: Notification) -> Shown:
    return Shown(
        _("Nieuwe opschaling; reageren vóór %(day)s.") % {"day": day_date(e.respond_by)},
        reverse("stapteam:escalation_detail", args=[e.pk]),
    )


def _action(a: EscalationAction, n: Notification) -> Shown:
    text = _("Procesregie legde een %(kind)s vast bij je opschaling.") % {
        "kind": a.get_kind_display().lower()
    }
    return Shown(text, _file(a.escalation.client_id))


def _closed(e: Escalation, n: Notification) -> Shown:
    return Shown(_("Procesregie sloot je opschaling af."), _file(e.client_id))


def _follow_up(a: EscalationAction, n: Notification) -> Shown:
    return Shown(
        _("Vervolgdatum %(day)s van een afspraak bij een opschaling is bereikt.")
        % {"day": day_date(a.follow_up_on)},
        _file(a.escalation.client_id),
    )


def _handover(h: Handover, n: Notification) -> Shown:
    return Shown(
        _("Warme overdracht van een cliënt; de overlap loopt tot en met %(day)s.")
        % {"day": day_date(h.ends_on)},
        _file(h.client_id),
    )


def _handover_ending(h: Handover, n: Notification) -> Shown:
    return Shown(
        _("De overlap van een warme overdracht eindigt op %(day)s.") % {"day": day_date(h.ends_on)},
        _file(h.client_id),
    )


def _stagnation(client: Client, n: Notification) -> Shown:
    signal = next(code for code, kind in STAGNATION.items() if kind == n.kind)
    return Shown(
        _("Stagnatiesignaal bij een cliënt van je: %(signal)s, sinds %(day)s.")
        % {"signal": str(_SIGNAL_LABELS[signal]).lower(), "day": day_date(n.due)},
        _file(client.pk),
    )


def escalation_raised(escalation: Escalation) -> None:
    notify(ESCALATION_RAISED, escalation, users_with_role(Role.PROCESS_DIRECTOR))


def escalation_acknowledged(escalation: Escalation) -> None:
    resolve(ESCALATION_RAISED, escalation)


def escalation_action_recorded(action: EscalationAction) -> None:
    resolve(ESCALATION_RAISED, action.escalation)
    notify(ESCALATION_ACTION, action, current_casemanagers(action.escalation.client_id))


def escalation_closed(escalation: Escalation) -> None:
    resolve(ESCALATION_RAISED, escalation)
    notify(ESCALATION_CLOSED, escalation, current_casemanagers(escalation.client_id))


def handover_assigned(handover: Handover) -> None:
    notify(HANDOVER_ASSIGNED, handover, [handover.from_casemanager, handover.to_casemanager])


def follow_ups_reached(today: datetime.date) -> None:
    """Open escalations' agreements whose follow-up date has come: to the client's casemanager."""
    actions = EscalationAction.objects.filter(
        follow_up_on__lte=today, escalation__closed_at__isnull=True
    ).select_related("escalation")
    for action in actions[:500]:
        notify(
            ESCALATION_FOLLOW_UP,
            action,
            current_casemanagers(action.escalation.client_id),
            due=action.follow_up_on,
        )


def overlaps_ending(today: datetime.date) -> None:
    ending = Handover.objects.filter(
        ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=HANDOVER_ENDING_DAYS)
    ).select_related("from_casemanager", "to_casemanager")
    for handover in ending[:500]:
        notify(
            HANDOVER_ENDING,
            handover,
            [handover.from_casemanager, handover.to_casemanager],
            due=handover.ends_on,
        )


def stagnation_signals(today: datetime.date) -> None:
    """Each stagnation signal of an open file, once per (signal, client, day it began), to the
    client's current casemanagers; a signal that ended (a contact, a new ZRM, the goal met) or
    a casemanager who no longer has the client resolves hers."""
    config = CaseloadSettings.current()
    casemanagers: dict[int, list[User]] = {}
    for assignment in (
        Assignment.objects.filter(ended_on__isnull=True)
        .exclude(client__status=Client.Status.CLOSED)
        .select_related("casemanager")
    ):
        casemanagers.setdefault(assignment.client_id, []).append(assignment.casemanager)
    clients = with_signals(Client.objects.filter(pk__in=list(casemanagers)))
    standing: set[tuple[str, int, datetime.date, int]] = set()
    for client in clients:
        for signal in signals_of(client, config, today):
            code = STAGNATION.get(signal.code)
            if code is None or signal.started is None:
                continue
            notify(code, client, casemanagers[client.pk], due=signal.started)
            standing.update(
                (code, client.pk, signal.started, u.pk) for u in casemanagers[client.pk]
            )
    waiting = Notification.objects.filter(
        kind__in=STAGNATION_KINDS,
        content_type=ContentType.objects.get_for_model(Client),
        resolved_at__isnull=True,
    ).values_list("pk", "kind", "object_id", "due", "recipient_id")
    ended = [pk for pk, *key in waiting if tuple(key) not in standing]
    Notification.objects.filter(pk__in=ended).update(resolved_at=timezone.now())


def register() -> None:
    kinds: list[tuple[str, Any, frozenset[Role], Any]] = [
        (
            ESCALATION_RAISED,
            _lazy("Nieuwe opschaling"),
            frozenset({Role.PROCESS_DIRECTOR}),
            _raised,
        ),
        (ESCALATION_ACTION, _lazy("Afspraak of actie bij je opschaling"), CASEMANAGER, _action),
        (ESCALATION_CLOSED, _lazy("Opschaling afgesloten"), CASEMANAGER, _closed),
        (
            ESCALATION_FOLLOW_UP,
            _lazy("Vervolgdatum van een afspraak bereikt"),
            CASEMANAGER,
            _follow_up,
        ),
        (HANDOVER_ASSIGNED, _lazy("Warme overdracht"), CASEMANAGER, _handover),
        (
            HANDOVER_ENDING,
            _lazy("Overlap van een overdracht eindigt"),
            CASEMANAGER,
            _handover_ending,
        ),
    ]
    actions = EscalationAction.objects.select_related("escalation")
    for code, label, roles, render in kinds:
        register_kind(NotificationKind(code, label, roles, render, targets=lambda: actions.all()))
    for signal, code in STAGNATION.items():
        label = format_lazy(
            "{}: {}", _lazy("Stagnatiesignaal bij je cliënt"), _SIGNAL_LABELS[signal]
        )
        register_kind(NotificationKind(code, label, CASEMANAGER, _stagnation))
    register_scheduled_source(follow_ups_reached)
    register_scheduled_source(stagnation_signals)
    register_scheduled_source(overlaps_ending)
