"""Pages of the NEN 7513 access log: the whole log with filters and its CSV export, per client,
per user, and break-the-glass to review."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q, QuerySet
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from stapteam.access import AuthenticatedRequest, get_log_user_for, logged_client_code
from stapteam.forms.platform.access_log import LogFilterForm
from stapteam.models import AccessLogEntry
from stapteam.platform.access_log import log_access
from stapteam.platform.exports import Row, csv_stream
from stapteam.platform.keyset import KeysetPage, keyset_page
from stapteam.platform.log_names import name_entries
from stapteam.platform.login_security import recent_login

READ = AccessLogEntry.Action.READ
# Rows the export reads and names at a time: a fixed number of queries per chunk.
EXPORT_CHUNK = 500


@login_required
@permission_required("stapteam.view_access_log", raise_exception=True)
def access_log_list(request: AuthenticatedRequest) -> HttpResponse:
    """The whole log, newest first, narrowed by period, user, action, kind and result."""
    form = LogFilterForm(request.GET)
    page = _page_of(request, form.filtered(AccessLogEntry.objects.select_related("user")))
    # Narrowed down, her reading is a search; the terms stay out of the log, as for the team list.
    searched = form.is_filtering()
    log_access(
        request,
        action=AccessLogEntry.Action.SEARCH if searched else READ,
        object_type="access_log",
        object_id="" if searched else "all",
    )
    context = {
        "title": _("Toegangslog"),
        "form": form,
        "show_client": True,
        "export_query": form.query(),
    }
    return _render_log(request, page, context)


@never_cache
@login_required
@permission_required("stapteam.view_access_log", raise_exception=True)
@recent_login()  # ASVS L3 step-up: password and code again before the log leaves STAP
def access_log_export(request: AuthenticatedRequest) -> HttpResponseBase:
    """The filtered rows as CSV for Dutch Excel, named as on the page, written as it is read."""
    form = LogFilterForm(request.GET)
    entries = form.filtered(AccessLogEntry.objects.select_related("user"))
    if form.errors:  # back to the page, which shows what is wrong with the filters
        messages.warning(request, _("Pas de filters aan; daarna kun je exporteren."))
        return redirect(f"{reverse('stapteam:access_log_list')}?{request.GET.urlencode()}")
    # The rows up to now: the export's own row and later reads are not part of it.
    upto = entries.order_by("-id").values_list("id", flat=True).first() or 0
    export = AccessLogEntry.Action.EXPORT
    log_access(request, action=export, object_type="access_log", object_id="csv")
    filename = f"toegangslog-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_stream(filename, _export_header(), _export_rows(entries.filter(id__lte=upto)))


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
    entries = AccessLogEntry.objects.select_related("user").filter(user=account)
    title = _("Toegangslog van %(name)s") % {"name": account}
    page = _page_of(request, entries)
    log_access(request, action=READ, object_type="access_log", object_id=f"user:{pk}")
    return _render_log(request, page, {"title": title, "show_client": True})


@login_required
@permission_required("stapteam.view_access_log", raise_exception=True)
def access_log_reasons(request: AuthenticatedRequest) -> HttpResponse:
    """Files opened with a reason ("openen met reden"), for the coordinator to review."""
    entries = AccessLogEntry.objects.select_related("user").exclude(reason="")
    context = {
        "title": _("Inzage met reden"),
        "intro": _("Dossiers die een collega opende met een reden. Ga na of die klopt."),
        "show_client": True,
    }
    page = _page_of(request, entries)
    log_access(request, action=READ, object_type="access_log", object_id="reasons")
    return _render_log(request, page, context)


def _page_of(request: AuthenticatedRequest, entries: QuerySet[AccessLogEntry]) -> KeysetPage:
    """A page of the log, newest first, read before this reading is itself logged. The log grows
    while she reads it, so its links carry the edge row's (moment, id), never a page number."""
    page = keyset_page(request, entries, time_field="at")
    page.rows = list(name_entries(page.rows))
    return page


def _render_log(
    request: AuthenticatedRequest, page: KeysetPage, context: dict[str, Any]
) -> HttpResponse:
    """The log page; htmx asks for the rows of another page only."""
    template = "stapteam/access_log.html" + ("#entries" if request.htmx else "")
    return render(request, template, {**context, "page": page})


def _export_header() -> Row:
    return [
        _("Tijdstip"),
        _("Gebruiker"),
        _("Rollen"),
        _("Organisatie"),
        _("Handeling"),
        _("Resultaat"),
        _("Soort gegeven"),
        _("Gegeven"),
        _("Cliënt"),
        _("Adres"),
        _("Reden"),
    ]


def _export_rows(entries: QuerySet[AccessLogEntry]) -> Iterator[Row]:
    """Newest first, in chunks (keyset on the order, so a chunk never repeats or skips a row)."""
    entries = entries.order_by("-at", "-id")
    chunk = name_entries(list(entries[:EXPORT_CHUNK]))
    while chunk:
        for entry in chunk:
            yield _export_row(entry)
        last = chunk[-1]
        after = Q(at__lt=last.at) | Q(at=last.at, id__lt=last.id)
        chunk = name_entries(list(entries.filter(after)[:EXPORT_CHUNK]))


def _export_row(entry: AccessLogEntry) -> Row:
    user = str(entry.user) if entry.user else _("niet ingelogd")
    return [
        f"{timezone.localtime(entry.at):%d-%m-%Y %H:%M:%S}",
        user,
        entry.role_labels(),
        entry.organisation,
        entry.get_action_display(),
        entry.get_result_display(),
        entry.object_type_label().capitalize(),
        entry.object_name,  # type: ignore[attr-defined]
        entry.client_name,  # type: ignore[attr-defined]
        entry.source_address or "",
        entry.reason,
    ]
