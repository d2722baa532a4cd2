"""System checks of STAP's settings that Django's own checks do not know."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def demo_mode_only_on_loopback(**kwargs: Any) -> list[Error]:
    """Demo accounts log in with a published password: demo mode may serve this machine only."""
    if not settings.DEMO_MODE:
        return []
    others = sorted(set(settings.ALLOWED_HOSTS) - LOOPBACK)
    if not others:
        return []
    return [
        Error(
            "DEMO_MODE staat aan terwijl ALLOWED_HOSTS andere hosts noemt dan deze machine "
            f"({', '.join(others)}).",
            hint="Zet DEMO_MODE=false, of laat ALLOWED_HOSTS alleen 127.0.0.1, localhost en ::1 "
            "noemen.",
            id="stap.E001",
        )
    ]
