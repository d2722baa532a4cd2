"""Load invented demo data: the organisations and one demo account per role. Safe to repeat."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from faker import Faker

from stapteam.models import Organisation, User
from stapteam.roles import GROUP_NAMES, STAFF_ROLES, Role

DEMO_PASSWORD = "demo-stap-2026"  # noqa: S105 - demo mode only, printed for the user on purpose

# username, role, organisation
DEMO_ACCOUNTS = [
    ("casemanager", Role.CASEMANAGER, "IrisZorg"),
    ("ervaringsdeskundige", Role.PEER_WORKER, "IrisZorg"),
    ("coordinator", Role.COORDINATOR, "IrisZorg"),
    ("cirkel", Role.CIRKEL_STAFF, "IrisZorg"),
    ("procesregisseur", Role.PROCESS_DIRECTOR, "Gemeente Nijmegen — Zorg- en Veiligheidshuis"),
    ("secretariaat", Role.SECRETARIAT, "Gemeente Nijmegen — Zorg- en Veiligheidshuis"),
    ("beleid", Role.POLICY_OFFICER, "Gemeente Nijmegen — Maatschappelijke Ontwikkeling"),
    ("beheerder", Role.FUNCTIONAL_ADMIN, "IrisZorg"),
]


class Command(BaseCommand):
    help = "Laadt verzonnen demogegevens met één demo-account per rol (alleen met DEMO_MODE=true)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("demo_data loads demo accounts only when DEMO_MODE=true.")
        with transaction.atomic():
            accounts = load_demo_accounts()
        self.stdout.write(f"\nDemo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD})")
        for account in accounts:
            roles = ", ".join(str(role.label) for role in account.roles)
            self.stdout.write(f"  {account.username:<20} {roles}")


def load_demo_accounts() -> list[User]:
    fake = Faker("nl_NL")
    fake.seed_instance(2026)  # the same invented names on every run
    accounts = []
    for username, role, organisation_name in DEMO_ACCOUNTS:
        organisation = Organisation.objects.get(name=organisation_name)
        first_name, last_name = fake.first_name_female(), fake.last_name()
        account, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@demo.invalid",
                "organisation": organisation,
                "is_staff": role in STAFF_ROLES,
            },
        )
        if created or not account.check_password(DEMO_PASSWORD):
            account.set_password(DEMO_PASSWORD)
            account.save(update_fields=["password"])
        account.groups.set([Group.objects.get(name=GROUP_NAMES[role])])
        accounts.append(account)
    return accounts
