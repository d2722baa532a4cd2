"""The register of registrations: active and expiring passes, ended ones, and ending a pass."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from registrations.access import REGISTER_FIELDS, get_registration_for
from registrations.forms import EndRegistrationForm, RegisterFilterForm
from registrations.models import Registration, RegistrationSettings
from registrations.services import end_registration
from stapteam.access import AuthenticatedRequest
from stapteam.platform.pagination import paginate

# The register shows the pass and who holds it; never the link to a care file.

# Lapsed and expiring passes shown above the page of active ones, at most: the secretariat works
# them off, so the lists stay short.
DUE_SHOWN = 200


def _searched(registrations: QuerySet[Registration], query: str) -> QuerySet[Registration]:
    """Registrations whose pass number starts with, or whose holder's name contains, the text."""
    query = query.strip()
    if not query:
        return registrations
    return registrations.filter(
        Q(pass_number__istartswith=query)
        | Q(person__name__icontains=query)
        | Q(person__call_name__icontains=query)
    )


@login_required
@permission_required("registrations.view_register", raise_exception=True)
def register(request: AuthenticatedRequest) -> HttpResponse:
    """Current passes by default (expiring ones on top, lapsed ones to close); the ended ones are
    a filter away. Each list is a page or bounded, so ten years of passes stay one screen."""
    today = timezone.localdate()
    warning_weeks = RegistrationSettings.current().expiry_warning_weeks
    warn_until = today + datetime.timedelta(weeks=warning_weeks)
    form = RegisterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {"q": "", "toon": form.CURRENT}
    registrations = _searched(
        Registration.objects.select_related("person").only(*REGISTER_FIELDS), data["q"]
    )
    context: dict[str, Any] = {
        "form": form,
        "showing_ended": data["toon"] == form.ENDED,
        "warn_until": warn_until,
        "warning_weeks": warning_weeks,
        "today": today,
    }
    if context["showing_ended"]:
        ended = registrations.filter(ended_on__isnull=False).order_by("-ended_on", "pass_number")
        context["page"] = paginate(request, ended)
        context["ended"] = list(context["page"].object_list)
    else:
        running = registrations.filter(ended_on__isnull=True)
        active = running.filter(valid_until__gte=today).order_by("valid_until", "pass_number")
        context["page"] = paginate(request, active)
        context["active"] = list(context["page"].object_list)
        # In one query: those past their end date but not closed in the register (lapsed: the
        # secretariat ends them), then those that expire within the warning weeks.
        due = list(
            running.filter(valid_until__lte=warn_until).order_by("valid_until", "pass_number")[
                :DUE_SHOWN
            ]
        )
        context["lapsed"] = [r for r in due if r.valid_until < today]
        context["expiring"] = [r for r in due if r.valid_until >= today]
    template = "registrations/register.html"
    if request.htmx:  # a page link: only that list and its page links
        template += "#ended_passes" if context["showing_ended"] else "#passes"
    return render(request, template, context)


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
