"""List the records past their retention term; with --apply, destroy or anonymise them."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from stapteam.platform.commands import ActingCommand
from stapteam.platform.locks import AlreadyRunning, advisory_lock
from stapteam.platform.retention import apply_retention

# Ids listed per category in a dry run; the rest is counted.
MAX_IDS = 50


class Command(ActingCommand):
    help = (
        "Bewaartermijnen toepassen. Zonder --apply: alleen tonen wat vervalt (aantallen en ids, "
        "geen namen). Met --apply: vernietigen of anonimiseren, met een vernietigingsregel per "
        "record. Een bewaarplicht (legal hold) gaat altijd voor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--apply", action="store_true", help="Echt vernietigen (anders: proefdraaien)."
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Rekenen alsof het deze datum is (JJJJ-MM-DD); standaard vandaag.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: datetime.date = options["today"] or timezone.localdate()
        apply: bool = options["apply"]
        # Timers on two hosts (or a timer and a hand) never apply the same terms at once.
        try:
            with advisory_lock("retention"):
                results = apply_retention(today=today, apply=apply)
        except AlreadyRunning as exc:
            message = "De bewaartermijnen worden al door een andere run toegepast."
            raise CommandError(message) from exc
        mode = "TOEGEPAST" if apply else "PROEFDRAAIEN (niets gewijzigd; --apply om toe te passen)"
        self.stdout.write(f"Bewaartermijnen per {today:%Y-%m-%d} — {mode}")
        for result in results:
            line = f"- {result.name} [{result.category}, {result.object_type}]: "
            if result.bulk:
                rows = result.due[0].rows if result.due else 0
                line += f"{rows} regels vervallen" + (", verwijderd" if apply and rows else "")
            else:
                line += f"{len(result.due)} vervallen"
                if apply:
                    line += f", {result.destroyed} verwerkt, {result.related_rows} rijen"
                elif result.due:
                    ids = ", ".join(str(d.object_id) for d in result.due[:MAX_IDS])
                    more = f" (+{len(result.due) - MAX_IDS})" if len(result.due) > MAX_IDS else ""
                    line += f" — ids: {ids}{more}"
            self.stdout.write(line)
        total = sum(r.destroyed for r in results) if apply else sum(len(r.due) for r in results)
        label = "verwerkt" if apply else "vervallen"
        self.stdout.write(f"Totaal {label}: {total}")
