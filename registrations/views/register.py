"""The register of registrations: active and expiring passes, ended ones, and ending a pass."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from registrations.access import REGISTER_FIELDS, get_registration_for
from registrations.forms import EndRegistrationForm
from registrations.models import Registration, RegistrationSettings
from registrations.services import end_registration
from stapteam.access import AuthenticatedRequest

# The register shows the pass and who holds it; never the link to a care file.


@login_required
@permission_required("registrations.view_register", raise_exception=True)
def register(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    warning_weeks = RegistrationSettings.current().expiry_warning_weeks
    warn_until = today + datetime.timedelta(weeks=warning_weeks)
    registrations = Registration.objects.select_related("person").only(*REGISTER_FIELDS)
    active = list(
        registrations.filter(ended_on__isnull=True, valid_until__gte=today).order_by(
            "valid_until", "pass_number"
        )
    )
    # Past their end date but not yet closed in the register: the secretariat ends them (expiry).
    lapsed = registrations.filter(ended_on__isnull=True, valid_until__lt=today).order_by(
        "valid_until", "pass_number"
    )
    ended = registrations.filter(ended_on__isnull=False).order_by("-ended_on", "pass_number")
    return render(
        request,
        "registrations/register.html",
        {
            "active": active,
            "expiring": [r for r in active if r.valid_until <= warn_until],
            "warn_until": warn_until,
            "warning_weeks": warning_weeks,
            "lapsed": lapsed,
            "ended": ended,
            "today": today,
        },
    )


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def registration_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    registration = get_registration_for(request.user, pk, action="handle")
    today = timezone.localdate()
    lapsed = registration.valid_until < today
    initial = {
        "ended_on": registration.valid_until if lapsed else today,
        "reason": Registration.EndReason.EXPIRY if lapsed else Registration.EndReason.OWN_REQUEST,
    }
    form = EndRegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            end_registration(
                registration=registration,
                ended_on=data["ended_on"],
                reason=data["reason"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Registratie met pas %(number)s beëindigd.")
                % {"number": registration.pass_number},
            )
            return redirect("registrations:register")
    return render(
        request,
        "registrations/registration_end.html",
        {"registration": registration, "form": form},
    )
