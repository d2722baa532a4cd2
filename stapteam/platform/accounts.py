"""Writes to accounts: the beheerder creates an account, and sets its organisation, roles and
active state."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stapteam.models import Organisation, User
from stapteam.platform.actor import acts_as_by
from stapteam.platform.roles import GROUP_NAMES, Role


@acts_as_by
@transaction.atomic
def update_account(
    *, account: User, organisation: Organisation, roles: set[Role], is_active: bool, by: User
) -> User:
    """Set an account's organisation, roles and active state. No role opens the Django admin:
    `is_staff` is only ever the technical superuser's."""
    account = User.objects.select_for_update().get(pk=account.pk)
    if account.pk == by.pk and (not is_active or Role.FUNCTIONAL_ADMIN not in roles):
        raise ValidationError(
            _("Je kunt je eigen beheerdersrol of account niet uitzetten; vraag een collega.")
        )
    wanted = {
        "organisation": organisation,
        "is_active": is_active,
        "is_staff": account.is_superuser,
    }
    changed = [name for name, value in wanted.items() if getattr(account, name) != value]
    for name in changed:
        setattr(account, name, wanted[name])
    if changed:  # no empty history rows for an unchanged save
        account.save(update_fields=changed)
    account.groups.set(Group.objects.filter(name__in=[GROUP_NAMES[r] for r in roles]))
    return account


@acts_as_by
@transaction.atomic
def create_account(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    organisation: Organisation,
    roles: set[Role],
    password: str,
    by: User,
) -> User:
    """A new account with a first password the beheerder hands over in person; at its first
    login it sets up the authenticator app (no account skips the second factor). Never staff:
    the Django admin is the technical superuser's only."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("Deze gebruikersnaam bestaat al; kies een andere."))
    account = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation=organisation,
        is_active=True,
    )
    account.set_password(password)
    account.save()
    account.groups.set(Group.objects.filter(name__in=[GROUP_NAMES[r] for r in roles]))
    return account
