"""Read new mail from the registration mailbox into the secretariat's inbox; safe to repeat."""

from typing import Any

from django.core.management.base import CommandError, CommandParser

from registrations.mailbox import fetch_round
from registrations.models import MailboxFetch
from stapteam.platform.commands import ActingCommand
from stapteam.platform.locks import AlreadyRunning


class Command(ActingCommand):
    help = (
        "Haalt nieuwe berichten op uit de registratiemailbox (REGISTRATION_IMAP) en bewaart elk "
        "bericht één keer. Veilig om vaak te draaien; loopt er al een ronde (ook 'Nu ophalen'), "
        "dan slaat deze over."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max", type=int, default=None, help="Hoogstens zoveel berichten in deze ronde."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            fetch = fetch_round(by=None, limit=options["max"])
        except AlreadyRunning:
            self.stdout.write("Registratiemail: er loopt al een ophaalronde; deze is overgeslagen.")
            return
        if fetch.result == MailboxFetch.Result.FAILED:
            raise CommandError(f"Registratiemail niet opgehaald: {fetch.message}")
        if fetch.message:
            self.stderr.write(fetch.message)
        left = f", {fetch.remaining} nog in de mailbox" if fetch.remaining else ""
        self.stdout.write(
            f"Registratiemail: {fetch.stored} nieuw opgeslagen, "
            f"{fetch.already_stored} al eerder opgeslagen, {fetch.failed} mislukt{left}."
        )
