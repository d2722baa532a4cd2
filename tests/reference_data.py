"""The migrations' reference data (organisations, life domains, network partners, settings,
retention categories), for tests after a transactional test emptied every table."""

from __future__ import annotations

import importlib

from django.apps import apps

from stapteam.models import DomainSet, Organisation, RetentionCategory


def restore_reference_data() -> None:
    """The migrations' reference data, loaded again where a transactional test emptied it."""
    if not (Organisation.objects.exists() and DomainSet.objects.exists()):
        for module in (
            "stapteam.migrations.0003_organisations",
            "stapteam.migrations.0005_caseload_reference_data",
            "registrations.migrations.0002_reference_data_and_day_pass_cap",
        ):
            importlib.import_module(module).load_data(apps, None)
    if not RetentionCategory.objects.exists():
        importlib.import_module("stapteam.migrations.0010_retention").load_categories(apps, None)
    if not RetentionCategory.objects.filter(code="mailbox_fetch").exists():
        mailbox = importlib.import_module("registrations.migrations.0015_mailbox_fetch_retention")
        mailbox.load_category(apps, None)
    if not RetentionCategory.objects.filter(code="report_snapshot").exists():
        reports = importlib.import_module("stapteam.migrations.0029_report_snapshot_retention")
        reports.load_category(apps, None)
