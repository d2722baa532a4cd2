"""The Awb deadline radar: every running legal term of the registrations, nearest first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from registrations.models import Objection, RegistrationRequest
from stapteam.platform.dates import days_left

Status = RegistrationRequest.Status


@dataclass
class Term:
    label: str
    request: RegistrationRequest
    deadline: datetime.date | None
    days_left: int | None
    objection: Objection | None = None  # set for the term of deciding on an objection

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def running_terms(today: datetime.date) -> list[Term]:
    """Open requests (their beslistermijn) and undecided objections (their 7:10 term)."""
    terms = []
    open_requests = RegistrationRequest.objects.exclude(
        status__in=[Status.NOTIFIED, Status.HANDLED]
    ).select_related("person", "owner")
    for r in open_requests:
        deadline = r.decision_deadline() if r.is_application else None
        label = _("Beslistermijn") if r.is_application else _("Afhandelen")
        terms.append(Term(label, r, deadline, days_left(deadline, today) if deadline else None))
    objections = Objection.objects.filter(outcome="").select_related(
        "decision__request__person", "decision__request__owner"
    )
    for o in objections:
        deadline = o.decision_deadline()
        terms.append(
            Term(
                _("Beslissen op bezwaar"),
                o.decision.request,
                deadline,
                days_left(deadline, today) if deadline else None,
                objection=o,
            )
        )
    terms.sort(key=lambda t: (t.days_left is None, t.days_left or 0))
    return terms
