"""App configuration of stapteam: connects the role groups and quiet login bookkeeping."""

# Imports sit inside the functions: Django loads an apps module before its models are ready.

from typing import Any

from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StapteamConfig(AppConfig):
    name = "stapteam"
    verbose_name = _("STAP-team")

    def ready(self) -> None:
        from django.contrib.auth import user_logged_in
        from django.contrib.auth.models import update_last_login
        from django.core import checks
        from django.db.models.signals import post_migrate

        from stapteam.caseload import history, notifications
        from stapteam.platform import beheer_kinds, log_names, retention_notifications
        from stapteam.platform.checks import demo_mode_only_on_loopback
        from stapteam.platform.roles import sync_role_groups
        from stapteam.reports import casework

        checks.register(demo_mode_only_on_loopback, checks.Tags.security)
        log_names.register()
        casework.register()
        history.register()
        notifications.register()
        retention_notifications.register()
        beheer_kinds.register()

        post_migrate.connect(sync_role_groups, dispatch_uid="stapteam.sync_role_groups")
        # A login is not a change to the account: record last_login without a history row.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(_record_last_login, dispatch_uid="stapteam.record_last_login")


def _record_last_login(sender: Any, user: Any, **kwargs: Any) -> None:
    user.last_login = timezone.now()
    user.skip_history_when_saving = True
    try:
        user.save(update_fields=["last_login"])
    finally:
        del user.skip_history_when_saving
