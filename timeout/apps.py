"""App configuration of timeout: time-out bed requests and stays, and their timeline entries."""

# Imports sit inside the functions: Django loads an apps module before its models are ready.

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from stapteam.caseload.closure import OpenWork
    from stapteam.caseload.timeline import TimelineEntry
    from stapteam.models import Client, User


def timeout_timeline(client: Client, user: User) -> Iterator[TimelineEntry]:
    """The client's time-out requests and stays that `user` may see, in one query."""
    from stapteam.caseload.timeline import TimelineEntry, at_midday
    from timeout.models import TimeoutRequest

    if not user.has_perm("timeout.view_timeoutrequest"):
        return
    requests = (
        TimeoutRequest.objects.visible_to(user)
        .filter(client=client)
        .select_related("submitted_by", "stay__bed__location")[:50]
    )
    for r in requests:
        yield TimelineEntry(
            r.submitted_at,
            gettext("Time-out"),
            gettext("Time-out aangevraagd door %(who)s (%(status)s)")
            % {"who": r.submitted_by, "status": r.get_status_display()},
            r.assessment_note,
            "moon",
        )
        stay = getattr(r, "stay", None)
        if stay is not None:
            title = gettext("Time-out in %(bed)s van %(start)s tot %(end)s") % {
                "bed": stay.bed,
                "start": f"{stay.start:%d-%m-%Y}",
                "end": f"{stay.end:%d-%m-%Y}",
            }
            if stay.end_kind:
                title += f" ({stay.get_end_kind_display().lower()})"
            yield TimelineEntry(
                at_midday(stay.start), gettext("Time-out"), title, stay.end_reason, "moon"
            )


def timeout_open_work(client: Client, user: User) -> Iterator[OpenWork]:
    """A request not yet settled or a stay still running, shown before the file closes."""
    from django.urls import reverse

    from stapteam.caseload.closure import OpenWork
    from timeout.models import TimeoutRequest

    status = TimeoutRequest.Status
    running = (status.REQUESTED, status.APPROVED, status.PLACED)
    requests = TimeoutRequest.objects.filter(client=client, status__in=running)
    visible = set(requests.visible_to(user).values_list("pk", flat=True))
    for r in requests[:5]:
        may_open = r.pk in visible
        yield OpenWork(
            gettext("Time-out"),
            gettext("Time-out-aanvraag van %(day)s: %(status)s")
            % {
                "day": f"{timezone.localtime(r.submitted_at):%d-%m-%Y}",
                "status": r.get_status_display().lower(),
            },
            reverse("timeout:request_detail", args=[r.pk]) if may_open else "",
        )


class TimeoutConfig(AppConfig):
    name = "timeout"
    verbose_name = _("Time-out")

    def ready(self) -> None:
        from stapteam.caseload.timeline import register_timeline_provider

        register_timeline_provider(timeout_timeline)

        from stapteam.caseload.closure import register_open_work_provider

        register_open_work_provider(timeout_open_work)

        from timeout import (
            beheer,
            history,
            log_names,
            notifications,
            reports,
            retention,
            subject_access,
        )

        retention.register()
        log_names.register()
        subject_access.register()
        history.register()
        notifications.register()
        beheer.register()
        reports.register()
