"""The coordinator's advice on the care condition: the questions waiting for her, and her answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from registrations.access import advice_visible_to, get_advice_for
from registrations.forms import AdviceForm
from registrations.services import give_advice
from stapteam.access import AuthenticatedRequest
from stapteam.platform.pagination import paginate

RECENTLY_ANSWERED = 20

# The coordinator sees the person's identity in the request and nothing else of it.
IDENTITY_FIELDS = (
    "id",
    "asked_at",
    "answer",
    "known_since",
    "motivation",
    "answered_at",
    "request__kind",
    "request__received_on",
    "request__person__name",
    "request__person__date_of_birth",
)


@login_required
@permission_required("registrations.give_advice", raise_exception=True)
def advice_list(request: AuthenticatedRequest) -> HttpResponse:
    visible = advice_visible_to(request.user).select_related("request__person")
    open_advice = (
        visible.filter(answered_at__isnull=True).only(*IDENTITY_FIELDS).order_by("asked_at", "id")
    )
    answered = (
        visible.filter(answered_at__isnull=False)
        .only(*IDENTITY_FIELDS)
        .order_by("-answered_at", "-id")[:RECENTLY_ANSWERED]
    )
    page = paginate(request, open_advice)
    # htmx asks for another page of the open questions only.
    template = "registrations/advice_list.html" + ("#open_advice" if request.htmx else "")
    context = {"open_advice": page.object_list, "page": page, "answered": answered}
    return render(request, template, context)


@login_required
@permission_required("registrations.give_advice", raise_exception=True)
def advice_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    advice = get_advice_for(request.user, pk, action="answer")
    person = advice.request.person
    linked_client = person.client if person else None
    form = AdviceForm(request.POST or None, initial={"client": linked_client})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            give_advice(
                advice=advice,
                answer=data["answer"],
                known_since=data["known_since"],
                motivation=data["motivation"],
                client=data["client"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Advies gegeven. Het secretariaat ziet je antwoord."))
            return redirect("registrations:advice_list")
    return render(
        request,
        "registrations/advice_form.html",
        {"advice": advice, "person": person, "linked_client": linked_client, "form": form},
    )
