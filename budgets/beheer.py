"""Budgets on the beheer pages: the budgets' settings (name, organisations, period, threshold;
their ledger lives on the budget pages) and the subsidy lines."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from budgets.models import Budget, SubsidyLine
from stapteam.platform.beheer import (
    BUDGETS,
    BeheerKind,
    BeheerLink,
    register_beheer_kind,
    register_beheer_link,
)


def register() -> None:
    register_beheer_kind(
        BeheerKind(
            slug="budgetten",
            section=BUDGETS,
            title=_("Budgetten"),
            description=_("Flexbudgetten per periode: naam, organisaties, periode en drempel."),
            model=Budget,
            fields=[
                "name",
                "organisation",
                "spending_organisations",
                "starts_on",
                "ends_on",
                "approval_threshold",
            ],
            columns=["name", "organisation", "starts_on", "ends_on", "approval_threshold"],
            select_related=["organisation"],
            can_delete=False,  # a budget keeps its ledger; it ends on its end date
            view_as="change",
            explanation=_(
                "Toekenningen en uitgaven boek je op de pagina van het budget (Budgetten in het "
                "menu); hier staan alleen de instellingen."
            ),
        )
    )
    register_beheer_link(
        BeheerLink(
            section=BUDGETS,
            title=_("Boekingen per budget"),
            url_name="budgets:budget_list",
            description=_("Saldo, toekenningen en uitgaven van elk budget."),
            permission="budgets.add_budget",
        )
    )
    register_beheer_kind(
        BeheerKind(
            slug="subsidieregels",
            section=BUDGETS,
            title=_("Subsidieregels"),
            description=_("Wat de gemeente per jaar aan een organisatie toekende."),
            model=SubsidyLine,
            fields=[
                "year",
                "organisation",
                "kind",
                "description",
                "hours_per_week",
                "granted",
                "realised",
            ],
            columns=["year", "organisation", "kind", "description", "granted", "realised"],
            select_related=["organisation"],
            can_delete=False,
        )
    )
