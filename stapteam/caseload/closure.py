"""What is still open in a file before it closes: goals, escalation, handover, and other apps' work.

Other apps add their open work (a pending time-out request, an expense awaiting approval) by
registering a provider, as for the timeline; stapteam never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stapteam.models import Escalation, Goal, Handover
from stapteam.platform.formats import day_date

if TYPE_CHECKING:
    from stapteam.models import Client, User


@dataclass(frozen=True)
class OpenWork:
    kind: str  # a short Dutch label: "Opschaling", "Overdracht", "Time-out", ...
    title: str
    url: str = ""  # where the user can settle it, if she may


OpenWorkProvider = Callable[["Client", "User"], Iterable[OpenWork]]
_providers: list[OpenWorkProvider] = []


def register_open_work_provider(provider: OpenWorkProvider) -> OpenWorkProvider:
    """Add a source of open work shown before a file closes (one query per provider)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def open_work_for(client: Client, user: User) -> list[OpenWork]:
    return [item for provider in _providers for item in provider(client, user)]


def open_goals(client: Client) -> list[Goal]:
    """The goals still open: closing settles each as lapsed or keeps it open."""
    return list(
        Goal.objects.filter(client=client, status=Goal.Status.OPEN).select_related("domain")
    )


@register_open_work_provider
def _escalation(client: Client, user: User) -> Iterable[OpenWork]:
    for e in Escalation.objects.filter(client=client, closed_at__isnull=True)[:1]:
        yield OpenWork(
            _("Opschaling"),
            _("Opschaling loopt sinds %(day)s; reageren voor %(by)s")
            % {"day": day_date(e.raised_at), "by": day_date(e.respond_by)},
            reverse("stapteam:escalation_detail", args=[e.pk])
            if user.has_perm("stapteam.view_escalation")
            else "",
        )


@register_open_work_provider
def _handover(client: Client, user: User) -> Iterable[OpenWork]:
    running = Handover.objects.filter(client=client, ends_on__gte=timezone.localdate())
    for h in running.select_related("from_casemanager", "to_casemanager")[:5]:
        yield OpenWork(
            _("Overdracht"),
            _("Warme overdracht van %(a)s naar %(b)s loopt tot en met %(end)s")
            % {"a": h.from_casemanager, "b": h.to_casemanager, "end": day_date(h.ends_on)},
        )
