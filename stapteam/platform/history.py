"""The reusable "wie wijzigde wat, wanneer" page: a record's audit history as readable changes,
in keyset pages, and the registry of kinds of record the generic history page serves."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

from stapteam.platform.keyset import KeysetPage, keyset_page

HISTORY_TYPES = {"+": _("aangemaakt"), "~": _("gewijzigd"), "-": _("verwijderd")}
MAX_ENTRIES = 200


@dataclass
class Change:
    label: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: datetime
    who: Any
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


# Columns that say nothing to a reader: the row number, the edit counter, one-time keys.
TECHNICAL_FIELDS = frozenset({"id", "version", "submission_key"})
PER_PAGE = 25


def _versions(obj: models.Model) -> Any:
    return obj.history.select_related("history_user").order_by("-history_date", "-history_id")  # type: ignore[attr-defined]


def history_entries(
    obj: models.Model, *, labels: Mapping[str, Any] | None = None, limit: int = MAX_ENTRIES
) -> list[HistoryEntry]:
    """The newest `limit` versions of obj, each with what changed since the version before."""
    newest_first = list(_versions(obj)[: limit + 1])
    return _entries(obj, newest_first, baseline=len(newest_first) > limit, labels=labels)


def _entries(
    obj: models.Model,
    newest_first: list[Any],
    *,
    baseline: bool,
    labels: Mapping[str, Any] | None,
    hidden: frozenset[str] = TECHNICAL_FIELDS,
) -> list[HistoryEntry]:
    """The versions as readable changes, newest first. With `baseline`, the oldest version is
    only there to compare the next one with and is not shown itself.

    Costs one query per foreign key and one per tracked many-to-many field, however long the
    history is."""
    records = list(reversed(newest_first))  # oldest first
    history_model = type(obj).history.model  # type: ignore[attr-defined]
    fields = [f for f in history_model.tracked_fields if f.name not in hidden]
    related = _related_objects(fields, records)
    m2m = _m2m_values(history_model, records, labels)

    entries = []
    previous = None
    for record in records:
        changes = []
        for f in fields:
            old = _display(f, previous, related) if previous is not None else None
            new = _display(f, record, related)
            if previous is None and getattr(record, f.attname) in (None, ""):
                continue
            if previous is None or old != new:
                changes.append(Change(_label(f, labels), old, new))
        for label, values in m2m.items():
            old_set = values.get(previous.history_id) if previous is not None else None
            new_set = values.get(record.history_id, [])
            if old_set != new_set and (previous is not None or new_set):
                changes.append(Change(label, ", ".join(old_set or []), ", ".join(new_set)))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=str(HISTORY_TYPES.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    if baseline:
        entries = entries[1:]
    return list(reversed(entries))


def history_page(
    request: HttpRequest, obj: models.Model, *, labels: Mapping[str, Any] | None = None
) -> KeysetPage:
    """The page of obj's history that ?ouder= / ?nieuwer= asks for, newest first, as readable
    changes: one query for the page's versions and the one before it (to compare the oldest
    with), one more on a "Nieuwere regels" page for that one, and the names of what its foreign
    keys point at. No count: a long history costs the same."""
    page = keyset_page(
        request, _versions(obj), time_field="history_date", per_page=PER_PAGE, with_beyond=True
    )
    if page.rows:
        newest_first = page.rows + ([page.beyond] if page.beyond is not None else [])
        page.rows = _entries(obj, newest_first, baseline=page.beyond is not None, labels=labels)
    return page


def _display(f: models.Field, record: Any, related: dict[str, dict[Any, Any]]) -> Any:
    value = getattr(record, f.attname)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if f.name in related:
        return related[f.name].get(value, value)
    if f.choices and value is not None:
        return dict(f.flatchoices).get(value, value)
    return value


def _related_objects(fields: list[models.Field], records: list[Any]) -> dict[str, dict[Any, Any]]:
    """For each foreign key: its target objects by primary key, fetched in one query."""
    related = {}
    for f in fields:
        if f.is_relation and f.related_model is not None:
            ids = {getattr(r, f.attname) for r in records} - {None}
            target = cast(type[models.Model], f.related_model)._default_manager
            related[f.name] = {pk: str(o) for pk, o in target.in_bulk(ids).items()}
    return related


def _label(f: Any, labels: Mapping[str, Any] | None) -> str:
    return str((labels or {}).get(f.name, f.verbose_name))


def _m2m_values(
    history_model: Any, records: list[Any], labels: Mapping[str, Any] | None
) -> dict[str, dict[int, list[str]]]:
    """For each tracked many-to-many field: the sorted names it held at each version."""
    result: dict[str, dict[int, list[str]]] = {}
    ids = [r.history_id for r in records]
    for m2m_field in history_model._history_m2m_fields:
        through_history = getattr(history_model, m2m_field.name).model
        target = get_m2m_reverse_field_name(m2m_field)
        rows = through_history.objects.filter(history_id__in=ids).select_related(target)
        values: dict[int, list[str]] = {i: [] for i in ids}
        for row in rows:
            values[row.history_id].append(str(getattr(row, target)))
        result[_label(m2m_field, labels)] = {k: sorted(v) for k, v in values.items()}
    return result


def render_history(
    request: HttpRequest,
    obj: models.Model,
    *,
    title: str,
    back_url: str,
    labels: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """Render the history page of obj; the caller has already checked that the user may see it."""
    page = history_page(request, obj, labels=labels)
    # htmx asks for the entries of another page only.
    template = "stapteam/history.html" + ("#entries" if getattr(request, "htmx", False) else "")
    context = {"object": obj, "page": page, "entries": page.rows}
    return render(request, template, {**context, "title": title, "back_url": back_url})


# --- The generic history page: /historie/<kind>/<pk>/ ---------------------------------------------


@dataclass(frozen=True)
class HistoryKind:
    """A kind of record with a history page: how to fetch it for a user (the app's
    `get_<thing>_for(user, pk, action="history")`, which refuses and logs as for the record
    itself), where "Terug" leads, Dutch labels for fields without a verbose name, its title."""

    model: type[models.Model]
    fetch: Callable[[Any, int], models.Model]
    back_url: Callable[[Any], str]
    labels: Mapping[str, Any] | None = None
    title: Callable[[Any], str] | None = None

    def title_of(self, obj: models.Model) -> str:
        if self.title is not None:
            return self.title(obj)
        what = f"{obj._meta.verbose_name} {obj}"
        return str(_("Historie van %(what)s") % {"what": what})


HISTORY_KINDS: dict[str, HistoryKind] = {}


def register_history_kind(slug: str, kind: HistoryKind) -> None:
    """Give a kind of record a history page (each app from its apps.py); stapteam never names
    the other apps' models."""
    HISTORY_KINDS[slug] = kind
