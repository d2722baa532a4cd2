"""Pages of stapteam: home, accounts and their history."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required, permission_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView as AuthLoginView
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stapteam.access import AuthenticatedRequest, get_account_for
from stapteam.forms.platform.accounts import AccountForm, AddressForm, NewAccountForm
from stapteam.forms.platform.login_steps import LoginForm
from stapteam.models import User
from stapteam.platform.accounts import create_account, update_account
from stapteam.platform.history import render_history
from stapteam.platform.login_security import (
    client_address,
    mark_fully_authenticated,
    skips_second_factor,
    start_session_clock,
)
from stapteam.platform.navigation import home_sections_for
from stapteam.platform.roles import Role
from stapteam.platform.two_factor import (
    address_locked,
    blocked_addresses,
    has_authenticator,
    is_locked_out,
    reset_second_factor,
    unlock_account,
    unlock_address,
)


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "stapteam/home.html", {"sections": home_sections_for(request.user)})


@login_required
@permission_required("stapteam.view_user", raise_exception=True)
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    accounts = (
        User.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related("groups")
    )
    return render(request, "stapteam/user_list.html", {"accounts": accounts})


@login_required
@permission_required("stapteam.add_user", raise_exception=True)
def user_create(request: AuthenticatedRequest) -> HttpResponse:
    """A new account with its roles and a first password; the second factor follows at its
    first login."""
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = create_account(
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                organisation=data["organisation"],
                roles={Role(code) for code in data["roles"]},
                password=data["password1"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("username", error)
        else:
            messages.success(
                request,
                _(
                    "Account van %(name)s aangemaakt. Geef het eerste wachtwoord persoonlijk door; "
                    "bij de eerste keer inloggen stelt zij de tweestapsverificatie in."
                )
                % {"name": account},
            )
            return redirect("stapteam:user_list")
    return render(request, "stapteam/user_create.html", {"form": form})


@login_required
@permission_required("stapteam.change_user", raise_exception=True)
def user_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    account = get_account_for(request.user, pk, action="change")
    initial = {
        "organisation": account.organisation,
        "roles": [role.value for role in account.roles],
        "is_active": account.is_active,
    }
    form = AccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_account(
                account=account,
                organisation=form.cleaned_data["organisation"],
                roles={Role(code) for code in form.cleaned_data["roles"]},
                is_active=form.cleaned_data["is_active"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Account van %(name)s opgeslagen.") % {"name": account})
            return redirect("stapteam:user_list")
    return render(
        request,
        "stapteam/user_form.html",
        {
            "account": account,
            "form": form,
            "locked_out": is_locked_out(account),
            "has_authenticator": has_authenticator(account),
        },
    )


@login_required
@permission_required("stapteam.view_user", raise_exception=True)
def user_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    account = get_account_for(request.user, pk, action="history")
    return render_history(
        request,
        account,
        title=_("Historie van account %(name)s") % {"name": account},
        back_url=reverse("stapteam:user_list"),
        labels={"groups": _("Rollen")},
    )


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin has no login of its own: send people to STAP's login, or refuse non-staff."""
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next", reverse("admin:index")))


class LoginView(AuthLoginView):
    """Django's login, minus its ValueError when a logged-in user follows ?next= to the login
    page itself: she goes to the start page instead."""

    template_name = "stapteam/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        url = super().get_redirect_url()
        return "" if url == self.request.path else url

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        """Refused before any password is tried when too many failed from this address."""
        if address_locked(client_address(request)):
            minutes = settings.ADDRESS_FAILURE_WINDOW_MINUTES
            return render(request, "stapteam/address_locked.html", {"minutes": minutes}, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        """After the password: the code step, or setting up the app on a first login."""
        response = super().form_valid(form)
        start_session_clock(self.request)
        user = form.get_user()
        if skips_second_factor(user):
            mark_fully_authenticated(self.request)
            return response
        step = "stapteam:otp_verify" if has_authenticator(user) else "stapteam:otp_enrol"
        return redirect(f"{reverse(step)}?{urlencode({'next': self.get_success_url()})}")


@login_required
@require_POST
@permission_required("stapteam.change_user", raise_exception=True)
def user_unlock(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Lift django-axes' lock-out after failed logins, for the username and its addresses."""
    account = get_account_for(request.user, pk, action="change")
    unlock_account(account=account)
    messages.success(request, _("Account van %(name)s gedeblokkeerd.") % {"name": account})
    return redirect("stapteam:user_edit", pk=account.pk)


@login_required
@require_POST
@permission_required("stapteam.change_user", raise_exception=True)
def user_reset_second_factor(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A lost phone: the account sets up a new authenticator app at its next login."""
    account = get_account_for(request.user, pk, action="change")
    reset_second_factor(account=account)
    messages.success(
        request,
        _("%(name)s stelt bij de volgende keer inloggen de tweestapsverificatie opnieuw in.")
        % {"name": account},
    )
    return redirect("stapteam:user_edit", pk=account.pk)


@login_required
@permission_required("stapteam.change_user", raise_exception=True)
def blocked_address_list(request: AuthenticatedRequest) -> HttpResponse:
    """Addresses refused after many failed logins (password spraying), for the beheerder."""
    context = {
        "addresses": blocked_addresses(),
        "limit": settings.ADDRESS_FAILURE_LIMIT,
        "minutes": settings.ADDRESS_FAILURE_WINDOW_MINUTES,
    }
    return render(request, "stapteam/blocked_address_list.html", context)


@login_required
@require_POST
@permission_required("stapteam.change_user", raise_exception=True)
def address_unlock(request: AuthenticatedRequest) -> HttpResponse:
    """Lift the per-address lock; the address comes in the form, never in the URL."""
    form = AddressForm(request.POST)
    if form.is_valid():
        unlock_address(address=form.cleaned_data["address"])
        messages.success(request, _("Adres %(address)s gedeblokkeerd.") % form.cleaned_data)
    else:
        messages.error(request, _("Dat is geen geldig netwerkadres."))
    return redirect("stapteam:blocked_address_list")
