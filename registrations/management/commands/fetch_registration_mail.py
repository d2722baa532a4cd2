"""Read new mail from the registration mailbox into the secretariat's inbox; safe to repeat."""

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from registrations.mail import MailboxUnavailable, fetch_mailbox
from stapteam.platform.commands import ActingCommand


class Command(ActingCommand):
    help = (
        "Haalt nieuwe berichten op uit de registratiemailbox (REGISTRATION_IMAP) en bewaart elk "
        "bericht één keer. Veilig om vaak te draaien."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = fetch_mailbox(settings.REGISTRATION_IMAP)
        except MailboxUnavailable as exc:
            raise CommandError(f"Registratiemail niet opgehaald: {exc}") from exc
        for line in result.errors:
            self.stderr.write(line)
        self.stdout.write(
            f"Registratiemail: {result.stored} nieuw opgeslagen, "
            f"{result.already_stored} al eerder opgeslagen, {result.failed} mislukt."
        )
