"""Load invented demo data: demo accounts for every role and a caseload. Safe to repeat."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction
from faker import Faker

from stapteam.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, caseload_summary, load_demo_caseload
from stapteam.models import Organisation, User
from stapteam.platform.commands import ActingCommand
from stapteam.platform.roles import GROUP_NAMES, Role


class Command(ActingCommand):
    help = "Laadt verzonnen demo-accounts en een demo-caseload (alleen met DEMO_MODE=true)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("demo_data loads demo accounts only when DEMO_MODE=true.")
        with transaction.atomic():
            accounts = load_demo_accounts()
            people = {account.username: account for account in accounts}
            loaded = load_demo_caseload(people)
            # Other apps bring their own demo data in a `demo` module with load_demo(people);
            # stapteam does not name them.
            other_summaries = [
                module.load_demo(people)
                for module in _app_demo_modules()
                if hasattr(module, "load_demo")
            ]
        self.stdout.write(f"\nDemo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD})")
        role_order = list(Role)
        for account in sorted(accounts, key=lambda a: role_order.index(a.roles[0])):
            roles = ", ".join(str(role.label) for role in account.roles)
            self.stdout.write(f"  {account.username:<20} {roles:<30} {account.organisation}")
        if loaded:
            self.stdout.write(f"\nDemo-caseload: {caseload_summary()}")
        else:
            self.stdout.write(
                f"\nDemo-caseload niet opnieuw geladen, er zijn al cliënten: {caseload_summary()}"
            )
        for line in other_summaries:
            self.stdout.write(line)


def _app_demo_modules() -> list[Any]:
    modules = []
    for app in apps.get_app_configs():
        if app.name == "stapteam":
            continue
        try:
            modules.append(importlib.import_module(f"{app.name}.demo"))
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.demo":
                raise
    return modules


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
                "is_demo": True,
            },
        )
        if created or not account.check_password(DEMO_PASSWORD) or not account.is_demo:
            account.set_password(DEMO_PASSWORD)
            account.is_demo = True
            account.save(update_fields=["password", "is_demo"])
        if account.is_staff:  # an older demo gave the beheerder the Django admin; no role has it
            account.is_staff = False
            account.save(update_fields=["is_staff"])
        account.groups.set([Group.objects.get(name=GROUP_NAMES[role])])
        accounts.append(account)
    return accounts
