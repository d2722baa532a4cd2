"""The destruction register for the beheerder: what STAP destroyed or anonymised, when and under
which retention category (stapteam/platform/retention.py writes it; the database keeps it
append-only)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render

from stapteam.access import AuthenticatedRequest
from stapteam.forms.platform.retention import DestructionFilterForm
from stapteam.models import DestructionRecord, RetentionCategory
from stapteam.platform.pagination import paginate


def _kind_label(object_type: str) -> str:
    """ "stapteam.client" as she reads it: "cliënt"."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


@login_required
@permission_required("stapteam.view_destructionrecord", raise_exception=True)
def destruction_register(request: AuthenticatedRequest) -> HttpResponse:
    form = DestructionFilterForm(request.GET or None)
    records = DestructionRecord.objects.order_by("-destroyed_at", "-id")
    page = paginate(request, form.filtered(records) if request.GET else records)
    names = dict(RetentionCategory.objects.values_list("code", "name"))
    rows = [
        (record, names.get(record.category, record.category), _kind_label(record.object_type))
        for record in page
    ]
    context = {"form": form, "page": page, "rows": rows, "filtering": bool(request.GET)}
    # htmx asks for the rows of another page only.
    template = "stapteam/destruction_register.html" + ("#records" if request.htmx else "")
    return render(request, template, context)
