"""The Django admin is the beheerder's; everyone else is refused, nobody gets a second login."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_beheerder_opens_the_user_admin(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    assert client.get(reverse("admin:stapteam_user_changelist")).status_code == 200


@pytest.mark.django_db
def test_non_staff_user_gets_403_not_a_login_loop(client, anna_casemanager):
    client.force_login(anna_casemanager)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


@pytest.mark.django_db
def test_beheerder_cannot_grant_superuser_rights(client, fenna_functional_admin, anna_casemanager):
    client.force_login(fenna_functional_admin)
    response = client.get(reverse("admin:stapteam_user_change", args=[anna_casemanager.pk]))
    assert 'name="is_superuser"' not in response.content.decode()


@pytest.mark.django_db
def test_roles_cannot_be_redefined_in_the_admin(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    response = client.get(reverse("admin:auth_group_add"))
    assert response.status_code == 403


@pytest.mark.django_db
def test_account_created_in_the_admin_is_in_history_with_its_creator(
    client, fenna_functional_admin
):
    from stapteam.models import User

    client.force_login(fenna_functional_admin)
    response = client.post(
        reverse("admin:stapteam_user_add"),
        {
            "username": "nieuw",
            "organisation": fenna_functional_admin.organisation_id,
            "password1": "een-lang-wachtwoord-2026",
            "password2": "een-lang-wachtwoord-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    account = User.objects.get(username="nieuw")
    assert account.organisation == fenna_functional_admin.organisation
    assert account.history.earliest().history_user == fenna_functional_admin
