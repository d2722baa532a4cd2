"""Hours and caseload per casemanager: the coordinator's view of the load, in a fixed number of
queries. The team overview and the assign and handover pickers use it; so can the reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from stapteam.models import CaseloadSettings, Client, Contact, User
from stapteam.platform.roles import GROUP_NAMES, Role


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
    running = Q(assignments__ended_on__isnull=True)
    return users.annotate(
        active_clients=Count(
            "assignments", filter=running & Q(assignments__client__status=Client.Status.ACTIVE)
        ),
        monitoring_clients=Count(
            "assignments",
            filter=running & Q(assignments__client__status=Client.Status.MONITORING),
        ),
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
