"""Budgets on the beheer pages: the budgets (their own pages) and the subsidy lines."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from budgets.models import SubsidyLine
from stapteam.platform.beheer import (
    BUDGETS,
    BeheerKind,
    BeheerLink,
    register_beheer_kind,
    register_beheer_link,
)


def register() -> None:
    register_beheer_link(
        BeheerLink(
            section=BUDGETS,
            title=_("Budgetten"),
            url_name="budgets:budget_list",
            description=_("Flexbudgetten per periode en hun toekenningen."),
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
