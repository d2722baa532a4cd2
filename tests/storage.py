"""Row counts of STAP's own tables, to prove that a refused request changed nothing."""

from __future__ import annotations

from django.apps import apps

STAP_APPS = ("stapteam", "registrations", "timeout", "budgets")
# The access log records every attempt, refused ones too (NEN 7513): it is meant to grow.
AUDIT_TRAIL = {"stapteam.AccessLogEntry"}


def stored_rows() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in STAP_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.label not in AUDIT_TRAIL
    }
