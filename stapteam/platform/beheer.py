"""STAP's own beheer pages: the registry of what the beheerder keeps, one form and one save for all.

Each app registers its settings and reference lists from its `beheer.py` (called from apps.py)
with `register_beheer_kind`; stapteam never names the other apps' models. A kind is one model
(or, for a one-row settings model, one part of it) with the fields the beheerder may change;
`stapteam/views/platform/beheer.py` gives every kind the same list, create, edit, delete and
history pages. Links to pages that exist elsewhere (accounts, budgets) are `BeheerLink`s.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models.fields.files import FieldFile
from django.forms.models import modelform_factory
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stapteam.forms.fields import DATE, StapModelForm
from stapteam.platform.formats import euro, long_date

Label = str | Promise

# simple-history keeps the reason of a change in a column of 100 characters.
REASON_LENGTH = 100


@dataclass(frozen=True)
class Preview:
    """What a change does beyond its own row, shown for confirmation before it is saved."""

    template: str  # renders `preview` on the confirmation page
    data: Any


@dataclass(frozen=True)
class BeheerKind:
    """One list or one settings page of the beheer area."""

    slug: str  # in the URL: /instellingen/<slug>/
    section: Label  # the heading it sits under on the index
    title: Label  # the page's heading: "Weigeringsgronden", "Regime en dagpassen"
    model: type[models.Model]
    fields: Sequence[str]
    description: Label = ""
    columns: Sequence[str] = ()  # the list's columns; the first links to the edit page
    # A one-row settings model: the row itself; the kind has no list, only its edit page.
    single: Callable[[], models.Model] | None = None
    can_add: bool = True
    can_delete: bool = True
    reason_required: bool = False  # a change of these settings says why (kept in history)
    explanation: Label = ""  # shown beside the form: what the setting means in law or practice
    shown_beside: Sequence[str] = ()  # stored fields shown beside the form, read-only
    select_related: Sequence[str] = ()
    # Fields that may not change for this saved record now, each with the reason shown below it
    # (a closed year's tariff).
    locked: Callable[[Any], dict[str, Label]] = lambda obj: {}
    # What a change does to other records; None when it changes nothing beyond the row.
    preview: Callable[[Any, Any], Preview | None] | None = None
    # The change other rows need before this one is saved, in the same transaction (another
    # list stops being the default one).
    before_save: Callable[[Any], None] | None = None
    # The message after saving, from the saved row.
    saved_message: Callable[[Any], str] | None = None
    # The permission that opens the list and history, when its model's view permission is held
    # by others for their own pages (budgets: the coordinator views them, only the beheerder
    # keeps them): "change".
    view_as: str = "view"

    def permission(self, action: str) -> str:
        meta = self.model._meta
        if action == "view":
            action = self.view_as
        return f"{meta.app_label}.{action}_{meta.model_name}"

    def may(self, user: Any, action: str) -> bool:
        if action == "add" and (not self.can_add or self.single is not None):
            return False
        if action == "delete" and (not self.can_delete or self.single is not None):
            return False
        return bool(user.has_perm(self.permission(action)))

    def require(self, user: Any, action: str) -> None:
        if not self.may(user, action):
            raise PermissionDenied

    def queryset(self) -> models.QuerySet[Any]:
        return self.model._default_manager.select_related(*self.select_related)

    def fetch(self, user: Any, pk: int | None, *, action: str) -> Any:
        """Fetch-and-authorise for every beheer page: settings and reference lists hold no
        personal data, so the permission of the action decides and no access is logged."""
        self.require(user, action)
        if self.single is not None:
            return self.single()
        return get_object_or_404(self.queryset(), pk=pk)

    def url(self, obj: Any = None) -> str:
        if self.single is not None or obj is None:
            name = "beheer_edit_single" if self.single is not None else "beheer_list"
            return reverse(f"stapteam:{name}", args=[self.slug])
        return reverse("stapteam:beheer_edit", args=[self.slug, obj.pk])

    def label_of(self, name: str) -> str:
        return str(getattr(self.model._meta.get_field(name), "verbose_name", name))


@dataclass(frozen=True)
class BeheerLink:
    """A beheer page that lives elsewhere (accounts, budgets), listed on the index."""

    section: Label
    title: Label
    url_name: str
    description: Label = ""
    permission: str | None = None
    superuser_only: bool = False

    def may(self, user: Any) -> bool:
        if self.superuser_only:
            return bool(user.is_superuser)
        return self.permission is None or bool(user.has_perm(self.permission))


# The sections of the index, in this order; the apps register their kinds under them.
ACCOUNTS = _("Accounts en organisaties")
CARE = _("Zorg")
REGISTRATIONS = _("Registraties tippelzone")
TIMEOUT = _("Time-out")
BUDGETS = _("Budgetten")
RETENTION = _("Bewaren")
TECHNICAL = _("Technisch beheer")
SECTIONS: list[Label] = [ACCOUNTS, CARE, REGISTRATIONS, TIMEOUT, BUDGETS, RETENTION, TECHNICAL]

BEHEER_KINDS: dict[str, BeheerKind] = {}
# Kinds and links in the order they were registered: the order of the index within a section.
_ENTRIES: list[BeheerKind | BeheerLink] = []


def register_beheer_kind(kind: BeheerKind) -> None:
    if kind.slug not in BEHEER_KINDS:
        _ENTRIES.append(kind)
    BEHEER_KINDS[kind.slug] = kind
    if kind.section not in SECTIONS:
        SECTIONS.append(kind.section)


def register_beheer_link(link: BeheerLink) -> None:
    if link not in _ENTRIES:
        _ENTRIES.append(link)
    if link.section not in SECTIONS:
        SECTIONS.append(link.section)


def get_kind(slug: str) -> BeheerKind:
    kind = BEHEER_KINDS.get(slug)
    if kind is None:
        raise Http404
    return kind


@dataclass
class Entry:
    title: Label
    url: str
    description: Label = ""


@dataclass
class Section:
    title: Label
    entries: list[Entry] = field(default_factory=list)


def sections_for(user: Any) -> list[Section]:
    """The index: each section with the kinds and links this user may open, in order."""
    sections = {str(title): Section(title) for title in SECTIONS}
    for entry in _ENTRIES:
        if isinstance(entry, BeheerLink):
            if entry.may(user):
                url = reverse(entry.url_name)
                sections[str(entry.section)].entries.append(
                    Entry(entry.title, url, entry.description)
                )
        elif entry.may(user, "view") or entry.may(user, "change"):
            sections[str(entry.section)].entries.append(
                Entry(entry.title, entry.url(), entry.description)
            )
    return [section for section in sections.values() if section.entries]


def keeps_anything(user: Any) -> bool:
    """Whoever may change at least one kind of settings or reference list has the beheer area."""
    return any(kind.may(user, "change") for kind in BEHEER_KINDS.values())


# --- One form for every kind ----------------------------------------------------------------------


class BeheerForm(StapModelForm):
    """A kind's fields with the model's Dutch labels, and the reason of the change."""

    change_reason = forms.CharField(
        label=_("Reden van de wijziging"),
        max_length=REASON_LENGTH,
        required=False,
        help_text=_("Komt in de historie."),
    )

    def __init__(self, *args: Any, kind: BeheerKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind.reason_required and self.instance.pk:
            reason = self.fields["change_reason"]
            reason.required = True
            reason.error_messages["required"] = _(
                "Vul in waarom deze instelling verandert; dat komt in de historie."
            )
        for f in self.fields.values():
            if isinstance(f.widget, forms.Textarea):
                f.widget.attrs["rows"] = 4
        for name, why in (kind.locked(self.instance) if self.instance.pk else {}).items():
            self.fields[name].disabled = True
            self.fields[name].help_text = str(why)


def _date_widget(db_field: models.Field[Any, Any], **kwargs: Any) -> Any:
    """Dates with STAP's date widget; a choice of several (a budget's organisations) as ticks."""
    if isinstance(db_field, models.DateField):
        kwargs["widget"] = DATE
    if isinstance(db_field, models.ManyToManyField):
        kwargs["widget"] = forms.CheckboxSelectMultiple
    return db_field.formfield(**kwargs)


def form_class(kind: BeheerKind) -> type[BeheerForm]:
    return modelform_factory(  # type: ignore[return-value]
        kind.model, form=BeheerForm, fields=list(kind.fields), formfield_callback=_date_widget
    )


def build_form(kind: BeheerKind, obj: Any, data: Any = None, files: Any = None) -> BeheerForm:
    return form_class(kind)(data, files, instance=obj, kind=kind)


def saved_copy(kind: BeheerKind, obj: Any) -> Any:
    """The row as stored now, beside the form's changed instance (for `check` and `preview`)."""
    if obj.pk is None:
        return None
    return kind.model._default_manager.get(pk=obj.pk)


