"""The beheerder manages accounts; every change is in history with the acting user."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from stapteam.models import Organisation, User
from stapteam.platform.roles import GROUP_NAMES, Role
from tests.factories import OrganisationFactory, UserFactory


def edit_url(account: User) -> str:
    return reverse("stapteam:user_edit", args=[account.pk])


@pytest.mark.django_db
def test_history_records_the_acting_user(client, fenna_functional_admin, anna_casemanager):
    ldh = OrganisationFactory.create(name="Leger des Heils")
    client.force_login(fenna_functional_admin)
    response = client.post(
        edit_url(anna_casemanager),
        {"organisation": ldh.pk, "roles": ["casemanager", "coordinator"], "is_active": "on"},
    )
    assert response.status_code == 302
    anna_casemanager.refresh_from_db()
    assert anna_casemanager.organisation == ldh
    assert {g.name for g in anna_casemanager.groups.all()} == {"Casemanager", "Coördinator"}
    latest = anna_casemanager.history.latest()
    assert latest.history_user == fenna_functional_admin
    assert {g.group.name for g in latest.groups.all()} == {"Casemanager", "Coördinator"}


@pytest.mark.django_db
def test_functional_admin_role_makes_staff_for_the_admin(
    client, fenna_functional_admin, bob_policy_officer
):
    client.force_login(fenna_functional_admin)
    client.post(
        edit_url(bob_policy_officer),
        {
            "organisation": bob_policy_officer.organisation_id,
            "roles": ["functional_admin"],
            "is_active": "on",
        },
    )
    bob_policy_officer.refresh_from_db()
    assert bob_policy_officer.is_staff


@pytest.mark.django_db
def test_beheerder_cannot_lock_herself_out(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    response = client.post(
        edit_url(fenna_functional_admin),
        {"organisation": fenna_functional_admin.organisation_id, "roles": ["casemanager"]},
    )
    assert response.status_code == 200
    assert "eigen beheerdersrol" in response.content.decode()
    fenna_functional_admin.refresh_from_db()
    assert fenna_functional_admin.is_active
    assert fenna_functional_admin.groups.filter(name=GROUP_NAMES[Role.FUNCTIONAL_ADMIN]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"organisation": "999999", "roles": ["casemanager"]},
            "Kies een organisatie uit de lijst.",
        ),
        ({"organisation": "abc", "roles": ["casemanager"]}, "Kies een organisatie uit de lijst."),
        ({"roles": ["casemanager"]}, "Kies een organisatie."),
        ({"organisation": "ORG", "roles": ["superuser"]}, "Kies een rol uit de lijst."),
        ({"organisation": "ORG"}, "Kies minstens één rol."),
    ],
)
def test_bad_input_gets_a_dutch_message_and_changes_nothing(
    client, fenna_functional_admin, anna_casemanager, data, message
):
    if data.get("organisation") == "ORG":
        data["organisation"] = str(anna_casemanager.organisation_id)
    before = anna_casemanager.history.count()
    client.force_login(fenna_functional_admin)
    response = client.post(edit_url(anna_casemanager), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert anna_casemanager.history.count() == before
    assert list(anna_casemanager.groups.values_list("name", flat=True)) == ["Casemanager"]


@pytest.mark.django_db
def test_user_without_organisation_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="zonder-organisatie")
    assert User.objects.create(username="technisch", is_superuser=True).pk


@pytest.mark.django_db
def test_history_page_shows_who_changed_what(client, fenna_functional_admin, anna_casemanager):
    client.force_login(fenna_functional_admin)
    client.post(
        edit_url(anna_casemanager),
        {"organisation": anna_casemanager.organisation_id, "roles": ["casemanager"]},
    )
    response = client.get(reverse("stapteam:user_history", args=[anna_casemanager.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "gewijzigd" in page
    assert str(fenna_functional_admin) in page
    assert "Actief" in page
    assert "<del>ja</del> → <ins>nee</ins>" in page  # is_active went from on to off


@pytest.mark.django_db
def test_history_page_is_closed_to_roles_that_may_not_see_the_record(
    client, carla_coordinator, anna_casemanager
):
    client.force_login(carla_coordinator)
    response = client.get(reverse("stapteam:user_history", args=[anna_casemanager.pk]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_user_list_costs_fixed_queries(assert_fixed_queries, fenna_functional_admin):
    def add_more() -> None:
        for _ in range(15):
            UserFactory.create(roles=[Role.CASEMANAGER, Role.PEER_WORKER])

    assert_fixed_queries(
        fenna_functional_admin, reverse("stapteam:user_list"), add_more=add_more, max_queries=11
    )


@pytest.mark.django_db
def test_history_page_costs_fixed_queries(assert_fixed_queries, fenna_functional_admin):
    account = UserFactory.create(roles=[Role.CASEMANAGER])
    other = Organisation.objects.create(name="Andere organisatie")
    groups = list(Group.objects.all()[:3])

    def add_more() -> None:
        for i in range(10):
            account.first_name = f"Naam {i}"
            account.organisation = other if i % 2 else account.organisation
            account.save()
            account.groups.set(groups[: i % 3 + 1])

    assert_fixed_queries(
        fenna_functional_admin,
        reverse("stapteam:user_history", args=[account.pk]),
        add_more=add_more,
        max_queries=14,  # the paginated history counts its rows
    )
