"""factory-boy factories for STAP's models; invented people only (Faker nl_NL)."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Group

from stapteam.models import Organisation, User
from stapteam.roles import GROUP_NAMES, STAFF_ROLES, Role

factory.Faker._DEFAULT_LOCALE = "nl_NL"

TEST_PASSWORD = "test-wachtwoord-123"


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "IrisZorg"
    short_name = factory.LazyAttribute(lambda o: o.name[:10])


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A user; pass roles=[Role.X, ...] to put them in the role groups."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name_female")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@test.invalid")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(TEST_PASSWORD)

    class Params:
        inactive = factory.Trait(is_active=False)

    @factory.post_generation
    def roles(obj: User, create: bool, extracted: list[Role] | None, **kwargs: Any) -> None:
        if not create or not extracted:
            return
        groups = [Group.objects.get_or_create(name=GROUP_NAMES[role])[0] for role in extracted]
        obj.groups.set(groups)
        if set(extracted) & STAFF_ROLES and not obj.is_staff:
            obj.is_staff = True
            obj.save(update_fields=["is_staff"])
