"""Mail the secretariat a daily digest of the registration deadlines (run it from cron)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registrations.radar import running_terms
from stapteam.platform.commands import ActingCommand
from stapteam.platform.formats import deadline
from stapteam.platform.locks import AlreadyRunning, advisory_lock

# Terms within this many days are listed; overdue ones always.
HORIZON_DAYS = 14


class Command(ActingCommand):
    help = "Mailt het secretariaat een dagelijks overzicht van de Awb-termijnen."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--to", nargs="*", help="Ontvangers (standaard REGISTRATION_DIGEST_TO)")

    def handle(self, *args: Any, **options: Any) -> None:
        # Two runs at once (a timer and a hand) would mail the digest twice.
        try:
            with advisory_lock("registration-deadline-reminders"):
                self._send(options)
        except AlreadyRunning as exc:
            raise CommandError("Het overzicht wordt al door een andere run verstuurd.") from exc

    def _send(self, options: dict[str, Any]) -> None:
        recipients = options["to"] or settings.REGISTRATION_DIGEST_TO
        if not recipients:
            raise CommandError("Geen ontvangers: zet REGISTRATION_DIGEST_TO of gebruik --to.")
        today = timezone.localdate()
        terms = [
            t
            for t in running_terms(today)
            if t.days_left is not None and t.days_left <= HORIZON_DAYS
        ]
        if not terms:
            self.stdout.write(f"Geen termijnen binnen {HORIZON_DAYS} dagen; geen mail verstuurd.")
            return
        # No names in mail: the request number and kind suffice to find it in STAP.
        lines = [_("Termijnen registraties tippelzone, %(date)s") % {"date": f"{today:%d-%m-%Y}"}]
        lines.append("")
        for t in terms:
            url = reverse("registrations:request_detail", args=[t.request.pk])
            lines.append(
                _("- %(label)s: aanvraag %(pk)s (%(kind)s), uiterlijk %(deadline)s — %(url)s")
                % {
                    "label": t.label,
                    "pk": t.request.pk,
                    "kind": t.request.get_kind_display(),
                    "deadline": deadline(t.deadline, today),
                    "url": url,
                }
            )
        overdue = sum(t.overdue for t in terms)
        subject = _("STAP: %(n)s termijnen binnen %(days)s dagen (%(late)s te laat)") % {
            "n": len(terms),
            "days": HORIZON_DAYS,
            "late": overdue,
        }
        send_mail(subject, "\n".join(lines), None, recipients)
        self.stdout.write(f"Overzicht met {len(terms)} termijnen verstuurd.")
