"""Records past their retention term tell the beheerders, once per category and batch, from the
scheduled command; when nothing is due any more the notification is resolved."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stapteam.models import Client, Notification, RetentionCategory
from stapteam.platform import notifications
from stapteam.platform.dates import add_years
from stapteam.platform.formats import day_date
from stapteam.platform.roles import Role
from tests.factories import ClientFactory, UserFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.usefixtures("as_system")


def run() -> None:
    call_command("send_notifications", stdout=io.StringIO())


def received(user: Any) -> list[tuple[str, datetime.date | None]]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", "due"))


def waiting(user: Any) -> list[str]:
    return list(Notification.objects.for_user(user).waiting().values_list("kind", flat=True))


def file_past_its_term(days: int = 1) -> Client:
    """A care file closed 15 years (its term) and `days` ago."""
    closed_on = add_years(TODAY, -15) - days * DAY
    return ClientFactory.create(closed=True, closed_on=closed_on, full_name="Noor de Wit")


def test_the_beheerders_hear_once_per_category_and_not_the_others(fenna_functional_admin, cast):
    other_beheerder = UserFactory.create(roles=[Role.FUNCTIONAL_ADMIN])
    run()
    assert received(fenna_functional_admin) == []  # nothing is due yet

    file_past_its_term()
    file_past_its_term(days=30)  # two files in one category: one notification
    run()
    run()

    care_file = RetentionCategory.objects.get(code="care_file")
    for beheerder in (fenna_functional_admin, other_beheerder):
        assert received(beheerder) == [("retention_due", TODAY)]
        assert Notification.objects.get(recipient=beheerder).object_id == care_file.pk
    for role, member in cast.items():
        if role != Role.FUNCTIONAL_ADMIN:
            assert received(member) == []


def test_it_names_the_category_never_the_file_and_links_to_the_terms(
    client, fenna_functional_admin, anna_casemanager
):
    due = file_past_its_term()
    run()
    made = Notification.objects.get(recipient=fenna_functional_admin)
    shown = notifications.shown(made)

    assert shown.text == (
        "Bewaartermijn verstreken: gegevens van de soort “Zorgdossier” wachten sinds "
        f"{day_date(TODAY)} op vernietiging of anonimisering."
    )
    assert shown.url == reverse("stapteam:beheer_list", args=["bewaartermijnen"])
    client.force_login(fenna_functional_admin)
    listing = client.get(reverse("stapteam:notification_list")).content.decode()
    assert shown.url in listing
    assert due.code not in listing and "Noor" not in listing
    assert client.get(shown.url).status_code == 200

    client.force_login(anna_casemanager)  # the page decides: not hers
    assert client.get(shown.url).status_code == 403


def test_applying_the_terms_resolves_it_and_the_next_batch_is_new(fenna_functional_admin):
    file_past_its_term()
    run()
    new_beheerder = UserFactory.create(roles=[Role.FUNCTIONAL_ADMIN])
    Notification.objects.update(due=TODAY - 2 * DAY)  # as if that batch began two days ago
    run()
    # She joins the batch that is running, with its day; the first is not told twice.
    assert received(new_beheerder) == [("retention_due", TODAY - 2 * DAY)]
    assert received(fenna_functional_admin) == [("retention_due", TODAY - 2 * DAY)]

    call_command("apply_retention", "--apply", stdout=io.StringIO())
    run()
    assert waiting(fenna_functional_admin) == []
    assert waiting(new_beheerder) == []

    file_past_its_term()
    run()
    assert sorted(received(fenna_functional_admin)) == [
        ("retention_due", TODAY - 2 * DAY),
        ("retention_due", TODAY),
    ]
    assert waiting(fenna_functional_admin) == ["retention_due"]


def test_a_legal_hold_keeps_the_file_out_of_the_count(fenna_functional_admin):
    Client.objects.filter(pk=file_past_its_term().pk).update(
        legal_hold=True, legal_hold_reason="Lopende klacht."
    )
    run()
    assert received(fenna_functional_admin) == []
