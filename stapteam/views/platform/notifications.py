"""Her notifications: the list (paginated, each linking to the record), mark read, her choice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stapteam.access import AuthenticatedRequest
from stapteam.forms.platform.notifications import NotificationSettingsForm
from stapteam.models import Notification
from stapteam.platform.notifications import (
    kinds_for,
    mark_all_read,
    mark_read,
    save_settings,
    settings_for,
    shown,
    with_targets,
)
from stapteam.platform.pagination import paginate

PER_PAGE = 25


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    mine = with_targets(Notification.objects.for_user(request.user).order_by("-created_at", "-id"))
    page = paginate(request, mine, per_page=PER_PAGE)
    rows = [(n, shown(n)) for n in page.object_list]
    return render(request, "stapteam/notification_list.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notification_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mark_read(request.user, pk)  # only her own: another's number changes nothing
    return redirect("stapteam:notification_list")


@login_required
@require_POST
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    count = mark_all_read(request.user)
    messages.success(request, _("%(n)s meldingen gemarkeerd als gelezen.") % {"n": count})
    return redirect("stapteam:notification_list")


@login_required
def notification_settings(request: AuthenticatedRequest) -> HttpResponse:
    current = settings_for(request.user)
    form = NotificationSettingsForm(request.POST or None, user=request.user, current=current)
    if request.method == "POST" and form.is_valid():
        save_settings(
            user=request.user,
            receive=form.cleaned_data["receive"],
            daily_digest=form.cleaned_data["daily_digest"],
        )
        messages.success(request, _("Je keuze voor meldingen is opgeslagen."))
        return redirect("stapteam:notification_list")
    always = [k for k in kinds_for(request.user) if not k.can_mute]
    return render(request, "stapteam/notification_settings.html", {"form": form, "always": always})
