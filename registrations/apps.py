"""App configuration of registrations: tippelzone registration requests and decisions."""

# Imports sit inside the functions: Django loads an apps module before its models are ready.

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Tippelzoneregistraties")

    def ready(self) -> None:
        from registrations import beheer, history, log_names, notifications, reports, retention

        retention.register()
        log_names.register()
        history.register()
        notifications.register()
        beheer.register()
        reports.register()
