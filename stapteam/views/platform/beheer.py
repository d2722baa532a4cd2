"""The beheer pages: an index, and for every registered kind a list, create, edit, delete and
history page (stapteam/platform/beheer.py holds the registry, the form and the saves)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from stapteam.access import AuthenticatedRequest
from stapteam.platform.beheer import (
    BeheerKind,
    beside,
    build_form,
    delete_item,
    get_kind,
    in_use,
    keeps_anything,
    preview_of,
    save_item,
    sections_for,
    shown,
)
from stapteam.platform.history import render_history
from stapteam.platform.pagination import paginate


@login_required
def beheer_index(request: AuthenticatedRequest) -> HttpResponse:
    if not keeps_anything(request.user):
        raise PermissionDenied
    return render(request, "stapteam/beheer_index.html", {"sections": sections_for(request.user)})


@login_required
def beheer_list(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    found = get_kind(kind)
    found.require(request.user, "view")
    if found.single is not None:
        return redirect(found.url())
    items = found.queryset()
    ordering = [*(items.query.order_by or found.model._meta.ordering or []), "pk"]
    page = paginate(request, items.order_by(*ordering))
    # A list to read only (the life domains) links to no edit page.
    may_change = found.may(request.user, "change")
    rows = [
        (obj, found.url(obj) if may_change else "", [shown(obj, c) for c in found.columns])
        for obj in page
    ]
    context = {
        "kind": found,
        "page": page,
        "rows": rows,
        "headings": [found.label_of(c) for c in found.columns],
        "may_add": found.may(request.user, "add"),
    }
    # htmx asks for the rows of another page only.
    template = "stapteam/beheer_list.html" + ("#rows" if request.htmx else "")
    return render(request, template, context)


@login_required
def beheer_create(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    found = get_kind(kind)
    found.require(request.user, "add")
    return _form_page(request, found, found.model())


@login_required
def beheer_edit(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    found = get_kind(kind)
    return _form_page(request, found, found.fetch(request.user, pk, action="change"))


@login_required
def beheer_edit_single(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    found = get_kind(kind)
    if found.single is None:
        return redirect(found.url())
    return _form_page(request, found, found.fetch(request.user, None, action="change"))


def _form_page(request: AuthenticatedRequest, kind: BeheerKind, obj: Any) -> HttpResponse:
    """The form; a change with effects beyond its row first shows them for confirmation."""
    form = build_form(kind, obj, request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"kind": kind, "form": form, "object": obj}
    context["beside"] = beside(kind, obj)
    if request.method == "POST" and form.is_valid() and "terug" not in request.POST:
        preview = preview_of(kind, form)
        if preview is not None and "bevestigd" not in request.POST:
            return render(request, "stapteam/beheer_confirm.html", {**context, "preview": preview})
        try:
            saved = save_item(kind=kind, form=form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            item = kind.title if kind.single is not None else saved
            text = (
                kind.saved_message(saved)
                if kind.saved_message
                else _("%(item)s is opgeslagen.") % {"item": item}
            )
            messages.success(request, text)
            return redirect(kind.url())
    context["may_delete"] = obj.pk is not None and kind.may(request.user, "delete")
    return render(request, "stapteam/beheer_form.html", context)


@login_required
def beheer_delete(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    """Asks first; an item still in use stays (and can be made inactive on its edit page)."""
    found = get_kind(kind)
    obj = found.fetch(request.user, pk, action="delete")
    if request.method == "POST":
        try:
            delete_item(kind=found, obj=obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(found.url(obj))
        messages.success(request, _("%(item)s is verwijderd.") % {"item": obj})
        return redirect(found.url())
    context = {"kind": found, "object": obj, "used": in_use(obj)}
    context["can_deactivate"] = "is_active" in found.fields
    return render(request, "stapteam/beheer_delete.html", context)


@login_required
def beheer_history(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    found = get_kind(kind)
    obj = found.fetch(request.user, pk, action="view")
    title = _("Historie van %(what)s") % {"what": f"{found.title}: {obj}"}
    return render_history(request, obj, title=title, back_url=found.url(obj))
