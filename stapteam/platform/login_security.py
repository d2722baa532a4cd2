"""Login security: the second factor, session limits, step-up re-authentication and lock-out."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device

from stapteam.forms.platform.login_steps import LoginForm
from stapteam.models import User

# Session keys (POSIX timestamps): when this session logged in, last asked for a page, and last
# proved password and code (the login itself counts).
LOGIN_AT = "stap_login_at"
LAST_SEEN = "stap_last_seen"
REAUTH_AT = "stap_reauth_at"
# Activity is written to the session at most once a minute (a tenth of a shorter idle limit):
# enough for a 15-minute limit, and most pages then save no session at all.
LAST_SEEN_RESOLUTION = 60

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def now_ts() -> float:
    return timezone.now().timestamp()


# --- Demo accounts -------------------------------------------------------------------------------


def skips_second_factor(user: User) -> bool:
    """Only in demo mode, and only the invented accounts that demo_data made (a flag on the
    account, not a name), log in with the password alone."""
    return bool(settings.DEMO_MODE) and bool(getattr(user, "is_demo", False))


# --- The second factor ---------------------------------------------------------------------------


def second_factor_not_required(view: View) -> View:
    """Marks a view that a user who gave only her password may open (the steps of the login)."""
    view.second_factor_required = False  # type: ignore[attr-defined]
    return view


def has_second_factor(request: HttpRequest) -> bool:
    """True when this session proved a second factor, or needs none (demo accounts in demo mode)."""
    user = cast(User, request.user)
    return bool(user.is_verified()) or skips_second_factor(user)  # type: ignore[attr-defined]


class SecondFactorMiddleware:
    """After LoginRequiredMiddleware: a logged-in user reaches a page only after her second step,
    and is sent to the code step (or to enrolment, if she has no authenticator app yet)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # base.html shows the demo banner and starts the idle warning from these.
        request.stap_demo_mode = bool(settings.DEMO_MODE)  # type: ignore[attr-defined]
        request.stap_idle_seconds = round(idle_limit().total_seconds())  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        if not request.user.is_authenticated:
            return None
        if not getattr(view_func, "login_required", True):
            return None  # open pages: the login page, the admin's redirect to it
        if not getattr(view_func, "second_factor_required", True):
            return None
        if has_second_factor(request):
            return None

        step = "stapteam:otp_verify" if user_has_device(request.user) else "stapteam:otp_enrol"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


def mark_fully_authenticated(request: HttpRequest) -> None:
    """Password and second factor given just now: the start of the step-up window."""
    request.session[REAUTH_AT] = now_ts()


# --- Session limits ------------------------------------------------------------------------------


def idle_limit() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.SESSION_IDLE_MINUTES)


def absolute_limit() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.SESSION_MAX_HOURS)


def start_session_clock(request: HttpRequest) -> None:
    """Called right after login: the absolute limit counts from here."""
    request.session[LOGIN_AT] = request.session[LAST_SEEN] = now_ts()


def session_limits(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """Log out after SESSION_IDLE_MINUTES without a request or SESSION_MAX_HOURS after login.

    Server-side, so it holds whatever the browser does; static/js/session-timeout.js only warns
    the user and takes her to the login page when the time is up."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            now = now_ts()
            login_at = request.session.get(LOGIN_AT)
            last_seen = request.session.get(LAST_SEEN)
            if login_at is None or last_seen is None:
                start_session_clock(request)
            elif now - login_at > absolute_limit().total_seconds():
                logout(request)
                messages.info(
                    request,
                    _("Je bent uitgelogd: je was %(hours)d uur ingelogd. Log opnieuw in.")
                    % {"hours": settings.SESSION_MAX_HOURS},
                )
            elif now - last_seen > idle_limit().total_seconds():
                logout(request)
                messages.info(
                    request,
                    _(
                        "Je bent uitgelogd omdat je %(minutes)s minuten niets hebt gedaan. "
                        "Log opnieuw in."
                    )
                    % {"minutes": settings.SESSION_IDLE_MINUTES},
                )
            elif now - last_seen >= min(LAST_SEEN_RESOLUTION, idle_limit().total_seconds() / 10):
                request.session[LAST_SEEN] = now
        return get_response(request)

    return middleware


# --- Step-up re-authentication ---------------------------------------------------------------


def recently_authenticated(request: HttpRequest, minutes: int) -> bool:
    at = request.session.get(REAUTH_AT)
    return at is not None and now_ts() - at <= minutes * 60


def recent_login(
    minutes: int | None = None, return_to: str | Callable[[dict[str, Any]], str] = ""
) -> Callable[[View], View]:
    """Before an export or a change to the second factor (ASVS L3 step-up): password and code
    must have been given in the last `minutes` (default STEP_UP_MINUTES), else the user confirms
    her identity first and comes back — for a POST to the page named `return_to` (or the name
    it gives for the view's keyword arguments), where she presses the button again (a browser
    cannot be sent back to a POST)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            limit = settings.STEP_UP_MINUTES if minutes is None else minutes
            if recently_authenticated(request, limit):
                return view(request, *args, **kwargs)
            name = return_to(kwargs) if callable(return_to) else return_to
            back = reverse(name) if name and request.method != "GET" else ""
            query = urlencode({"next": back or request.get_full_path()})
            return redirect(f"{reverse('stapteam:reauthenticate')}?{query}")

        return cast(View, wrapped)

    return decorator


# --- Lock-out (django-axes) ----------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The address django-axes counts failures for (the proxy's client with a proxy count)."""
    return get_client_ip_address(request) or ""


def lockout_message() -> str:
    return _(
        "Te veel mislukte pogingen. Je account is vanaf dit adres tijdelijk geblokkeerd; "
        "probeer het over "
        "%(minutes)d minuten opnieuw of vraag de functioneel beheerder om het te deblokkeren."
    ) % {"minutes": round(settings.AXES_COOLOFF_TIME * 60)}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes' answer to a locked-out login: the login page with the Dutch message."""

    if request.user.is_authenticated:  # locked out while confirming her identity
        logout(request)
    form = LoginForm(request)
    return render(
        request,
        "stapteam/login.html",
        {"form": form, "locked_out": lockout_message(), "next": request.GET.get("next", "")},
        status=429,
    )
