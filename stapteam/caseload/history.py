"""The caseload's records on the generic history page (/historie/<kind>/<pk>/)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stapteam import access
from stapteam.models import Contact, Escalation, Goal, Trajectory, ZrmAssessment
from stapteam.platform.formats import day_date
from stapteam.platform.history import HistoryKind, register_history_kind


def _file(obj: Any) -> str:
    return reverse("stapteam:client_detail", args=[obj.client_id])


def _contact_title(contact: Any) -> str:
    return gettext("Historie van het contact van %(day)s") % {"day": day_date(contact.occurred_at)}


def register() -> None:
    register_history_kind(
        "contact",
        HistoryKind(
            model=Contact,
            fetch=lambda user, pk: access.get_contact_for(user, pk, action="history"),
            back_url=_file,
            title=_contact_title,
        ),
    )
    register_history_kind(
        "doel",
        HistoryKind(
            model=Goal,
            labels={"created_by": _("vastgelegd door")},
            fetch=lambda user, pk: access.get_goal_for(user, pk, action="history"),
            back_url=_file,
        ),
    )
    register_history_kind(
        "zrm",
        HistoryKind(
            model=ZrmAssessment,
            fetch=lambda user, pk: access.get_zrm_assessment_for(user, pk, action="history"),
            back_url=lambda obj: reverse("stapteam:zrm_overview", args=[obj.client_id]),
            labels={"domain_set": _("lijst van leefgebieden"), "created_at": _("vastgelegd op")},
        ),
    )
    register_history_kind(
        "traject",
        HistoryKind(
            model=Trajectory,
            fetch=lambda user, pk: access.get_trajectory_for(user, pk, action="history"),
            back_url=_file,
        ),
    )
    register_history_kind(
        "opschaling",
        HistoryKind(
            model=Escalation,
            labels={
                "acknowledged_by": _("in behandeling genomen door"),
                "closed_by": _("afgesloten door"),
            },
            fetch=lambda user, pk: access.get_escalation_for(user, pk, action="history"),
            back_url=lambda obj: reverse("stapteam:escalation_detail", args=[obj.pk]),
        ),
    )
