"""Set or lift a legal hold on a registration person: retention then leaves her file alone."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from registrations.models import Person
from registrations.services import set_person_legal_hold
from stapteam.platform.commands import ActingCommand


class Command(ActingCommand):
    help = "Bewaarplicht op een registratiedossier zetten (--reason) of opheffen (--lift)."
    person_decides = True  # a hold is a person's decision: --by names her

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", type=int, help="Het nummer (id) van de persoon.")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--reason", help="Waarom het dossier bewaard moet blijven.")
        group.add_argument("--lift", action="store_true", help="De bewaarplicht opheffen.")

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(pk=options["person_id"]).first()
        if person is None:
            raise CommandError("Geen persoon met dit nummer.")
        reason = "" if options["lift"] else options["reason"]
        if not options["lift"] and not reason.strip():
            raise CommandError("Geef een reden.")
        person = set_person_legal_hold(person=person, reason=reason)
        state = "staat onder bewaarplicht" if person.legal_hold else "heeft geen bewaarplicht meer"
        self.stdout.write(f"Persoon {person.pk} {state}.")
