"""The Django admin, for the technical superuser only: the functioneel beheerder works on STAP's
own beheer pages (/instellingen/); roles are read-only groups here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from stapteam.models import (
    CaseloadSettings,
    DestructionRecord,
    DomainSet,
    LifeDomain,
    NetworkPartner,
    Organisation,
    RetentionCategory,
    User,
)


def superuser_only(request: HttpRequest) -> bool:
    """Only an active superuser opens the admin; everyone else is sent to the login, which
    refuses a logged-in user (403), so that no role has a second way around the services."""
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = superuser_only  # type: ignore[method-assign]


class HistoryAdmin(SimpleHistoryAdmin):
    """History to read, never to revert: a revert would bypass the services' rules."""

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> Any:
        raise PermissionDenied


@admin.register(User)
class UserAdmin(HistoryAdmin, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["organisation", "groups", "is_active"]
    list_select_related = ["organisation"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email", "organisation")}),
        (_("Rollen en toegang"), {"fields": ("groups", "is_active", "is_staff", "is_superuser")}),
        (_("Datums"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "organisation", "password1", "password2")}),)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Roles (and the admin flag that follows them) are set on STAP's Gebruikers page, whose
        # service keeps the rules; only a superuser changes them here.
        readonly = ["last_login", "date_joined"]
        if not request.user.is_superuser:
            readonly += ["groups", "is_staff", "is_superuser"]
        return readonly

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A beheerder cannot touch a superuser's account (password, state, roles).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "short_name", "is_active"]
    search_fields = ["name"]


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(BaseGroupAdmin):
    """Roles are defined in stapteam/platform/roles.py; the admin shows them, cannot change them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CaseloadSettings)
class CaseloadSettingsAdmin(HistoryAdmin):
    list_display = ["__str__", "no_contact_days", "zrm_months", "response_working_days"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not CaseloadSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NetworkPartner)
class NetworkPartnerAdmin(HistoryAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]


class LifeDomainInline(admin.TabularInline):
    model = LifeDomain
    extra = 0
    readonly_fields = ["code", "name", "order"]
    can_delete = False


@admin.register(DomainSet)
class DomainSetAdmin(HistoryAdmin):
    """Versioned reference data: shown, changed only by a migration."""

    list_display = ["name", "code", "is_default"]
    readonly_fields = ["name", "code", "is_default"]
    inlines = [LifeDomainInline]
    actions = ["make_default"]

    @admin.action(description=_("Gebruik deze lijst voor nieuwe doelen en metingen"))
    def make_default(self, request: HttpRequest, queryset: Any) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("Kies precies één lijst."), level="error")
            return
        with transaction.atomic():
            for current in DomainSet.objects.filter(is_default=True):
                current.is_default = False
                current.save(update_fields=["is_default"])
            chosen = queryset.get()
            chosen.is_default = True
            chosen.save(update_fields=["is_default"])
        self.message_user(request, _("%(name)s is nu de standaardlijst.") % {"name": chosen})

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)


@admin.register(RetentionCategory)
class RetentionCategoryAdmin(HistoryAdmin):
    """The beheerder sets the terms; the categories themselves are fixed (the rules name them)."""

    list_display = ["name", "term_years", "term_weeks", "clock", "action"]
    readonly_fields = ["code", "records", "clock", "action"]
    fields = [
        "code",
        "name",
        "records",
        "clock",
        "term_years",
        "term_weeks",
        "legal_basis",
        "action",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DestructionRecord)
class DestructionRecordAdmin(admin.ModelAdmin):
    """The destruction register: to read; the database refuses changes."""

    list_display = ["destroyed_on", "category", "object_type", "object_id", "client_code", "action"]
    list_filter = ["category", "action"]
    date_hierarchy = "destroyed_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
