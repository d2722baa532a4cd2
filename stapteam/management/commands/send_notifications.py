"""Make the time-based notifications of today (Awb terms, follow-up dates, overlaps ending,
stagnation signals, retention terms passed), then mail the daily digest to everyone who chose it
(counts and links only).

Run it from the scheduler, e.g. every morning. It is safe to run again: each notification is
made once per (kind, record, due date, recipient) by a unique constraint (ON CONFLICT DO
NOTHING), so a second run, or a run after a crash halfway, adds only what is missing. Two hosts
starting it at once: the advisory lock lets one run and the other stop at once. A digest goes
out at most once a day per person (the day is stored with the send).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from stapteam.models import Notification
from stapteam.platform.commands import ActingCommand
from stapteam.platform.locks import AlreadyRunning, advisory_lock
from stapteam.platform.notifications import scheduled_sources, send_digests

LOCK = "send-notifications"


class Command(ActingCommand):
    help = (
        "Maakt de meldingen van vandaag over termijnen, vervolgdatums, overdrachten, "
        "stagnatiesignalen en verstreken bewaartermijnen, en verstuurt de dagelijkse samenvatting."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with advisory_lock(LOCK):
                made = self._run()
                sent, failed = send_digests(timezone.localdate())
        except AlreadyRunning as exc:
            raise CommandError("De meldingen worden al door een andere run gemaakt.") from exc
        self.stdout.write(f"{made} nieuwe meldingen; {sent} samenvattingen per e-mail verstuurd.")
        if failed:
            raise CommandError(
                f"{len(failed)} samenvattingen niet verstuurd (volgende run opnieuw): "
                + ", ".join(failed)
            )

    def _run(self) -> int:
        today = timezone.localdate()
        before = Notification.objects.count()
        for source in scheduled_sources():
            # Each source commits on its own: after a crash a rerun adds the rest.
            with transaction.atomic():
                source(today)
        return Notification.objects.count() - before
