"""Contact pages: log a contact in a few taps on a phone, and correct it within 7 days."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stapteam.access import AuthenticatedRequest, get_contact_for, only_client_of
from stapteam.caseload import services
from stapteam.forms.caseload.contacts import ContactCorrectionForm, ContactForm
from stapteam.forms.fields import kept_input
from stapteam.models import Client
from stapteam.platform.submissions import previews_with

CONTACT_FIELDS = ["occurred_at", "kind", "minutes", "time_type", "no_show", "partner", "note"]
# htmx sends the form with this key while she fills it in: check it, save nothing.
CHECK = "_check"


def _check(request: AuthenticatedRequest, form: ContactForm) -> HttpResponse:
    """The problems with what she typed so far; fields she has not reached yet are left alone."""
    form.is_valid()
    problems = [
        (form[name].label, error)
        for name, errors in form.errors.items()
        if name != "__all__" and request.POST.get(name, "").strip()
        for error in errors
    ]
    return render(request, "stapteam/contact_form.html#check", {"problems": problems})


@login_required
@permission_required("stapteam.add_contact", raise_exception=True)
@previews_with(CHECK)
def contact_create(request: AuthenticatedRequest) -> HttpResponse:
    clients = Client.objects.visible_to(request.user).active().order_by("call_name")
    initial: dict[str, Any] = {"occurred_at": timezone.localtime().replace(second=0, microsecond=0)}
    if request.GET.get("client", "").isdigit():
        initial["client"] = request.GET["client"]
    form = ContactForm(request.POST or None, clients=clients, initial=initial)
    if request.htmx and request.POST.get(CHECK):
        return _check(request, form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_contact(
                client=data["client"],
                author=request.user,
                **{name: data[name] for name in CONTACT_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Contact met %(name)s vastgelegd.") % {"name": data["client"].call_name}
            )
            return redirect("stapteam:client_detail", pk=data["client"].pk)
    return render(request, "stapteam/contact_form.html", {"form": form})


@login_required
@permission_required("stapteam.change_contact", raise_exception=True)
@previews_with(CHECK)
def contact_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contact = get_contact_for(request.user, pk, action="correct")
    clients = only_client_of(contact)
    initial = {"version": contact.version}
    form = ContactCorrectionForm(
        request.POST or None, instance=contact, clients=clients, initial=initial
    )
    if request.htmx and request.POST.get(CHECK):
        return _check(request, form)
    stale, kept = None, None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in CONTACT_FIELDS}
        try:
            services.correct_contact(
                contact=contact,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **changes,
            )
        except services.StaleEdit as error:
            stale = error.changes
            contact.refresh_from_db()
            kept = kept_input(form, contact, CONTACT_FIELDS)
            form = ContactCorrectionForm(
                instance=contact, clients=clients, initial={"version": contact.version}
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contact gecorrigeerd."))
            return redirect("stapteam:client_detail", pk=contact.client_id)
    context = {"form": form, "contact": contact, "stale": stale, "kept": kept}
    return render(request, "stapteam/contact_form.html", context)
