"""Management commands that write: they act as the system account, or as the account of --by."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stapteam.models import User
from stapteam.platform.actor import acting_as


class ActingCommand(BaseCommand):
    """A command whose writes are recorded in history as done by one account."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--by",
            metavar="GEBRUIKERSNAAM",
            default=None,
            help="Het account dat in de historie staat (standaard het systeemaccount).",
        )
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        username = options.get("by")
        if username:
            actor = User.objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"Onbekend account: {username}")
        else:
            actor = User.objects.system_account()
        with acting_as(actor):
            return super().execute(*args, **options)
