"""Django admin for the beheerder: year settings (tariff, caps, budget), locations and beds."""

from __future__ import annotations

from django.contrib import admin

from stapteam.admin import HistoryAdmin
from timeout.models import Bed, Location, YearSettings


@admin.register(YearSettings)
class YearSettingsAdmin(HistoryAdmin):
    list_display = ["year", "tariff_per_day", "max_stays", "max_days_per_stay", "budget"]


class BedInline(admin.TabularInline):
    model = Bed
    extra = 0


@admin.register(Location)
class LocationAdmin(HistoryAdmin):
    inlines = [BedInline]
