"""Accounts of STAP: organisations and users (roles are groups, see roles.py)."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stapteam.platform.actor import history_records
from stapteam.platform.roles import Role, user_roles


class Organisation(models.Model):
    """An organisation a user works for; an editable list kept by the beheerder."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    short_name = models.CharField(_("korte naam"), max_length=40, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    history = history_records()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


# The login-less account that commands act as (retention, mail intake, demo data), so that
# their history rows name an author. It has no organisation, no roles and no usable password.
SYSTEM_USERNAME = "systeem"


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, user: User) -> UserQuerySet:
        if user.has_perm("stapteam.view_user"):
            return self.exclude(username=SYSTEM_USERNAME)
        return self.none()


class UserManager(AuthUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    def system_account(self) -> User:
        """The system account, made on first use (also after a test database is emptied)."""
        account = self.filter(username=SYSTEM_USERNAME).first()
        if account is not None:
            if account.is_active or account.has_usable_password():
                # Someone made it a login: no command may act through it until that is undone.
                raise ImproperlyConfigured("Het systeemaccount is geen inlogaccount meer.")
            return account
        account = self.model(username=SYSTEM_USERNAME, first_name="STAP-systeem", is_active=False)
        account.set_unusable_password()
        account._history_user = account  # its own creation is its first act
        try:
            with transaction.atomic():
                account.save()
        except IntegrityError:  # made at the same moment by another process
            return self.get(username=SYSTEM_USERNAME)
        return account


class User(AbstractUser):
    """A person who works with STAP. Belongs to one organisation; has one or more roles."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,  # only for technical superuser accounts, see the constraint below
        blank=False,
    )

    # Made by `demo_data`: only such accounts log in with the password alone, and only in demo mode.
    is_demo = models.BooleanField(_("demo-account"), default=False, editable=False)

    # The password hash stays out of history; logins update last_login without a history row.
    history = history_records(excluded_fields=["password", "last_login"], m2m_fields=["groups"])

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False)
                | Q(is_superuser=True)
                | Q(username=SYSTEM_USERNAME, is_active=False),
                name="user_has_organisation",
                violation_error_message=_("Een gebruiker hoort bij een organisatie."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def roles(self) -> list[Role]:
        """The user's roles in the order of the Role list."""
        mine = user_roles(self)
        return [role for role in Role if role in mine]
