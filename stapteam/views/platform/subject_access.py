"""Pages of subject-access requests (AVG art. 15), one set for every app: the open requests,
record one, export everything as a ZIP. Each app describes its requests in an AccessRequestKind
and passes it to these views from its URLs (care here, registrations in registrations/)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from stapteam.access import AuthenticatedRequest, get_access_request_for
from stapteam.forms.platform.subject_access import CareAccessRequestForm
from stapteam.models import AccessLogEntry, Client, SubjectAccessRequest, User
from stapteam.models.subject_access import SubjectAccessRequestBase
from stapteam.platform.access_log import log_access
from stapteam.platform.login_security import recent_login
from stapteam.platform.subject_access import (
    care_sections,
    export_zip,
    mark_access_request_handled,
    register_access_request,
)

RECENTLY_HANDLED = 20


@dataclass(frozen=True)
class AccessRequestKind:
    """What differs between the apps' subject-access pages."""

    namespace: str  # URL namespace of the app's three pages
    permission: str  # who handles these requests
    list_title: str | Promise
    form_title: str | Promise
    file_prefix: str  # of the ZIP's name
    requests: Callable[[User], QuerySet[Any]]  # the requests she sees, with what the list shows
    subject: Callable[[Any], str]  # whom a request is about, as the list shows it
    form: Callable[[AuthenticatedRequest], forms.ModelForm]
    fetch: Callable[[User, int], Any]  # fetch-and-authorise for the export
    export: Callable[[Any], bytes]  # the ZIP
    log: Callable[[Any], dict[str, Any]]  # object_type and client of the export's log row

    def url(self, page: str) -> str:
        return f"{self.namespace}:subject_access_{page}"


def zip_response(content: bytes, filename: str) -> HttpResponse:
    """A download that no browser or proxy keeps."""
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _require(request: AuthenticatedRequest, kind: AccessRequestKind) -> None:
    if not request.user.has_perm(kind.permission):
        raise PermissionDenied


@login_required
def subject_access_list(request: AuthenticatedRequest, kind: AccessRequestKind) -> HttpResponse:
    _require(request, kind)
    requests = kind.requests(request.user)
    handled = requests.exclude(handled_on=None).order_by("-handled_on")[:RECENTLY_HANDLED]
    context = {
        "title": kind.list_title,
        "open_requests": [(r, kind.subject(r)) for r in requests.filter(handled_on=None)],
        "handled_requests": [(r, kind.subject(r)) for r in handled],
        "create_url": kind.url("create"),
        "export_url": kind.url("export"),
    }
    return render(request, "stapteam/subject_access_list.html", context)


@login_required
def subject_access_create(request: AuthenticatedRequest, kind: AccessRequestKind) -> HttpResponse:
    _require(request, kind)
    form = kind.form(request)
    if request.method == "POST" and form.is_valid():
        try:
            access_request = register_access_request(request=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Inzageverzoek %(n)s vastgelegd; uiterlijk af op %(due)s.")
                % {"n": access_request.number, "due": f"{access_request.due_on:%d-%m-%Y}"},
            )
            return redirect(kind.url("list"))
    context = {"form": form, "title": kind.form_title, "back_url": kind.url("list")}
    return render(request, "stapteam/subject_access_form.html", context)


def _permission_first(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Who may not export learns so at once, not after confirming her identity."""

    @functools.wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require(request, kwargs["kind"])
        return view(request, *args, **kwargs)

    return wrapped


@login_required
@require_POST
@_permission_first
@recent_login(return_to=lambda kwargs: kwargs["kind"].url("list"))  # ASVS L3 step-up
def subject_access_export(
    request: AuthenticatedRequest, pk: int, kind: AccessRequestKind
) -> HttpResponse:
    access_request: SubjectAccessRequestBase = kind.fetch(request.user, pk)
    content = kind.export(access_request)
    mark_access_request_handled(request=access_request, by=request.user)
    log_access(
        request,
        action=AccessLogEntry.Action.EXPORT,
        object_id=access_request.pk,
        **kind.log(access_request),
    )
    return zip_response(content, f"{kind.file_prefix}-{access_request.number}.zip")


# --- Care: the coordinator answers requests about client files ----------------------------------


def _care_export(access_request: SubjectAccessRequest) -> bytes:
    client = access_request.client
    return export_zip(
        number=access_request.number, subject=client.code, sections=care_sections(client)
    )


CARE = AccessRequestKind(
    namespace="stapteam",
    permission="stapteam.handle_subject_access",
    list_title=_lazy("Inzageverzoeken zorg"),
    form_title=_lazy("Inzageverzoek zorg vastleggen"),
    file_prefix="inzage-zorg",
    requests=lambda user: SubjectAccessRequest.objects.filter(
        client__in=Client.objects.visible_to(user)
    ).select_related("client", "handled_by"),
    subject=lambda r: r.client.code,
    form=lambda request: CareAccessRequestForm(request.POST or None, user=request.user),
    fetch=lambda user, pk: get_access_request_for(user, pk, action="export"),
    export=_care_export,
    log=lambda r: {"object_type": "subject_access", "client": r.client},
)
