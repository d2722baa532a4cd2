"""Pages of care subject-access requests (AVG art. 15): the open requests, record one, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stapteam.access import AuthenticatedRequest, get_access_request_for
from stapteam.forms.platform.subject_access import CareAccessRequestForm
from stapteam.models import AccessLogEntry, Client, SubjectAccessRequest
from stapteam.platform.access_log import log_access
from stapteam.platform.login_security import recent_login
from stapteam.platform.subject_access import (
    care_sections,
    export_zip,
    mark_access_request_handled,
    register_access_request,
)

RECENTLY_HANDLED = 20


def zip_response(content: bytes, filename: str) -> HttpResponse:
    """A download that no browser or proxy keeps."""
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@permission_required("stapteam.handle_subject_access", raise_exception=True)
def subject_access_list(request: AuthenticatedRequest) -> HttpResponse:
    requests = SubjectAccessRequest.objects.filter(
        client__in=Client.objects.visible_to(request.user)
    ).select_related("client", "handled_by")
    return render(
        request,
        "stapteam/subject_access_list.html",
        {
            "title": _("Inzageverzoeken zorg"),
            "open_requests": [(r, r.client.code) for r in requests.filter(handled_on=None)],
            "handled_requests": [
                (r, r.client.code)
                for r in requests.exclude(handled_on=None).order_by("-handled_on")[
                    :RECENTLY_HANDLED
                ]
            ],
            "create_url": "stapteam:subject_access_create",
            "export_url": "stapteam:subject_access_export",
        },
    )


@login_required
@permission_required("stapteam.handle_subject_access", raise_exception=True)
def subject_access_create(request: AuthenticatedRequest) -> HttpResponse:
    form = CareAccessRequestForm(request.POST or None, user=request.user)
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
            return redirect("stapteam:subject_access_list")
    return render(
        request,
        "stapteam/subject_access_form.html",
        {
            "form": form,
            "title": _("Inzageverzoek zorg vastleggen"),
            "back_url": "stapteam:subject_access_list",
        },
    )


@login_required
@require_POST
@recent_login(return_to="stapteam:subject_access_list")  # ASVS L3 step-up
def subject_access_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, action="export")
    client = access_request.client
    content = export_zip(
        number=access_request.number, subject=client.code, sections=care_sections(client)
    )
    mark_access_request_handled(request=access_request, by=request.user)
    log_access(
        request,
        action=AccessLogEntry.Action.EXPORT,
        object_type="subject_access",
        object_id=access_request.pk,
        client=client,
    )
    return zip_response(content, f"inzage-zorg-{access_request.number}.zip")
