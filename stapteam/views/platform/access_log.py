"""Pages of the NEN 7513 access log: per client, per user, and break-the-glass to review."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from stapteam.access import AuthenticatedRequest, get_log_user_for, logged_client_code
from stapteam.models import AccessLogEntry
from stapteam.platform.access_log import log_access
from stapteam.platform.pagination import paginate

READ = AccessLogEntry.Action.READ
# The page links keep the newest row of the first page: later reads do not shift the pages.
UP_TO = "tot"


@login_required
@permission_required("stapteam.view_access_log", raise_exception=True)
def access_log_client(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who opened this file. The client may have been destroyed by retention; her log stays."""
    code = logged_client_code(pk)
    entries = AccessLogEntry.objects.select_related("user").filter(client_id=pk)
    title = (
        _("Wie heeft dossier %(code)s ingezien") % {"code": code}
        if code
        else _("Wie heeft verwijderd dossier %(pk)s ingezien") % {"pk": pk}
    )
    page = _page_of(request, entries)
    log_access(request, action=READ, object_type="access_log", object_id=f"client:{pk}", client=pk)
    return _render_log(request, page, {"title": title, "show_client": False})


@login_required
@permission_required("stapteam.view_access_log", raise_exception=True)
def access_log_user(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """What one user opened."""
    account = get_log_user_for(request.user, pk, action="access_log")
    entries = AccessLogEntry.objects.select_related("user", "client").filter(user=account)
    title = _("Toegangslog van %(name)s") % {"name": account}
    page = _page_of(request, entries)
    log_access(request, action=READ, object_type="access_log", object_id=f"user:{pk}")
    return _render_log(request, page, {"title": title, "show_client": True})


@login_required
@permission_required("stapteam.view_access_log", raise_exception=True)
def access_log_reasons(request: AuthenticatedRequest) -> HttpResponse:
    """Files opened with a reason ("openen met reden"), for the coordinator to review."""
    entries = AccessLogEntry.objects.select_related("user", "client").exclude(reason="")
    context = {
        "title": _("Inzage met reden"),
        "intro": _("Dossiers die een collega opende met een reden. Ga na of die klopt."),
        "show_client": True,
    }
    page = _page_of(request, entries)
    log_access(request, action=READ, object_type="access_log", object_id="reasons")
    return _render_log(request, page, context)


def _page_of(request: AuthenticatedRequest, entries: QuerySet[AccessLogEntry]) -> Page:
    """A page of the log, newest first, read before this reading is itself logged. The log grows
    while she reads it, so the page links hold the newest row of her first page (?tot=)."""
    upto = request.GET.get(UP_TO, "")
    if upto.isdigit():
        entries = entries.filter(id__lte=int(upto))
    else:
        upto = str(entries.order_by("-id").values_list("id", flat=True).first() or "")
    page = paginate(request, entries.order_by("-at", "-id"), keep={UP_TO: upto})
    page.object_list = list(page.object_list)
    return page


def _render_log(request: AuthenticatedRequest, page: Page, context: dict[str, Any]) -> HttpResponse:
    """The log page; htmx asks for the rows of another page only."""
    template = "stapteam/access_log.html" + ("#entries" if request.htmx else "")
    return render(request, template, {**context, "page": page})
