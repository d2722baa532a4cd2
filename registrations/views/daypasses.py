"""Anonymous day passes at the zone's entrance: issue one, see today's log (numbers only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from registrations.forms import DayPassForm
from registrations.models import DayPass, RegistrationSettings
from registrations.services import issue_day_pass
from stapteam.access import AuthenticatedRequest


@login_required
@permission_required("registrations.issue_day_pass", raise_exception=True)
def day_passes(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    config = RegistrationSettings.current()
    form = DayPassForm(request.POST or None, mask=config.day_pass_number_mask)
    # Big and ready to type into: this page is used on a phone at the gate.
    form.fields["pass_number"].widget.attrs.update({"class": "form-control-lg", "autofocus": True})
    if request.method == "POST" and form.is_valid():
        try:
            day_pass = issue_day_pass(
                day=today, pass_number=form.cleaned_data["pass_number"], by=request.user
            )
        except ValidationError as error:
            form.add_error("pass_number", error)
        else:
            messages.success(
                request, _("Dagpas %(number)s uitgegeven.") % {"number": day_pass.pass_number}
            )
            return redirect("registrations:day_passes")
    # Pass number and time only: the day-pass log never holds or shows a name.
    issued_today = list(
        DayPass.objects.filter(day=today)
        .only("id", "pass_number", "issued_at")
        .order_by("-issued_at", "-id")
    )
    cap_reached = len(issued_today) >= config.day_pass_cap
    return render(
        request,
        "registrations/day_passes.html",
        {
            "today": today,
            "form": form,
            "issued_today": issued_today,
            "cap": config.day_pass_cap,
            "cap_reached": cap_reached,
            # What she typed when the cap stopped it: the notice names it, as the form is gone.
            "refused_number": form.data.get("pass_number", "").strip() if cap_reached else "",
            "day_pass_regime": config.regime == RegistrationSettings.Regime.DAY_PASS,
        },
    )
