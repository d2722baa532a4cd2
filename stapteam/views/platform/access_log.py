"""Pages of the NEN 7513 access log: per client, per user, and break-the-glass to review."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from stapteam.access import AuthenticatedRequest, get_log_user_for, logged_client_code
from stapteam.models import AccessLogEntry
from stapteam.platform.access_log import log_access

# The newest rows only: enough to answer "who looked", and a page that stays fast.
NEWEST = 200
READ = AccessLogEntry.Action.READ


@login_required
@permission_required("stapteam.view_access_log", raise_exception=True)
def access_log_client(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who opened this file. The client may have been destroyed by retention; her log stays."""
    code = logged_client_code(pk)
    entries = list(AccessLogEntry.objects.select_related("user").filter(client_id=pk)[:NEWEST])
    log_access(request, action=READ, object_type="access_log", object_id=f"client:{pk}", client=pk)
    title = (
        _("Wie heeft dossier %(code)s ingezien") % {"code": code}
        if code
        else _("Wie heeft verwijderd dossier %(pk)s ingezien") % {"pk": pk}
    )
    return render(
        request,
        "stapteam/access_log.html",
        {"title": title, "entries": entries, "newest": NEWEST, "show_client": False},
    )


@login_required
@permission_required("stapteam.view_access_log", raise_exception=True)
def access_log_user(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """What one user opened."""
    account = get_log_user_for(request.user, pk, action="access_log")
    entries = list(
        AccessLogEntry.objects.select_related("user", "client").filter(user=account)[:NEWEST]
    )
    log_access(request, action=READ, object_type="access_log", object_id=f"user:{pk}")
    title = _("Toegangslog van %(name)s") % {"name": account}
    return render(
        request,
        "stapteam/access_log.html",
        {"title": title, "entries": entries, "newest": NEWEST, "show_client": True},
    )


@login_required
@permission_required("stapteam.view_access_log", raise_exception=True)
def access_log_reasons(request: AuthenticatedRequest) -> HttpResponse:
    """Files opened with a reason ("openen met reden"), for the coordinator to review."""
    entries = list(
        AccessLogEntry.objects.select_related("user", "client").exclude(reason="")[:NEWEST]
    )
    log_access(request, action=READ, object_type="access_log", object_id="reasons")
    return render(
        request,
        "stapteam/access_log.html",
        {
            "title": _("Inzage met reden"),
            "intro": _("Dossiers die een collega opende met een reden. Ga na of die klopt."),
            "entries": entries,
            "newest": NEWEST,
            "show_client": True,
        },
    )
