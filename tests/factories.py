"""factory-boy factories for STAP's models; invented people only (Faker nl_NL)."""

from __future__ import annotations

import datetime
import time
from typing import Any

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from stapteam.models import (
    Assignment,
    Client,
    Closure,
    Contact,
    Escalation,
    Goal,
    LifeDomain,
    Organisation,
    User,
)
from stapteam.platform.roles import GROUP_NAMES, Role

factory.Faker._DEFAULT_LOCALE = "nl_NL"

TEST_PASSWORD = "test-wachtwoord-123"


def current_code(user: User) -> str:
    """The code her authenticator app shows now; the next one if this one was used already
    (django-otp accepts each code once, and one step ahead); or it waits for a fresh one."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    app = TOTP(device.bin_key, device.step, device.t0, device.digits)
    while True:
        now = (int(time.time()) - device.t0) // device.step + device.drift
        if device.last_t < now + 1:
            break
        time.sleep(1)
    app.time = device.t0 + max(now, device.last_t + 1) * device.step
    return f"{app.token():0{device.digits}d}"


def verify_session(client: Any, user: User) -> TOTPDevice:
    """Make a force_login'ed test client's session count as fully logged in: second factor
    proved (with her app, made if she has none) and identity confirmed just now."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from stapteam.platform.login_security import LAST_SEEN, LOGIN_AT, REAUTH_AT, now_ts

    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Authenticator-app"}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LOGIN_AT] = session[LAST_SEEN] = session[REAUTH_AT] = now_ts()
    session.save()
    return device


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
    def second_factor(obj: User, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        """A confirmed authenticator app, so the login helpers can type her code; pass
        second_factor=False for a user who has yet to set one up."""
        if create and extracted is not False:
            TOTPDevice.objects.get_or_create(
                user=obj, confirmed=True, defaults={"name": "Authenticator-app"}
            )

    @factory.post_generation
    def roles(obj: User, create: bool, extracted: list[Role] | None, **kwargs: Any) -> None:
        if not create or not extracted:
            return
        groups = [Group.objects.get_or_create(name=GROUP_NAMES[role])[0] for role in extracted]
        obj.groups.set(groups)


class ClientFactory(factory.django.DjangoModelFactory[Client]):
    """A client; ClientFactory(casemanager=user) assigns her; traits for states."""

    class Meta:
        model = Client
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"TEST-{n:04d}")
    call_name = factory.Faker("first_name_female")
    full_name = factory.LazyAttribute(lambda c: f"{c.call_name} {Faker('nl_NL').last_name()}")
    phone = factory.Faker("phone_number")
    origin = Client.Origin.NIJMEGEN
    status = Client.Status.ACTIVE

    class Params:
        closed = factory.Trait(
            status=Client.Status.CLOSED,
            closed_on=factory.LazyFunction(timezone.localdate),
            outcome=Client.Outcome.CLOSED,
        )
        monitoring = factory.Trait(status=Client.Status.MONITORING)

    @factory.post_generation
    def casemanager(obj: Client, create: bool, extracted: User | None, **kwargs: Any) -> None:
        if create and extracted is not None:
            Assignment.objects.create(
                client=obj, casemanager=extracted, started_on=timezone.localdate()
            )

    @factory.post_generation
    def closure(obj: Client, create: bool, extracted: Any, **kwargs: Any) -> None:
        """A closed file has its open closure period, as close_client leaves it."""
        if create and obj.closed_on is not None:
            Closure.objects.create(
                client=obj,
                closed_on=obj.closed_on,
                outcome=obj.outcome,
                outcome_region=obj.outcome_region,
            )


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    author = factory.SubFactory(UserFactory, roles=[Role.CASEMANAGER])
    kind = Contact.Kind.OUTREACH
    minutes = 30
    note = factory.Faker("sentence", nb_words=8)


class GoalFactory(factory.django.DjangoModelFactory[Goal]):
    class Meta:
        model = Goal

    client = factory.SubFactory(ClientFactory)
    domain = factory.LazyFunction(lambda: LifeDomain.objects.filter(domain_set__is_default=True)[3])
    wish = factory.Faker("sentence", nb_words=6)
    created_by = factory.SubFactory(UserFactory, roles=[Role.CASEMANAGER])


class EscalationFactory(factory.django.DjangoModelFactory[Escalation]):
    class Meta:
        model = Escalation

    client = factory.SubFactory(ClientFactory)
    question = factory.Faker("sentence", nb_words=10)
    raised_by = factory.SubFactory(UserFactory, roles=[Role.CASEMANAGER])
    respond_by = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
