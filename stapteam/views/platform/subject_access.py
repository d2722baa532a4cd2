"""Pages of subject-access requests (AVG art. 15), one set for every app: the open requests,
record one, review one (black out other people's data in its free texts, AVG art. 15 lid 4) and
release it as a ZIP. Each app describes its requests in an AccessRequestKind and passes it to
these views from its URLs (care here, registrations in registrations/)."""

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
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from stapteam.access import AuthenticatedRequest, get_access_request_for
from stapteam.forms.platform.subject_access import (
    CareAccessRequestForm,
    RedactionForm,
    ReleaseForm,
)
from stapteam.models import AccessLogEntry, CaseloadSettings, Client, SubjectAccessRequest, User
from stapteam.models.subject_access import SubjectAccessRequestBase
from stapteam.platform.access_log import log_access
from stapteam.platform.care_export import care_sections
from stapteam.platform.login_security import recent_login
from stapteam.platform.pagination import paginate
from stapteam.platform.subject_access import (
    ReviewItem,
    Section,
    export_zip,
    mark_access_request_handled,
    record_redaction,
    redacted,
    redaction_key,
    register_access_request,
    review_items,
)

RECENTLY_HANDLED = 20
REVIEW_PAGE = 25


@dataclass(frozen=True)
class AccessRequestKind:
    """What differs between the apps' subject-access pages."""

    namespace: str  # URL namespace of the app's pages
    permission: str  # who handles these requests
    list_title: str | Promise
    form_title: str | Promise
    file_prefix: str  # of the ZIP's name
    requests: Callable[[User], QuerySet[Any]]  # the requests she sees, with what the list shows
    subject: Callable[[Any], str]  # whom a request is about, as the list and document show it
    form: Callable[[AuthenticatedRequest], forms.ModelForm]
    fetch: Callable[[User, int, str], Any]  # fetch-and-authorise: user, pk, action
    sections: Callable[[Any], list[Section]]  # everything held about her, for the export
    basis: Callable[[], str]  # the cover's legal-basis text, a setting of the beheerder
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
        "detail_url": kind.url("detail"),
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


def _review_page(
    request: AuthenticatedRequest, access_request: Any, items: list[ReviewItem], bound: Any
) -> Any:
    """The page of free texts, each with its redactions applied and its own form; the form
    that was just sent keeps what she typed."""
    redactions = list(access_request.redactions.all())
    page = paginate(request, items, per_page=REVIEW_PAGE)
    for n, item in enumerate(page, start=1):
        mine = [r for r in redactions if item.key == redaction_key(r)]
        item.versions = [redacted(text, mine) for text in item.versions]
        item.redactions = mine  # type: ignore[attr-defined]
        if bound is not None and bound.data.get("item") == item.key:
            item.form, bound.orphan = bound, False  # type: ignore[attr-defined]
        else:
            item.form = RedactionForm(initial={"item": item.key}, auto_id=f"id_r{n}_%s")  # type: ignore[attr-defined]
    return page


def _render_review(
    request: AuthenticatedRequest,
    kind: AccessRequestKind,
    access_request: Any,
    form: RedactionForm | None = None,
    release_form: ReleaseForm | None = None,
) -> HttpResponse:
    sections = kind.sections(access_request)
    if form is not None:
        form.orphan = True  # type: ignore[attr-defined]  # until its text is on the page
    context = {
        "kind": kind,
        "access_request": access_request,
        "subject": kind.subject(access_request),
        "sections": sections,
        "empty_sections": sum(1 for s in sections if not s.records),
        "page": _review_page(request, access_request, review_items(sections), form),
        "bound": form,
        "redactions": access_request.redactions.select_related("made_by"),
        "release_form": release_form or ReleaseForm(),
    }
    template = "stapteam/subject_access_detail.html" + ("#items" if request.htmx else "")
    return render(request, template, context)


@login_required
def subject_access_detail(
    request: AuthenticatedRequest, pk: int, kind: AccessRequestKind
) -> HttpResponse:
    """The request, what its export holds, and its free texts for review before release."""
    _require(request, kind)
    access_request = kind.fetch(request.user, pk, "review")
    # The review shows her free texts: reading them is in her access log (NEN 7513).
    log_access(
        request,
        action=AccessLogEntry.Action.READ,
        object_id=access_request.pk,
        **kind.log(access_request),
    )
    return _render_review(request, kind, access_request)


@login_required
@require_POST
def subject_access_redact(
    request: AuthenticatedRequest, pk: int, kind: AccessRequestKind
) -> HttpResponse:
    """Black out a passage of another person's data in this request's export (art. 15 lid 4)."""
    _require(request, kind)
    access_request = kind.fetch(request.user, pk, "redact")
    form = RedactionForm(request.POST)
    if form.is_valid():
        items = {i.key: i for i in review_items(kind.sections(access_request))}
        item = items.get(form.cleaned_data["item"])
        if item is None:
            form.add_error(None, _("Deze tekst hoort niet bij deze inzage."))
        else:
            try:
                record_redaction(
                    request=access_request,
                    item=item,
                    passage=form.cleaned_data["passage"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Weggelakt in de inzage; het dossier zelf is niet gewijzigd.")
                )
                return redirect(reverse(kind.url("detail"), args=[access_request.pk]))
    return _render_review(request, kind, access_request, form=form)


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
    """Release: the ZIP with the recorded redactions, once the handler confirms her review."""
    access_request: SubjectAccessRequestBase = kind.fetch(request.user, pk, "export")
    release_form = ReleaseForm(request.POST)
    if not release_form.is_valid():
        return _render_review(request, kind, access_request, release_form=release_form)
    content = export_zip(
        number=access_request.number,
        subject=kind.subject(access_request),
        sections=kind.sections(access_request),
        basis=kind.basis(),
        redactions=access_request.redactions.all(),  # type: ignore[attr-defined]
    )
    mark_access_request_handled(request=access_request, by=request.user)
    log_access(
        request,
        action=AccessLogEntry.Action.EXPORT,
        object_id=access_request.pk,
        **kind.log(access_request),
    )
    return zip_response(content, f"{kind.file_prefix}-{access_request.number}.zip")


# --- Care: the coordinator answers requests about client files ----------------------------------


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
    fetch=lambda user, pk, action: get_access_request_for(user, pk, action=action),
    sections=lambda r: care_sections(r.client),
    basis=lambda: CaseloadSettings.current().subject_access_text,
    log=lambda r: {"object_type": "subject_access", "client": r.client},
)
