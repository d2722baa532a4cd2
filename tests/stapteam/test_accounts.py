"""The beheerder manages accounts; every change is in history with the acting user."""

from __future__ import annotations

from typing import Any

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
def test_no_role_makes_staff_for_the_admin(client, fenna_functional_admin, bob_policy_officer):
    bob_policy_officer.is_staff = True  # as an older version of STAP left it
    bob_policy_officer.save(update_fields=["is_staff"])
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
    assert bob_policy_officer.groups.filter(name=GROUP_NAMES[Role.FUNCTIONAL_ADMIN]).exists()
    assert not bob_policy_officer.is_staff


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
        max_queries=13,  # keyset pages: no count
    )


# --- A new account --------------------------------------------------------------------------------

NEW_PASSWORD = "paars-fietspad-zomer-2026"


def new_account_form(organisation_id: int, **changes: Any) -> dict[str, Any]:
    return {
        "username": "nina",
        "first_name": "Nina",
        "last_name": "de Wit",
        "email": "nina@iriszorg.invalid",
        "organisation": organisation_id,
        "roles": ["casemanager"],
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **changes,
    }


@pytest.mark.django_db
def test_the_beheerder_creates_an_account_that_sets_up_its_second_factor_at_first_login(
    client, fenna_functional_admin
):
    client.force_login(fenna_functional_admin)
    page = client.get(reverse("stapteam:user_list")).content.decode()
    assert reverse("stapteam:user_create") in page
    assert "/beheer/" not in page
    response = client.post(
        reverse("stapteam:user_create"), new_account_form(fenna_functional_admin.organisation_id)
    )
    assert response.status_code == 302
    assert response.url == reverse("stapteam:user_list")
    nina = User.objects.get(username="nina")
    assert (nina.first_name, nina.organisation) == ("Nina", fenna_functional_admin.organisation)
    assert nina.roles == [Role.CASEMANAGER]
    assert nina.check_password(NEW_PASSWORD)
    assert nina.is_active and not nina.is_staff and not nina.is_superuser
    assert nina.history.earliest().history_user == fenna_functional_admin
    assert NEW_PASSWORD not in client.get(reverse("stapteam:user_list")).content.decode()

    client.logout()
    response = client.post(
        reverse("stapteam:login"), {"username": "nina", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("stapteam:otp_enrol"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password2": "iets-heel-anders-2026"}, "De twee wachtwoorden zijn niet gelijk."),
        ({"password1": "kort", "password2": "kort"}, "Een wachtwoord heeft minstens 12 tekens."),
        (
            {"password1": "123456789012", "password2": "123456789012"},
            "Een wachtwoord bestaat niet alleen uit cijfers.",
        ),
        ({"username": "Anna"}, "Deze gebruikersnaam bestaat al; kies een andere."),
        ({"username": "met spatie"}, "Voer een geldige gebruikersnaam in"),
        ({"username": ""}, "Vul een gebruikersnaam in."),
        ({"roles": []}, "Kies minstens één rol."),
        ({"roles": ["koning"]}, "Kies een rol uit de lijst."),
        ({"organisation": "999999"}, "Kies een organisatie uit de lijst."),
        ({"email": "geen-adres"}, "Vul een geldig e-mailadres in."),
        (
            {"password1": "iriszorg.invalid", "password2": "iriszorg.invalid"},
            "Het wachtwoord lijkt te veel op de naam of het e-mailadres.",
        ),
        ({"first_name": "x" * 151}, "150"),
    ],
)
def test_a_bad_new_account_gets_a_dutch_message_and_keeps_what_was_typed(
    client, fenna_functional_admin, anna_casemanager, changes, message
):
    client.force_login(fenna_functional_admin)
    before = User.objects.count()
    data = new_account_form(fenna_functional_admin.organisation_id, **changes)
    response = client.post(reverse("stapteam:user_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="de Wit"' in page
    assert NEW_PASSWORD not in page  # a password is never sent back
    assert User.objects.count() == before


@pytest.mark.django_db
def test_only_the_beheerder_creates_accounts(client, carla_coordinator):
    client.force_login(carla_coordinator)
    assert client.get(reverse("stapteam:user_create")).status_code == 403
    response = client.post(
        reverse("stapteam:user_create"), new_account_form(carla_coordinator.organisation_id)
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="nina").exists()
