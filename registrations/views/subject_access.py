"""Pages of registration subject-access requests (AVG art. 15), for the secretariat."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registrations.access import get_access_request_for
from registrations.forms import RegistrationAccessRequestForm
from registrations.models import SubjectAccessRequest
from registrations.subject_access import registration_sections
from stapteam.access import AuthenticatedRequest
from stapteam.models import AccessLogEntry
from stapteam.platform.access_log import log_access
from stapteam.platform.login_security import recent_login
from stapteam.platform.subject_access import (
    export_zip,
    mark_access_request_handled,
    register_access_request,
)
from stapteam.views.platform.subject_access import RECENTLY_HANDLED, zip_response


@login_required
@permission_required("registrations.handle_subject_access", raise_exception=True)
def subject_access_list(request: AuthenticatedRequest) -> HttpResponse:
    requests = SubjectAccessRequest.objects.select_related("person", "handled_by")
    return render(
        request,
        "stapteam/subject_access_list.html",
        {
            "title": _("Inzageverzoeken registratie"),
            "open_requests": [(r, r.person.name) for r in requests.filter(handled_on=None)],
            "handled_requests": [
                (r, r.person.name)
                for r in requests.exclude(handled_on=None).order_by("-handled_on")[
                    :RECENTLY_HANDLED
                ]
            ],
            "create_url": "registrations:subject_access_create",
            "export_url": "registrations:subject_access_export",
        },
    )


@login_required
@permission_required("registrations.handle_subject_access", raise_exception=True)
def subject_access_create(request: AuthenticatedRequest) -> HttpResponse:
    form = RegistrationAccessRequestForm(request.POST or None)
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
            return redirect("registrations:subject_access_list")
    return render(
        request,
        "stapteam/subject_access_form.html",
        {
            "form": form,
            "title": _("Inzageverzoek registratie vastleggen"),
            "back_url": "registrations:subject_access_list",
        },
    )


@login_required
@require_POST
@recent_login(return_to="registrations:subject_access_list")  # ASVS L3 step-up
def subject_access_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access_request = get_access_request_for(request.user, pk, action="export")
    content = export_zip(
        number=access_request.number,
        subject=f"{_('persoon')} {access_request.person_id}",
        sections=registration_sections(access_request.person),
    )
    mark_access_request_handled(request=access_request, by=request.user)
    log_access(
        request,
        action=AccessLogEntry.Action.EXPORT,
        object_type="registration_subject_access",
        object_id=access_request.pk,
    )
    return zip_response(content, f"inzage-registratie-{access_request.number}.zip")
