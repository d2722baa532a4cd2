"""Liveness and readiness for the service manager, the proxy and the smoke test: no login."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from stapteam.platform import health
from stapteam.platform.login_security import second_factor_not_required
from stapteam.platform.submissions import submission_key_not_required

NO_KEY = "GET and HEAD only; nothing is saved"


@login_not_required
@second_factor_not_required
@submission_key_not_required(NO_KEY)
@require_safe
@transaction.non_atomic_requests  # no request transaction: liveness never touches the database
def health_live(request: HttpRequest) -> JsonResponse:
    """The process answers; the database is not asked (a restart would not mend it)."""
    return JsonResponse({"status": "ok"})


@login_not_required
@second_factor_not_required
@submission_key_not_required(NO_KEY)
@require_safe
@transaction.non_atomic_requests  # a request transaction would fail before the check could
def health_ready(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and the migrations are applied, else 503."""
    if health.is_ready():
        return JsonResponse({"status": "ok"})
    return JsonResponse({"status": "niet gereed"}, status=503)
