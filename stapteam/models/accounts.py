"""Accounts of STAP: organisations and users (roles are groups, see roles.py)."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stapteam.platform.roles import Role, user_roles


class Organisation(models.Model):
    """An organisation a user works for; an editable list kept by the beheerder."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    short_name = models.CharField(_("korte naam"), max_length=40, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, user: User) -> UserQuerySet:
        if user.has_perm("stapteam.view_user"):
            return self
        return self.none()


class UserManager(AuthUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


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

    # The password hash stays out of history; logins update last_login without a history row.
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=["groups"])

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(is_superuser=True),
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
