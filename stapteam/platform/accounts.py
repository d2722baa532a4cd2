"""Writes to accounts: the beheerder sets an account's organisation, roles and active state."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stapteam.models import Organisation, User
from stapteam.platform.actor import acts_as_by
from stapteam.platform.roles import GROUP_NAMES, STAFF_ROLES, Role


@acts_as_by
@transaction.atomic
def update_account(
    *, account: User, organisation: Organisation, roles: set[Role], is_active: bool, by: User
) -> User:
    """Set an account's organisation, roles and active state; the admin flag follows the roles."""
    account = User.objects.select_for_update().get(pk=account.pk)
    if account.pk == by.pk and (not is_active or Role.FUNCTIONAL_ADMIN not in roles):
        raise ValidationError(
            _("Je kunt je eigen beheerdersrol of account niet uitzetten; vraag een collega.")
        )
    wanted = {
        "organisation": organisation,
        "is_active": is_active,
        "is_staff": bool(roles & STAFF_ROLES) or account.is_superuser,
    }
    changed = [name for name, value in wanted.items() if getattr(account, name) != value]
    for name in changed:
        setattr(account, name, wanted[name])
    if changed:  # no empty history rows for an unchanged save
        account.save(update_fields=changed)
    account.groups.set(Group.objects.filter(name__in=[GROUP_NAMES[r] for r in roles]))
    return account
