"""Signals of stagnation per client, computed in the database for a whole list at once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stapteam.caseload.hours import day_start, month_start
from stapteam.models import (
    Assignment,
    CaseloadSettings,
    Client,
    ClientQuerySet,
    Contact,
    Escalation,
    Goal,
    ZrmAssessment,
)
from stapteam.platform.formats import day_date


@dataclass(frozen=True)
class Signal:
    code: str
    label: str
    started: datetime.date | None  # the day the signal began; None: not tied to a date
    detail: str = ""  # the signal in a sentence, naming the fact it rests on

    @property
    def text(self) -> str:
        return self.detail or self.label


@dataclass(frozen=True)
class Proposal:
    """A signal that has lasted past the set time, so STAP proposes an escalation."""

    signal: Signal
    days: int  # how long it has lasted
    limit: int  # the set time (CaseloadSettings.propose_escalation_days)

    @property
    def text(self) -> str:
        return _(
            "%(signal)s: dit signaal duurt al %(days)s dagen, langer dan de %(limit)s dagen "
            "waarna opschaling naar procesregie wordt voorgesteld."
        ) % {"signal": self.signal.text, "days": self.days, "limit": self.limit}


SIGNAL_CHOICES = [
    ("no_contact", _("Geen contact")),
    ("goals_overdue", _("Doelen over streefdatum")),
    ("no_zrm", _("Geen recente ZRM")),
    ("escalated", _("Opgeschaald")),
    ("no_casemanager", _("Geen casemanager")),
]


def with_signals(clients: ClientQuerySet) -> ClientQuerySet:
    """Annotate each client with what the signals and the caseload page need (fixed queries)."""
    today = timezone.localdate()
    start = month_start(today)
    contacts = Contact.objects.filter(client=OuterRef("pk"))
    minutes = (
        contacts.filter(occurred_at__gte=start, no_show=False)
        .order_by()
        .values("client")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    open_goals = Goal.objects.filter(client=OuterRef("pk"), status=Goal.Status.OPEN)
    overdue = (
        open_goals.filter(target_date__lt=today)
        .order_by()
        .values("client")
        .annotate(n=Count("pk"), first=Max("target_date"))
    )
    return clients.annotate(
        last_contact_at=Subquery(
            contacts.filter(no_show=False).order_by("-occurred_at").values("occurred_at")[:1]
        ),
        minutes_this_month=Coalesce(Subquery(minutes, output_field=IntegerField()), 0),
        open_goal_count=Coalesce(
            Subquery(
                open_goals.order_by().values("client").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        overdue_goal_count=Coalesce(Subquery(overdue.values("n"), output_field=IntegerField()), 0),
        oldest_overdue_target=Subquery(
            open_goals.filter(target_date__lt=today)
            .order_by("target_date")
            .values("target_date")[:1]
        ),
        last_zrm_on=Subquery(
            ZrmAssessment.objects.filter(client=OuterRef("pk"))
            .order_by("-assessed_on")
            .values("assessed_on")[:1]
        ),
        has_open_escalation=Exists(
            Escalation.objects.filter(client=OuterRef("pk"), closed_at__isnull=True)
        ),
        has_casemanager=Exists(
            Assignment.objects.filter(client=OuterRef("pk"), ended_on__isnull=True)
        ),
    )


def signals_of(client: Any, config: CaseloadSettings, today: datetime.date) -> list[Signal]:
    """The signals of an annotated client (see with_signals); none for closed files."""
    if client.status == Client.Status.CLOSED:
        return []
    found = []
    last = client.last_contact_at and timezone.localtime(client.last_contact_at).date()
    since_created = timezone.localtime(client.created_at).date()
    no_contact_from = (last or since_created) + datetime.timedelta(days=config.no_contact_days)
    if no_contact_from < today:
        detail = (
            _("Geen contact sinds %(date)s") % {"date": day_date(last)}
            if last
            else _("Nog geen contact sinds de aanmelding op %(date)s")
            % {"date": day_date(since_created)}
        )
        found.append(Signal("no_contact", str(_("Geen contact")), no_contact_from, detail))
    if client.overdue_goal_count:
        started = client.oldest_overdue_target + datetime.timedelta(days=1)
        detail = ngettext(
            "%(n)s doel over de streefdatum (%(date)s)",
            "%(n)s doelen over de streefdatum, de eerste sinds %(date)s",
            client.overdue_goal_count,
        ) % {"n": client.overdue_goal_count, "date": day_date(client.oldest_overdue_target)}
        found.append(Signal("goals_overdue", str(_("Doelen over streefdatum")), started, detail))
    zrm_days = datetime.timedelta(days=round(config.zrm_months * 30.44))
    no_zrm_from = (client.last_zrm_on or since_created) + zrm_days
    if no_zrm_from < today:
        detail = (
            _("Laatste ZRM op %(date)s") % {"date": day_date(client.last_zrm_on)}
            if client.last_zrm_on
            else _("Nog geen ZRM sinds de aanmelding op %(date)s")
            % {"date": day_date(since_created)}
        )
        found.append(Signal("no_zrm", str(_("Geen recente ZRM")), no_zrm_from, detail))
    if client.has_open_escalation:
        found.append(Signal("escalated", str(_("Opgeschaald")), None))
    if not client.has_casemanager and client.status != Client.Status.MONITORING:
        found.append(Signal("no_casemanager", str(_("Geen casemanager")), None))
    return found


def proposes_escalation(
    signals: list[Signal], config: CaseloadSettings, today: datetime.date
) -> Proposal | None:
    """The longest-lasting signal past the set time proposes an escalation (none is running)."""
    if any(s.code == "escalated" for s in signals):
        return None
    limit = today - datetime.timedelta(days=config.propose_escalation_days)
    lasting = [
        s
        for s in signals
        if s.code in ("no_contact", "goals_overdue", "no_zrm")
        and s.started is not None
        and s.started <= limit
    ]
    if not lasting:
        return None
    oldest = min(lasting, key=lambda s: s.started or today)
    days = (today - (oldest.started or today)).days
    return Proposal(oldest, days, config.propose_escalation_days)


def filter_by_signal(clients: ClientQuerySet, code: str) -> ClientQuerySet:
    """Narrow an annotated queryset to clients with signal `code`, in the database."""
    config = CaseloadSettings.current()
    today = timezone.localdate()
    not_closed = ~Q(status=Client.Status.CLOSED)
    if code == "no_contact":
        # Local midnight, so that the filter and signals_of agree on the boundary day.
        limit = timezone.make_aware(
            datetime.datetime.combine(
                today - datetime.timedelta(days=config.no_contact_days), datetime.time()
            )
        )
        return clients.filter(not_closed).filter(
            Q(last_contact_at__lt=limit) | Q(last_contact_at__isnull=True, created_at__lt=limit)
        )
    if code == "goals_overdue":
        return clients.filter(not_closed, Q(overdue_goal_count__gt=0))
    if code == "no_zrm":
        limit_date = today - datetime.timedelta(days=round(config.zrm_months * 30.44))
        return clients.filter(not_closed).filter(
            Q(last_zrm_on__lt=limit_date)
            | Q(last_zrm_on__isnull=True, created_at__lt=day_start(limit_date))
        )
    if code == "escalated":
        return clients.filter(Q(has_open_escalation=True))
    if code == "no_casemanager":
        return clients.filter(not_closed, Q(has_casemanager=False)).exclude(
            status=Client.Status.MONITORING
        )
    return clients
