"""Registration subject-access requests (AVG art. 15), for the secretariat: the parameters of
stapteam's subject-access pages (see stapteam/views/platform/subject_access.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _lazy

from registrations.access import get_access_request_for
from registrations.forms import RegistrationAccessRequestForm
from registrations.models import RegistrationSettings, SubjectAccessRequest
from registrations.subject_access import registration_sections
from stapteam.views.platform.subject_access import AccessRequestKind

REGISTRATION = AccessRequestKind(
    namespace="registrations",
    permission="registrations.handle_subject_access",
    list_title=_lazy("Inzageverzoeken registratie"),
    form_title=_lazy("Inzageverzoek registratie vastleggen"),
    file_prefix="inzage-registratie",
    requests=lambda user: SubjectAccessRequest.objects.select_related("person", "handled_by"),
    subject=lambda r: r.person.name,
    form=lambda request: RegistrationAccessRequestForm(request.POST or None),
    fetch=lambda user, pk, action: get_access_request_for(user, pk, action=action),
    sections=lambda r: registration_sections(r.person),
    basis=lambda: RegistrationSettings.current().subject_access_text,
    log=lambda r: {"object_type": "registration_subject_access"},
)
