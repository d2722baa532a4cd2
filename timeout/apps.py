"""App configuration of timeout: time-out bed requests and stays."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimeoutConfig(AppConfig):
    name = "timeout"
    verbose_name = _("Time-out")
