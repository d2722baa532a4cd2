"""The reusable "wie wijzigde wat, wanneer" page: a record's audit history as readable changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

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


def history_entries(
    obj: models.Model, *, labels: dict[str, str] | None = None, limit: int = MAX_ENTRIES
) -> list[HistoryEntry]:
    """The newest `limit` versions of obj, each with what changed since the version before.

    `labels` renames fields for the reader (e.g. groups -> "Rollen"). Costs one query for the
    versions, one per foreign key and one per tracked many-to-many
    field, however long the history is.
    """
    newest_first = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[  # type: ignore[attr-defined]
            : limit + 1
        ]
    )
    records = list(reversed(newest_first))  # oldest first; the extra one is only a baseline
    history_model = type(obj).history.model  # type: ignore[attr-defined]
    fields = [f for f in history_model.tracked_fields if f.name != "id"]
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
    if len(records) > limit:
        entries = entries[1:]
    return list(reversed(entries))


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


def _label(f: Any, labels: dict[str, str] | None) -> str:
    return str((labels or {}).get(f.name, f.verbose_name))


def _m2m_values(
    history_model: Any, records: list[Any], labels: dict[str, str] | None
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
    labels: dict[str, str] | None = None,
) -> HttpResponse:
    """Render the history page of obj; the caller has already checked that the user may see it."""
    entries = history_entries(obj, labels=labels)
    return render(
        request,
        "stapteam/history.html",
        {"object": obj, "entries": entries, "title": title, "back_url": back_url},
    )
