"""Set or lift a legal hold on a client's care file: retention then leaves it alone."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from stapteam.caseload.services import set_client_legal_hold
from stapteam.models import Client
from stapteam.platform.commands import ActingCommand


class Command(ActingCommand):
    help = "Bewaarplicht op een zorgdossier zetten (--reason) of opheffen (--lift)."
    person_decides = True  # a hold is a person's decision: --by names her

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="De cliëntcode, bijv. STAP-0042.")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--reason", help="Waarom het dossier bewaard moet blijven.")
        group.add_argument("--lift", action="store_true", help="De bewaarplicht opheffen.")

    def handle(self, *args: Any, **options: Any) -> None:
        client = Client.objects.filter(code=options["code"]).first()
        if client is None:
            raise CommandError("Geen cliënt met deze code.")
        reason = "" if options["lift"] else options["reason"]
        if not options["lift"] and not reason.strip():
            raise CommandError("Geef een reden.")
        client = set_client_legal_hold(client=client, reason=reason)
        state = "staat onder bewaarplicht" if client.legal_hold else "heeft geen bewaarplicht meer"
        self.stdout.write(f"{client.code} {state}.")
