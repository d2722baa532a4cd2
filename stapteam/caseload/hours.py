"""Hours and caseload per casemanager: the coordinator's view of the load, in a fixed number of
queries. The team overview and the assign and handover pickers use it; so can the reports."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
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
    # Only what the team overview and the assignment form show: never the password hash.
    users = (
        User.objects.filter(is_active=True, groups__name=GROUP_NAMES[Role.CASEMANAGER])
        .select_related("organisation")
        .only(
            "username", "first_name", "last_name", "organisation__name", "organisation__short_name"
        )
    )
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


# (client, casemanager, started on, ended on) of an assignment
AssignmentRow = tuple[int, int, datetime.date, datetime.date | None]


def _assignments(start: datetime.date, end: datetime.date) -> list[AssignmentRow]:
    """The assignments that cover at least one day of the period, in one query; not those of
    files closed throughout it (closing keeps the last assignment, but such a file counts no
    day, and after ten years they are most files)."""
    return list(
        Assignment.objects.filter(started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .exclude(
            Exists(
                Closure.objects.closed_throughout(start, end).filter(client=OuterRef("client_id"))
            )
        )
        .order_by("client_id", "started_on", "id")
        .values_list("client_id", "casemanager_id", "started_on", "ended_on")
    )


def _client_days(
    start: datetime.date,
    end: datetime.date,
    months: list[datetime.date],
    assignments: list[AssignmentRow],
) -> dict[tuple[datetime.date, int], int]:
    """Per (month, casemanager): the days her assigned files were open, in one query (the
    closures). A file is closed from the day after its closing until the day before its
    reopening."""
    far = datetime.date.max - datetime.timedelta(days=1)
    closed: dict[int, list[tuple[datetime.date, datetime.date]]] = {}
    # The closures that begin or end within the period (those of files closed throughout it
    # have no assignment here): a few, whatever the age of the database; no list of ids.
    overlapping = Closure.objects.filter(closed_on__lte=end).filter(
        Q(reopened_on__isnull=True) | Q(reopened_on__gt=start)
    )
    for client_id, closed_on, reopened_on in overlapping.exclude(
        pk__in=Closure.objects.closed_throughout(start, end).values("pk")
    ).values_list("client_id", "closed_on", "reopened_on"):
        last = reopened_on - datetime.timedelta(days=1) if reopened_on else far
        closed.setdefault(client_id, []).append((closed_on + datetime.timedelta(days=1), last))
    index = {month: n for n, month in enumerate(months)}
    # Each month's first and last day within the period, worked out once.
    bounds = [(month, max(month, start), min(_last_of_month(month), end)) for month in months]
    days: dict[tuple[datetime.date, int], int] = {}
    for client_id, casemanager_id, started_on, ended_on in assignments:
        # Only the months the assignment overlaps (ten years of months for each one was slow).
        first_month = index.get(max(start, started_on).replace(day=1), 0)
        last_month = index.get(min(end, ended_on or far).replace(day=1), len(months) - 1)
        spans = closed.get(client_id)
        until = ended_on or far
        for month, month_first, month_last in bounds[first_month : last_month + 1]:
            first = max(month_first, started_on)
            last = min(month_last, until)
            if first <= last:
                key = (month, casemanager_id)
                open_days = _open_days(first, last, spans) if spans else (last - first).days + 1
                days[key] = days.get(key, 0) + open_days
    return days


def _last_of_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _covering_spans(
    assignments: list[AssignmentRow], start: datetime.date, end: datetime.date
) -> list[tuple[int, int, datetime.date, datetime.date]]:
    """(client, casemanager, first, last): on each day of the period, the casemanager of the
    assignment that covered the file that day; where two cover one day (a handover day, when
    the old one ends as the new one starts), the one that started last. The spans do not
    overlap, so the database can join each contact with at most one."""
    spans = []
    by_client: dict[int, list[AssignmentRow]] = {}
    for row in assignments:  # ordered by client, started on, id: the last covering one wins
        by_client.setdefault(row[0], []).append(row)
    one_day = datetime.timedelta(days=1)
    for client_id, rows in by_client.items():
        bounds = sorted(
            {start, end + one_day}
            | {r[2] for r in rows if start < r[2] <= end}
            | {r[3] + one_day for r in rows if r[3] and start <= r[3] < end}
        )
        for first, after in itertools.pairwise(bounds):
            covering = [r for r in rows if r[2] <= first and (r[3] is None or r[3] >= first)]
            if covering:
                spans.append((client_id, covering[-1][1], first, after - one_day))
    return spans


# Contacts joined with the span of the assignment that covered the client on the contact's day
# (_covering_spans): a join on the client and the moment, instead of a lookup per contact.
_CONTACT_MINUTES_SQL = """
WITH span AS (
    -- A span's days as moments (local midnight to midnight), turned once per span, not per
    -- contact.
    SELECT client_id, casemanager_id,
           first_day::timestamp AT TIME ZONE %(tz)s AS starts,
           (last_day + 1)::timestamp AT TIME ZONE %(tz)s AS ends
    FROM unnest(%(clients)s::bigint[], %(casemanagers)s::bigint[],
                %(firsts)s::date[], %(lasts)s::date[])
         AS s(client_id, casemanager_id, first_day, last_day)
), peer AS (
    SELECT ug.user_id FROM {user_groups} AS ug JOIN {group} AS g ON g.id = ug.group_id
    WHERE g.name = %(peer_group)s
)
SELECT (date_trunc('month', contact.occurred_at AT TIME ZONE %(tz)s))::date AS month,
       span.casemanager_id, contact.time_type,
       contact.author_id IN (SELECT user_id FROM peer) AS by_peer,
       SUM(contact.minutes) AS total
FROM {contact} AS contact
LEFT JOIN span ON span.client_id = contact.client_id
               AND contact.occurred_at >= span.starts AND contact.occurred_at < span.ends
WHERE contact.occurred_at >= %(first)s AND contact.occurred_at < %(last)s AND NOT contact.no_show
GROUP BY 1, 2, 3, 4
"""


def _contact_minutes(
    start: datetime.date, end: datetime.date, assignments: list[AssignmentRow]
) -> list[dict[str, Any]]:
    """Minutes per month, casemanager of the file on the contact's day, time type and author kind,
    in one grouped query (a no-show counts no time)."""
    spans = _covering_spans(assignments, start, end)
    sql = _CONTACT_MINUTES_SQL.format(
        contact=Contact._meta.db_table,
        user_groups=User.groups.through._meta.db_table,
        group=Group._meta.db_table,
    )
    params: dict[str, Any] = {
        "clients": [s[0] for s in spans],
        "casemanagers": [s[1] for s in spans],
        "firsts": [s[2] for s in spans],
        "lasts": [s[3] for s in spans],
        "tz": timezone.get_current_timezone_name(),
        "first": day_start(start),
        "last": day_start(end + datetime.timedelta(days=1)),
        "peer_group": PEER_GROUP,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def monthly_hours(
    start: datetime.date, end: datetime.date, *, per_casemanager: bool = True
) -> list[MonthHours]:
    """Per month of the period: the team's hours against the norm, then (if asked) each
    casemanager's, by name; in five queries whatever the amount of data."""
    months = months_of(start, end)
    config = CaseloadSettings.current()
    assignments = _assignments(start, end)
    days = _client_days(start, end, months, assignments)
    minutes: dict[tuple[datetime.date, int | None], dict[str, int]] = {}
    for row in _contact_minutes(start, end, assignments):
        month = row["month"]
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
