"""Django admin for the beheerder: budgets (name, period, threshold) and subsidy lines.

Ledger entries are not in the admin: they are append-only and booked through STAP's pages.
"""

from __future__ import annotations

from django.contrib import admin

from budgets.models import Budget, SubsidyLine
from stapteam.admin import HistoryAdmin


@admin.register(Budget)
class BudgetAdmin(HistoryAdmin):
    list_display = ["name", "organisation", "starts_on", "ends_on", "approval_threshold"]
    filter_horizontal = ["spending_organisations"]


@admin.register(SubsidyLine)
class SubsidyLineAdmin(HistoryAdmin):
    list_display = ["year", "organisation", "description", "hours_per_week", "granted", "realised"]
    list_filter = ["year", "organisation"]
