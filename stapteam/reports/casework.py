"""The caseload's own sections of the Rapportage: trajectories by kind and escalations."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stapteam.caseload.hours import day_start
from stapteam.models import Escalation, Trajectory
from stapteam.reports.sections import Figure, Section, register_report_section


def trajectory_section(start: datetime.date, end: datetime.date, on: datetime.date) -> Section:
    """Trajectories running in the period and begun in it, per kind, in one query."""
    kinds = Trajectory.Kind.choices
    running = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    begun = Q(started_on__range=(start, end))
    n = Trajectory.objects.filter(running).aggregate(
        running=Count("id"),
        begun=Count("id", filter=begun),
        **{f"running_{k}": Count("id", filter=Q(kind=k)) for k, _label in kinds},
        **{f"begun_{k}": Count("id", filter=begun & Q(kind=k)) for k, _label in kinds},
    )
    return Section(
        "trajecten",
        gettext_lazy("Trajecten naast de zorg"),
        [
            Figure(_("Lopend in de periode"), n["running"]),
            *(
                Figure(_("Lopend: %(kind)s") % {"kind": label}, n[f"running_{k}"], True)
                for k, label in kinds
            ),
            Figure(_("Gestart in de periode"), n["begun"]),
            *(
                Figure(_("Gestart: %(kind)s") % {"kind": label}, n[f"begun_{k}"], True)
                for k, label in kinds
            ),
        ],
    )


def escalation_section(start: datetime.date, end: datetime.date, on: datetime.date) -> Section:
    """Escalations raised in the period, answered by procesregie in time, and resolved, in one
    query."""
    first, last = day_start(start), day_start(end + datetime.timedelta(days=1))
    raised = Q(raised_at__gte=first, raised_at__lt=last)
    closed = Q(closed_at__gte=first, closed_at__lt=last)
    n = (
        Escalation.objects.filter(raised | closed)
        .annotate(answered_on=TruncDate("acknowledged_at"))
        .aggregate(
            raised=Count("id", filter=raised),
            in_time=Count("id", filter=raised & Q(answered_on__lte=F("respond_by"))),
            late=Count("id", filter=raised & Q(answered_on__gt=F("respond_by"))),
            resolved=Count("id", filter=closed),
        )
    )
    return Section(
        "opschalingen",
        gettext_lazy("Opschalingen"),
        [
            Figure(_("Opgeschaald in de periode"), n["raised"]),
            Figure(_("Op tijd beantwoord door procesregie"), n["in_time"]),
            Figure(_("Te laat beantwoord"), n["late"]),
            Figure(_("Afgesloten in de periode"), n["resolved"]),
        ],
        gettext_lazy("Op tijd: gezien door procesregie uiterlijk op de reactiedatum."),
    )


def register() -> None:
    register_report_section(trajectory_section)
    register_report_section(escalation_section)
