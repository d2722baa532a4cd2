"""The steps after the password: the code, setting up the app, confirming one's identity."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice

from stapteam.access import AuthenticatedRequest
from stapteam.forms.platform.login_steps import CodeForm, EnrolForm, ReauthenticateForm
from stapteam.platform.login_security import (
    LAST_SEEN,
    has_second_factor,
    mark_fully_authenticated,
    now_ts,
    recent_login,
    second_factor_not_required,
    skips_second_factor,
)
from stapteam.platform.submissions import submission_key_not_required
from stapteam.platform.two_factor import (
    check_code,
    confirm_authenticator,
    has_authenticator,
    pending_authenticator,
    qr_svg,
    recovery_codes_left,
    secret_text,
)


def next_url(request: HttpRequest, default: str = "stapteam:home") -> str:
    """Where to go afterwards: ?next= (or the posted next) if it stays on STAP."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse(default)


def complete_login(request: HttpRequest, device: Device) -> None:
    """The second factor is proved: a new session key (no fixation across the step) that
    remembers the device, and the start of the step-up window."""
    request.session.cycle_key()
    otp_login(request, device)
    mark_fully_authenticated(request)


@login_required
@second_factor_not_required
@submission_key_not_required("a login step: each code works once and the throttle counts every try")
def otp_verify(request: AuthenticatedRequest) -> HttpResponse:
    """The second login step: a code from the app, or a recovery code (each works once)."""
    if has_second_factor(request):
        return redirect(next_url(request))
    if not has_authenticator(request.user):
        return redirect("stapteam:otp_enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = check_code(request.user, form.cleaned_data["code"])
        if device is not None:
            complete_login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _(
                        "Je hebt een herstelcode gebruikt; je hebt er nog %(left)d. "
                        "Kwijt of bijna op? Stel de tweestapsverificatie opnieuw in."
                    )
                    % {"left": recovery_codes_left(request.user)},
                )
            return redirect(next_url(request))
        form.add_error("code", _("Deze code klopt niet of is verlopen. Probeer het opnieuw."))
    return render(
        request, "stapteam/otp_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


def _enrol_page(request: AuthenticatedRequest, *, changing: bool) -> HttpResponse:
    device = pending_authenticator(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = confirm_authenticator(device=device, code=form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            complete_login(request, device)
            # Shown once, in this answer only: they are stored nowhere else readable.
            return render(
                request,
                "stapteam/otp_recovery_codes.html",
                {"codes": codes, "next": next_url(request)},
            )
        form.add_error("code", _("Deze code klopt niet. Kijk of de tijd op je telefoon klopt."))
    return render(
        request,
        "stapteam/otp_enrol.html",
        {
            "form": form,
            "qr": qr_svg(device),
            "secret": secret_text(device),
            "changing": changing,
            "next": request.GET.get("next", ""),
        },
    )


@login_required
@second_factor_not_required
@submission_key_not_required("a login step before her first page; a code confirms the app once")
def otp_enrol(request: AuthenticatedRequest) -> HttpResponse:
    """First login: set up the authenticator app, then see the recovery codes once."""
    if has_authenticator(request.user):
        # Changing an app she already has needs that app (or a recovery code) first.
        step = "stapteam:otp_change" if has_second_factor(request) else "stapteam:otp_verify"
        return redirect(step)
    return _enrol_page(request, changing=False)


@login_required
@recent_login()
def otp_change(request: AuthenticatedRequest) -> HttpResponse:
    """A new phone or new recovery codes: only just after confirming one's identity."""
    if skips_second_factor(request.user):
        messages.info(request, _("Demo-accounts hebben in de demomodus geen tweede stap."))
        return redirect("stapteam:home")
    return _enrol_page(request, changing=True)


@login_required
@submission_key_not_required("the step-up proof: it only notes the time in the session")
def reauthenticate(request: AuthenticatedRequest) -> HttpResponse:
    """Confirm one's identity ("Bevestig je identiteit"): password and code again before an
    export or a change of the second factor. Wrong passwords count towards the lock-out."""
    needs_code = not skips_second_factor(request.user)
    form = ReauthenticateForm(request.POST or None, needs_code=needs_code)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=request.user.username, password=form.cleaned_data["password"]
        )
        code_ok = not needs_code or check_code(request.user, form.cleaned_data["code"]) is not None
        if user is not None and user.pk == request.user.pk and code_ok:
            mark_fully_authenticated(request)
            return redirect(next_url(request))
        form.add_error(None, _("Wachtwoord of code klopt niet."))
    return render(
        request,
        "stapteam/reauthenticate.html",
        {"form": form, "next": request.GET.get("next", "")},
    )


@require_POST
@submission_key_not_required("the idle warning's ping: it only notes the time in the session")
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """'Ingelogd blijven' in the idle warning: the session counts as active from now."""
    request.session[LAST_SEEN] = now_ts()
    return HttpResponse(status=204)
