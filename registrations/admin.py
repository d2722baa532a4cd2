"""Django admin for the beheerder: the regime and its terms, refusal grounds, letter templates."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from registrations.models import LetterTemplate, RefusalGround, RegistrationSettings
from stapteam.admin import HistoryAdmin


@admin.register(RegistrationSettings)
class RegistrationSettingsAdmin(HistoryAdmin):
    list_display = ["__str__", "regime", "legal_basis_date", "decision_term_weeks", "day_pass_cap"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not RegistrationSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RefusalGround)
class RefusalGroundAdmin(HistoryAdmin):
    list_display = ["name", "is_active"]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(HistoryAdmin):
    list_display = ["__str__", "updated_at"]
