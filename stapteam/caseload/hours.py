"""Hours and caseload per casemanager: the coordinator's view of the load, in a fixed number of
queries. The team overview and the assign and handover pickers use it; so can the reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from stapteam.models import Assignment, CaseloadSettings, Client, Closure, Contact, User
from stapteam.platform.roles import GROUP_NAMES, Role


def day_start(day: datetime.date) -> datetime.datetime:
    """Local midnight at the start of `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def month_start(day: datetime.date) -> datetime.datetime:
    """Local midnight of the first of the month of `day`."""
    return timezone.make_aware(datetime.datetime.combine(day.replace(day=1), datetime.time()))


def norm_minutes(config: CaseloadSettings, clients: int, today: datetime.date) -> int:
    """The norm (hours per client per week) for `clients` clients, this month up to today."""
    per_day = Decimal(config.norm_hours_per_week) * 60 / 7
    return int(per_day * today.day * clients)


def with_load(users: Any, today: datetime.date) -> Any:
    """Annotate casemanagers with their active and monitoring clients and their minutes of
    contact this month (their own contacts; a no-show counts no time)."""
    minutes = (
        Contact.objects.filter(
            author=OuterRef("pk"), occurred_at__gte=month_start(today), no_show=False
        )
        .order_by()
        .values("author")
        .annotate(total=Sum("minutes"))
        .values("total")
    )

    def files(status: str) -> Any:
        # A subquery per user, not a join: a join evaluates the minutes once per assignment row.
        return Coalesce(
            Subquery(
                Assignment.objects.filter(
                    casemanager=OuterRef("pk"), ended_on__isnull=True, client__status=status
                )
                .order_by()
                .values("casemanager")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )

    return users.annotate(
        active_clients=files(Client.Status.ACTIVE),
        monitoring_clients=files(Client.Status.MONITORING),
        minutes_this_month=Coalesce(Subquery(minutes, output_field=IntegerField()), 0),
    )


def casemanagers_with_load(today: datetime.date | None = None) -> Any:
    """Every active casemanager, with her load (see with_load), by name."""
    today = today or timezone.localdate()
    users = User.objects.filter(
        is_active=True, groups__name=GROUP_NAMES[Role.CASEMANAGER]
    ).select_related("organisation")
    return with_load(users, today).order_by("first_name", "last_name", "username")


@dataclass(frozen=True)
class Load:
    casemanager: User
    active: int
    monitoring: int
    minutes: int
    norm: int

    @property
    def over_norm(self) -> bool:
        return self.norm > 0 and self.minutes > self.norm


def load_of(user: Any, config: CaseloadSettings, today: datetime.date) -> Load:
    """The load of a casemanager annotated by with_load."""
    return Load(
        user,
        user.active_clients,
        user.monitoring_clients,
        user.minutes_this_month,
        norm_minutes(config, user.active_clients, today),
    )


def team_load(config: CaseloadSettings, today: datetime.date | None = None) -> list[Load]:
    today = today or timezone.localdate()
    return [load_of(user, config, today) for user in casemanagers_with_load(today)]


# --- Hours against the norm per month (the reports) ----------------------------------------------

PEER_GROUP = GROUP_NAMES[Role.PEER_WORKER]


@dataclass(frozen=True)
class MonthHours:
    """Contact minutes of one month against the norm, for one casemanager's files (or the team):
    direct and indirect time, by the casemanager (anyone but an ervaringsdeskundige) and by the
    ervaringsdeskundige, and the days her assigned files were open."""

    month: datetime.date  # the first of the month
    casemanager: User | None  # None: the whole team
    direct: int
    indirect: int
    peer_direct: int
    peer_indirect: int
    client_days: int
    norm_hours_per_week: Decimal

    @property
    def minutes(self) -> int:
        return self.direct + self.indirect + self.peer_direct + self.peer_indirect

    @property
    def client_weeks(self) -> Decimal:
        return (Decimal(self.client_days) / 7).quantize(Decimal("0.1"))

    @property
    def norm_minutes(self) -> int:
        return int(self.norm_hours_per_week * 60 * self.client_days / 7)

    @property
    def hours_per_client_week(self) -> Decimal | None:
        """Hours of contact per client per week, one decimal; None without open files."""
        if not self.client_days:
            return None
        return (Decimal(self.minutes) * 7 / 60 / self.client_days).quantize(Decimal("0.1"))


def months_of(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _days(first: datetime.date, last: datetime.date) -> int:
    return max(0, (last - first).days + 1)


def _open_days(
    first: datetime.date, last: datetime.date, closed: list[tuple[datetime.date, datetime.date]]
) -> int:
    """Days from first to last (inclusive) outside the closed spans (inclusive, not overlapping)."""
    return _days(first, last) - sum(_days(max(first, a), min(last, b)) for a, b in closed)


def _client_days(
    start: datetime.date, end: datetime.date, months: list[datetime.date]
) -> dict[tuple[datetime.date, int], int]:
    """Per (month, casemanager): the days her assigned files were open, in two queries. A file
    is closed from the day after its closing until the day before its reopening."""
    assignments = list(
        Assignment.objects.filter(started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values_list("client_id", "casemanager_id", "started_on", "ended_on")
    )
    far = datetime.date.max - datetime.timedelta(days=1)
    closed: dict[int, list[tuple[datetime.date, datetime.date]]] = {}
    for client_id, closed_on, reopened_on in Closure.objects.filter(
        client__in={a[0] for a in assignments}, closed_on__lte=end
    ).values_list("client_id", "closed_on", "reopened_on"):
        last = reopened_on - datetime.timedelta(days=1) if reopened_on else far
        closed.setdefault(client_id, []).append((closed_on + datetime.timedelta(days=1), last))
    days: dict[tuple[datetime.date, int], int] = {}
    for client_id, casemanager_id, started_on, ended_on in assignments:
        for month in months:
            month_end = (month + datetime.timedelta(days=32)).replace(day=1)
            first = max(month, start, started_on)
            last = min(month_end - datetime.timedelta(days=1), end, ended_on or far)
            if first <= last:
                key = (month, casemanager_id)
                days[key] = days.get(key, 0) + _open_days(first, last, closed.get(client_id, []))
    return days


def _contact_minutes(start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Minutes per month, casemanager of the file on the contact's day, time type and author kind,
    in one grouped query (a no-show counts no time)."""
    on_day = OuterRef("day")
    casemanager = Assignment.objects.filter(
        client=OuterRef("client"), started_on__lte=on_day
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on_day))
    peer = User.groups.through.objects.filter(user=OuterRef("author"), group__name=PEER_GROUP)
    return list(
        Contact.objects.filter(
            occurred_at__gte=day_start(start),
            occurred_at__lt=day_start(end + datetime.timedelta(days=1)),
            no_show=False,
        )
        .annotate(day=TruncDate("occurred_at"))
        .annotate(
            month=TruncMonth("occurred_at"),
            casemanager_id=Subquery(casemanager.order_by("-started_on").values("casemanager")[:1]),
            by_peer=Exists(peer),
        )
        .order_by()
        .values("month", "casemanager_id", "time_type", "by_peer")
        .annotate(total=Sum("minutes"))
    )


def monthly_hours(
    start: datetime.date, end: datetime.date, *, per_casemanager: bool = True
) -> list[MonthHours]:
    """Per month of the period: the team's hours against the norm, then (if asked) each
    casemanager's, by name; in five queries whatever the amount of data."""
    months = months_of(start, end)
    config = CaseloadSettings.current()
    days = _client_days(start, end, months)
    minutes: dict[tuple[datetime.date, int | None], dict[str, int]] = {}
    for row in _contact_minutes(start, end):
        month = (
            timezone.localtime(row["month"]).date()
            if timezone.is_aware(row["month"])
            else row["month"]
        )
        kind = ("peer_" if row["by_peer"] else "") + row["time_type"]
        for key in (
            [(month, None), (month, row["casemanager_id"])]
            if row["casemanager_id"]
            else [(month, None)]
        ):
            bucket = minutes.setdefault(key, {})
            bucket[kind] = bucket.get(kind, 0) + row["total"]
    ids = {cm for (_m, cm) in [*days, *minutes] if cm is not None} if per_casemanager else set()
    people = sorted(User.objects.filter(pk__in=ids), key=lambda u: (u.get_full_name(), u.username))
    rows = []
    for month in months:
        for person in [None, *people]:
            pk = person.pk if person else None
            m = minutes.get((month, pk), {})
            client_days = (
                sum(n for (mo, _cm), n in days.items() if mo == month)
                if person is None
                else days.get((month, person.pk), 0)
            )
            if person is not None and not (m or client_days):
                continue
            rows.append(
                MonthHours(
                    month,
                    person,
                    m.get("direct", 0),
                    m.get("indirect", 0),
                    m.get("peer_direct", 0),
                    m.get("peer_indirect", 0),
                    client_days,
                    Decimal(config.norm_hours_per_week),
                )
            )
    return rows
