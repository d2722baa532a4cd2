"""The role groups in the database match roles.py, and docs/roles.md shows the same matrix."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from stapteam.platform.roles import (
    GROUP_NAMES,
    ROLE_PERMISSIONS,
    Role,
    has_role,
    permission_matrix_markdown,
)
from tests.factories import UserFactory

DOCS = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


@pytest.mark.django_db
def test_every_role_group_has_exactly_the_permissions_of_roles_py() -> None:
    for role in Role:
        group = Group.objects.get(name=GROUP_NAMES[role])
        perms = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert perms == ROLE_PERMISSIONS[role], role


def test_the_migration_creates_the_same_groups_as_roles_py() -> None:
    migration = importlib.import_module("stapteam.migrations.0002_role_groups")
    assert list(GROUP_NAMES.values()) == migration.GROUP_NAMES


def test_docs_show_the_matrix_of_roles_py() -> None:
    assert permission_matrix_markdown() in DOCS.read_text(encoding="utf-8"), (
        "docs/roles.md is out of date: paste the output of `manage.py role_matrix` into it"
    )


@pytest.mark.django_db
def test_has_role_sees_only_the_users_own_roles() -> None:
    user = UserFactory.create(roles=[Role.SECRETARIAT])
    assert has_role(user, Role.SECRETARIAT)
    assert has_role(user, Role.CASEMANAGER, Role.SECRETARIAT)
    assert not has_role(user, Role.CASEMANAGER)


@pytest.mark.django_db
def test_an_inactive_user_has_no_roles() -> None:
    user = UserFactory.create(roles=[Role.COORDINATOR], inactive=True)
    assert not has_role(user, Role.COORDINATOR)


@pytest.mark.django_db
def test_a_removed_role_takes_its_permissions_with_it() -> None:
    user = UserFactory.create(roles=[Role.FUNCTIONAL_ADMIN])
    assert user.has_perm("stapteam.change_user")
    user.groups.clear()
    fresh = type(user).objects.get(pk=user.pk)  # permission caches live on the instance
    assert not fresh.has_perm("stapteam.change_user")
