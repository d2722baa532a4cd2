"""The load benchmark's baseline: a plain Django admin of clients and contacts, on a site of its
own that only the benchmark's server serves (stapteam/urls_benchmark.py), never production."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from stapteam.models import Client, Contact

# Where stapteam/urls_benchmark.py mounts the site.
PREFIX = "benchmark-admin/"


class BenchmarkAdminSite(admin.AdminSite):
    site_header = "STAP benchmark"

    def has_permission(self, request: HttpRequest) -> bool:
        # As the real admin (stapteam/admin.py): an active superuser only.
        return bool(request.user.is_active and request.user.is_superuser)


site = BenchmarkAdminSite(name="benchmark_admin")


@admin.register(Client, site=site)
class ClientAdmin(admin.ModelAdmin):
    """What a generated admin list of the files would show: a page of 100, counted."""

    list_display = ["code", "call_name", "status", "origin", "closed_on"]
    list_filter = ["status"]
    search_fields = ["code", "call_name"]


@admin.register(Contact, site=site)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "client", "author", "kind", "minutes"]
    list_select_related = ["client", "author"]
    list_filter = ["kind"]
