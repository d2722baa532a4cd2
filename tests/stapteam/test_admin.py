"""The Django admin is the technical superuser's only: the functioneel beheerder and every other
role are refused (she works on STAP's own beheer pages), and nobody gets a second login."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stapteam.models import User


@pytest.fixture
def root(db: None) -> User:
    return User.objects.create_superuser("root", password="een-lang-wachtwoord-2026")


@pytest.mark.django_db
def test_the_superuser_opens_the_admin(client, root):
    client.force_login(root)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:stapteam_user_changelist")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["admin:index", "admin:stapteam_user_changelist"])
def test_the_beheerder_is_refused_at_the_admin(client, fenna_functional_admin, url_name):
    client.force_login(fenna_functional_admin)
    response = client.get(reverse(url_name), follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1  # to the login, which refuses: no login loop


@pytest.mark.django_db
def test_a_staff_flag_left_from_before_does_not_open_the_admin(client, fenna_functional_admin):
    fenna_functional_admin.is_staff = True
    fenna_functional_admin.save(update_fields=["is_staff"])
    client.force_login(fenna_functional_admin)
    assert client.get(reverse("admin:stapteam_user_changelist"), follow=True).status_code == 403


@pytest.mark.django_db
def test_the_beheerder_changes_nothing_through_the_admin(
    client, fenna_functional_admin, anna_casemanager
):
    client.force_login(fenna_functional_admin)
    response = client.post(
        reverse("admin:stapteam_user_change", args=[anna_casemanager.pk]),
        {"username": anna_casemanager.username, "is_staff": "on", "is_superuser": "on"},
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    anna_casemanager.refresh_from_db()
    assert not anna_casemanager.is_staff
    assert not anna_casemanager.is_superuser


@pytest.mark.django_db
def test_non_staff_user_gets_403_not_a_login_loop(client, anna_casemanager):
    client.force_login(anna_casemanager)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


@pytest.mark.django_db
def test_roles_cannot_be_redefined_in_the_admin(client, root):
    client.force_login(root)
    response = client.get(reverse("admin:auth_group_add"))
    assert response.status_code == 403


@pytest.mark.django_db
def test_account_created_in_the_admin_is_in_history_with_its_creator(
    client, root, fenna_functional_admin
):
    client.force_login(root)
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
    assert account.history.earliest().history_user == root


@pytest.mark.django_db
def test_the_beheerder_cannot_change_a_superuser_account(client, root, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    assert client.get(reverse("stapteam:user_edit", args=[root.pk])).status_code == 403


@pytest.mark.django_db
def test_history_cannot_be_reverted_in_the_admin(client, root, anna_casemanager):
    version = anna_casemanager.history.earliest()
    client.force_login(root)
    url = reverse(
        "admin:stapteam_user_simple_history", args=[anna_casemanager.pk, version.history_id]
    )
    assert client.post(url, {"username": "overgenomen"}).status_code == 403
    anna_casemanager.refresh_from_db()
    assert anna_casemanager.username == "anna"


@pytest.mark.django_db
def test_logged_in_user_following_next_to_login_goes_home(client, anna_casemanager):
    client.force_login(anna_casemanager)
    response = client.get(reverse("stapteam:login") + "?next=/inloggen/")
    assert response.status_code == 302
    assert response.url == reverse("stapteam:home")


@pytest.mark.django_db
def test_the_superuser_switches_the_default_life_domain_list(client, root):
    from stapteam.models import DomainSet

    zrm13 = DomainSet.objects.get(code="zrm-2017-13")
    client.force_login(root)
    response = client.post(
        reverse("admin:stapteam_domainset_changelist"),
        {"action": "make_default", "_selected_action": [zrm13.pk]},
    )
    assert response.status_code == 302
    assert DomainSet.default() == zrm13
    assert DomainSet.default().domains.count() == 13
