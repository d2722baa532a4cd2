"""The functioneel beheerder creates and changes a budget on STAP's own beheer pages (no Django
admin): name, organisations, period and threshold, with Dutch messages for a wrong period."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from budgets.models import Budget
from stapteam.models import Organisation
from tests.budgets.conftest import make_budget

NEW = reverse("stapteam:beheer_create", args=["budgetten"])


def budget_form(organisation: Organisation, **changes: Any) -> dict[str, Any]:
    return {
        "name": "Flexbudget STAP-team 2027",
        "organisation": organisation.pk,
        "spending_organisations": [organisation.pk],
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "approval_threshold": "150.00",
        **changes,
    }


@pytest.mark.django_db
def test_the_beheerder_creates_a_budget_from_the_budget_list(client, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    page = client.get(reverse("budgets:budget_list")).content.decode()
    assert NEW in page
    assert "/beheer/" not in page
    iriszorg = fenna_functional_admin.organisation
    response = client.post(NEW, budget_form(iriszorg))
    assert response.status_code == 302
    budget = Budget.objects.get(name="Flexbudget STAP-team 2027")
    assert (budget.organisation, budget.approval_threshold) == (iriszorg, Decimal("150.00"))
    assert list(budget.spending_organisations.all()) == [iriszorg]
    assert budget.history.earliest().history_user == fenna_functional_admin
    assert budget.balance() == Decimal("0.00")


@pytest.mark.django_db
def test_the_beheerder_changes_a_budget_from_its_page(client, fenna_functional_admin):
    budget = make_budget()
    client.force_login(fenna_functional_admin)
    edit = reverse("stapteam:beheer_edit", args=["budgetten", budget.pk])
    assert edit in client.get(reverse("budgets:budget_detail", args=[budget.pk])).content.decode()
    data = budget_form(
        budget.organisation,
        name=budget.name,
        starts_on=f"{budget.starts_on:%Y-%m-%d}",
        ends_on=f"{budget.ends_on:%Y-%m-%d}",
        approval_threshold="250.00",
        change_reason="Hogere drempel afgesproken",
    )
    assert client.post(edit, data).status_code == 302
    budget.refresh_from_db()
    assert budget.approval_threshold == Decimal("250.00")
    assert budget.history.latest().history_change_reason == "Hogere drempel afgesproken"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": "2026-12-31"}, "De einddatum ligt op of na de begindatum."),
        (
            {"starts_on": "2025-01-01", "ends_on": "2031-06-01"},
            "Een periode duurt hoogstens vijf jaar.",
        ),
        ({"starts_on": "morgen"}, "Vul de datum in als dd-mm-jjjj."),
        ({"approval_threshold": "-5"}, "0"),
        ({"name": ""}, "Vul “Naam” in."),
        (
            {"spending_organisations": ["999999"]},
            "Kies bij “Casemanagers van deze organisaties mogen besteden” een van de mogelijkheden",
        ),
    ],
)
def test_a_wrong_budget_gets_a_dutch_message_and_keeps_what_was_typed(
    client, fenna_functional_admin, changes, message
):
    client.force_login(fenna_functional_admin)
    response = client.post(NEW, budget_form(fenna_functional_admin.organisation, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "150.00" in page or changes.get("approval_threshold")
    assert not Budget.objects.exists()


@pytest.mark.django_db
def test_the_same_name_on_the_same_start_is_refused_in_dutch(client, fenna_functional_admin):
    existing = make_budget(name="Flexbudget STAP-team 2027")
    client.force_login(fenna_functional_admin)
    data = budget_form(
        existing.organisation, starts_on=f"{existing.starts_on:%Y-%m-%d}", ends_on="2027-12-31"
    )
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert "Er is al een budget met deze naam dat op die dag begint" in response.content.decode()
    assert Budget.objects.count() == 1


@pytest.mark.django_db
def test_the_coordinator_views_budgets_but_does_not_keep_them(client, carla_coordinator):
    budget = make_budget()
    client.force_login(carla_coordinator)
    assert client.get(reverse("budgets:budget_list")).status_code == 200
    assert NEW not in client.get(reverse("budgets:budget_list")).content.decode()
    for url in [
        reverse("stapteam:beheer_list", args=["budgetten"]),
        NEW,
        reverse("stapteam:beheer_edit", args=["budgetten", budget.pk]),
        reverse("stapteam:beheer_history", args=["budgetten", budget.pk]),
    ]:
        assert client.get(url).status_code == 403, url
