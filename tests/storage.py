"""Row counts of STAP's own tables, to prove that a refused request changed nothing."""

from __future__ import annotations

from django.apps import apps
from django.db import connection

STAP_APPS = ("stapteam", "registrations", "timeout", "budgets")
# The access log records every attempt, refused ones too (NEN 7513): it is meant to grow.
AUDIT_TRAIL = {"stapteam.AccessLogEntry"}


def stored_rows() -> dict[str, int]:
    """Every table's row count, in one query (the permission matrix asks thousands of times)."""
    models = [
        model
        for app in STAP_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.label not in AUDIT_TRAIL
    ]
    tables = [connection.ops.quote_name(m._meta.db_table) for m in models]
    counts = ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)  # noqa: S608 - model tables
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return {model._meta.label: count for model, count in zip(models, row, strict=True)}