def preview_of(kind: BeheerKind, form: BeheerForm) -> Preview | None:
    if kind.preview is None or form.instance.pk is None:
        return None
    return kind.preview(saved_copy(kind, form.instance), form.instance)


@transaction.atomic
def save_item(*, kind: BeheerKind, form: BeheerForm) -> Any:
    """Save a beheer form: refused when it changes what is locked in the row as stored now,
    else the row with the reason of the change in its history (the acting user comes from the
    request)."""
    obj = form.instance
    if obj.pk is not None:
        old = kind.model._default_manager.select_for_update().get(pk=obj.pk)
        for name, why in kind.locked(old).items():
            if getattr(old, name) != getattr(obj, name):
                raise ValidationError(str(why))
    obj._change_reason = form.cleaned_data.get("change_reason", "").strip()
    if kind.before_save is not None:
        kind.before_save(obj)
    obj = form.save()
    return obj


def beside(kind: BeheerKind, obj: Any) -> list[tuple[str, str, str]]:
    """The stored fields shown beside the form: (name, label, value)."""
    return [(name, kind.label_of(name), shown(obj, name)) for name in kind.shown_beside]


def in_use(obj: models.Model) -> int:
    """How many other records point at obj (and would block or lose it on delete)."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    others = sum(len(rows) for model, rows in collector.data.items() if model is not type(obj))
    # A reference that would be emptied (on_delete=SET_NULL) counts as a use too.
    updates: Any = collector.field_updates  # {(field, value): [querysets or lists]}
    emptied = sum(len(objs) for batches in updates.values() for objs in batches)
    return others + emptied + len(collector.protected)


def delete_item(*, kind: BeheerKind, obj: models.Model) -> None:
    """Delete a reference item nothing uses; one in use is deactivated instead (see the page)."""
    if in_use(obj):
        raise ValidationError(_("Dit item wordt nog gebruikt en kan niet worden verwijderd."))
    obj.delete()


# --- Showing values in a list ---------------------------------------------------------------------


def shown(obj: models.Model, name: str) -> str:
    """A field's value as the lists show it: Dutch yes/no, choices, euro, long dates."""
    f = obj._meta.get_field(name)
    value = getattr(obj, name)
    if isinstance(value, FieldFile):  # the file's own name, not its folder
        return (value.name or "").rsplit("/", 1)[-1]
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if getattr(f, "choices", None):
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, Decimal) and getattr(f, "decimal_places", 0) == 2:
        return euro(value)
    if isinstance(value, datetime.date):
        return long_date(value)
    return "" if value in (None, "") else str(value)
