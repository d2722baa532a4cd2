"""The generic history page: who changed what, when, for every kind of record with a history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from stapteam.access import AuthenticatedRequest
from stapteam.platform.history import HISTORY_KINDS, render_history


@login_required
def history(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    """The record is fetched by its app's get_<thing>_for, which refuses and logs as for the
    record itself: whoever may not open it gets 403 or 404 here too."""
    registered = HISTORY_KINDS.get(kind)
    if registered is None:
        raise Http404
    obj = registered.fetch(request.user, pk)
    return render_history(
        request,
        obj,
        title=registered.title_of(obj),
        back_url=registered.back_url(obj),
        labels=registered.labels,
    )
