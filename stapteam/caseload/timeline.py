"""The client timeline: entries from every part of STAP, newest first.

Other apps add their entries by registering a provider (a function of client and user that
returns TimelineEntry items, in a fixed number of queries); stapteam never imports them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from stapteam.models import Client, Closure, Contact, Goal
from stapteam.platform.roles import file_scope

if TYPE_CHECKING:
    from stapteam.models import User


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    kind: str  # a short Dutch label: "Contact", "Doel", "ZRM", ...
    title: str
    detail: str = ""
    icon: str = "circle"  # a Bootstrap Icons name
    edit_url: str = ""  # where the user may correct this entry, if she may
    marker: str = ""  # e.g. "gecorrigeerd op 12 november 2026 door Anna"
    history_url: str = ""  # the entry's history page (the earlier text), if it has one


Provider = Callable[["Client", "User"], Iterable[TimelineEntry]]
_providers: list[Provider] = []


def register_timeline_provider(provider: Provider) -> Provider:
    """Add a source of timeline entries (use as a decorator in the app's timeline module)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def timeline_for(client: Client, user: User, *, limit: int = 100) -> list[TimelineEntry]:
    entries = [entry for provider in _providers for entry in provider(client, user)]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def at_midday(day: datetime.date) -> datetime.datetime:
    """A date placed on the timeline (entries that have a date but no time)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@register_timeline_provider
def _contacts(client: Client, user: User) -> Iterable[TimelineEntry]:
    contacts = (
        Contact.objects.visible_to(user)
        .filter(client=client)
        .select_related("author", "partner", "corrected_by")[:100]
    )
    for c in contacts:
        minutes = _("niet verschenen") if c.no_show else _("%(m)s min.") % {"m": c.minutes}
        detail = c.note if c.note_visible_to(user) else ""
        yield TimelineEntry(
            c.occurred_at,
            _("Contact"),
            f"{c.get_kind_display()} · {minutes} · {c.author}",
            detail,
            "chat-dots",
            reverse("stapteam:contact_edit", args=[c.pk]) if c.correctable_by(user) else "",
            c.correction_marker(),
            reverse("stapteam:history", args=["contact", c.pk]) if c.corrected_at else "",
        )


@register_timeline_provider
def _plan_changes(client: Client, user: User) -> Iterable[TimelineEntry]:
    if not file_scope(user, client).plan:
        return
    versions = (
        Goal.history.filter(client_id=client.pk)  # type: ignore[attr-defined]
        .select_related("domain", "history_user")
        .order_by("-history_date")[:100]
    )
    for v in versions:
        verb = _("Doel toegevoegd") if v.history_type == "+" else _("Doel gewijzigd")
        status = dict(Goal.Status.choices).get(v.status, v.status)
        yield TimelineEntry(
            v.history_date, _("Plan"), f"{verb}: {v.domain} ({status})", v.wish, "bullseye"
        )


@register_timeline_provider
def _zrm(client: Client, user: User) -> Iterable[TimelineEntry]:
    if not file_scope(user, client).zrm:
        return
    for a in client.zrm_assessments.select_related("assessor")[:50]:
        yield TimelineEntry(
            at_midday(a.assessed_on),
            _("ZRM"),
            _("ZRM-meting (%(moment)s) door %(who)s")
            % {"moment": a.get_moment_display(), "who": a.assessor},
            icon="bar-chart",
        )


@register_timeline_provider
def _trajectories(client: Client, user: User) -> Iterable[TimelineEntry]:
    if not file_scope(user, client).trajectories:
        return
    for t in client.trajectories.all()[:50]:
        yield TimelineEntry(
            at_midday(t.started_on),
            _("Traject"),
            f"{t.get_kind_display()} {t.provider}".strip(),
            t.result,
            "signpost",
        )


@register_timeline_provider
def _handovers(client: Client, user: User) -> Iterable[TimelineEntry]:
    for h in client.handovers.select_related("from_casemanager", "to_casemanager")[:50]:
        yield TimelineEntry(
            at_midday(h.starts_on),
            _("Overdracht"),
            _("Warme overdracht van %(a)s naar %(b)s, overlap tot %(end)s")
            % {
                "a": h.from_casemanager,
                "b": h.to_casemanager,
                "end": h.ends_on.strftime("%d-%m-%Y"),
            },
            h.note if user.has_perm("stapteam.change_client") else "",
            "arrow-left-right",
        )


@register_timeline_provider
def _escalations(client: Client, user: User) -> Iterable[TimelineEntry]:
    if not file_scope(user, client).escalations:
        return
    for e in client.escalations.select_related("raised_by")[:50]:
        yield TimelineEntry(
            e.raised_at,
            _("Opschaling"),
            _("Opgeschaald door %(who)s") % {"who": e.raised_by},
            e.question,
            "megaphone",
        )


@register_timeline_provider
def _closures(client: Client, user: User) -> Iterable[TimelineEntry]:
    # The reasons may speak of her care: shown to those who work in the file, as handover notes.
    reasons = user.has_perm("stapteam.change_client")
    closures = Closure.objects.filter(client=client).select_related("closed_by", "reopened_by")
    for c in closures[:50]:
        if c.reopened_on is not None:  # yielded first: on the same day it shows above the closure
            yield TimelineEntry(
                at_midday(c.reopened_on),
                _("Dossier"),
                _("Dossier heropend door %(who)s") % {"who": c.reopened_by or _("onbekend")},
                c.reopen_reason if reasons else "",
                "folder2-open",
            )
        who = c.closed_by or _("onbekend")
        if c.outcome == Client.Outcome.MONITORING:
            title = _("Zorg beëindigd, monitoring door procesregie, door %(who)s") % {"who": who}
        else:
            outcome = c.get_outcome_display()
            if c.outcome_region:
                outcome = f"{outcome} ({c.outcome_region})"
            title = _("Dossier afgesloten: %(outcome)s, door %(who)s") % {
                "outcome": outcome,
                "who": who,
            }
        yield TimelineEntry(
            at_midday(c.closed_on), _("Dossier"), title, c.reason if reasons else "", "folder-check"
        )
