"""Management commands that write: they act as the system account, or as the account of --by."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stapteam.models import User
from stapteam.platform.actor import acting_as


class ActingCommand(BaseCommand):
    """A command whose writes are recorded in history as done by one account. A command that
    carries out a person's decision sets `person_decides` and then needs --by."""

    person_decides = False

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--by",
            metavar="GEBRUIKERSNAAM",
            default=None,
            help="Het account dat in de historie staat (anders het systeemaccount).",
        )
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        username = options.get("by")
        if self.person_decides and not username:
            raise CommandError("Geef met --by het account van wie dit besluit.")
        if username:
            actor = User.objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"Onbekend account: {username}")
        else:
            actor = User.objects.system_account()
        with acting_as(actor):
            return super().execute(*args, **options)
