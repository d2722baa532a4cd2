"""Subject access (AVG art. 15): everything held about one person, as one ZIP with a readable
`inzage.html` (a cover page first), a machine-readable `inzage.json`, a short `LEESMIJ.txt` and
the stored files under `bijlagen/`.

Every exported field has an explicit Dutch label, given per model with `describe` (or is left
out with a reason); a field with neither stops the export, and a test compares the labels with
the model fields. The document shows no internal ids, Ja/Nee for booleans, Dutch dates and euros.
Before release the handler may black out other people's data in free texts (AVG art. 15 lid 4);
those redactions are stored with the request and applied to every export of it.

The care export is built from these pieces in stapteam/platform/care_export.py, the
registration export in registrations/subject_access.py.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.core.files.storage import Storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.query import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from stapteam.models import User
from stapteam.models.subject_access import (
    REDACTED,
    SubjectAccessRedactionBase,
    SubjectAccessRequestBase,
)
from stapteam.platform.actor import acts_as_by
from stapteam.platform.dates import add_months
from stapteam.platform.formats import day_date, day_time, euro

# --- What each model's fields are called in the export ------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A field shown otherwise than by its value: `show` gets the value (for a relation: the
    related row) and returns what the export holds."""

    label: str | Promise
    show: Callable[[Any], Any]


@dataclass(frozen=True)
class ExportFields:
    labels: dict[str, str | Promise | Shown]  # field name -> Dutch label
    excluded: dict[str, str]  # field name -> why it is not exported (said to the reviewer)
    notes: frozenset[str]  # free texts the handler reviews before release
    prefetch: tuple[str, ...]  # related rows that a label's `show` reads


EXPORT_FIELDS: dict[type[models.Model], ExportFields] = {}

# Left out of every export: the row's number in STAP's database means nothing to her.
INTERNAL_ID = "intern nummer"


def describe(
    model: type[models.Model],
    labels: dict[str, str | Promise | Shown],
    *,
    excluded: dict[str, str] | None = None,
    notes: Iterable[str] = (),
    prefetch: Iterable[str] = (),
) -> None:
    """Name every field of `model` for the export; `id` is always left out. Text fields
    (TextField) are free texts for review, and so are the fields named in `notes`."""
    left_out = {"id": INTERNAL_ID, **(excluded or {})}
    free = {f.name for f in model._meta.concrete_fields if isinstance(f, models.TextField)}
    EXPORT_FIELDS[model] = ExportFields(
        labels, left_out, frozenset((free | set(notes)) - left_out.keys()), tuple(prefetch)
    )


def missing_labels(model: type[models.Model]) -> set[str]:
    """Fields of the model that are neither labelled nor excluded (a test keeps this empty)."""
    spec = EXPORT_FIELDS[model]
    return {f.name for f in _fields(model)} - spec.labels.keys() - spec.excluded.keys()


def _fields(model: type[models.Model]) -> list[Any]:
    """Every field that holds data of a row: its columns and its many-to-many lists."""
    return [*model._meta.concrete_fields, *model._meta.many_to_many]


HISTORY_TYPES = {"+": _lazy("aangemaakt"), "~": _lazy("gewijzigd"), "-": _lazy("verwijderd")}
HISTORY_LABELS: dict[str, str | Promise | Shown] = {
    "history_date": _lazy("wanneer"),
    "history_type": Shown(_lazy("wat"), lambda code: str(HISTORY_TYPES.get(code, code))),
    "history_user": _lazy("door"),
    "history_change_reason": _lazy("reden van de wijziging"),
}
HISTORY_EXCLUDED = {"history_id": INTERNAL_ID, "history_relation": INTERNAL_ID}
GONE = _lazy("(niet meer aanwezig)")


# --- Sections -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredFile:
    """A stored file of an exported record; the ZIP holds it under `bijlagen/`."""

    name: str
    storage: Storage


@dataclass(frozen=True)
class Attachment:
    """A stored file as the ZIP holds it; the document links to `path`."""

    path: str

    def __str__(self) -> str:
        return self.path


@dataclass(frozen=True)
class Column:
    name: str  # the key in the JSON
    label: str  # the label in the document
    note: bool  # a free text the handler reviews


@dataclass
class Section:
    title: str
    columns: list[Column]
    records: list[dict[str, Any]] = field(default_factory=list)
    # Which stored row each record shows (model label, pk): for redactions, never exported.
    sources: list[tuple[str, int]] = field(default_factory=list)
    history: bool = False

    @property
    def fields(self) -> list[tuple[str, str]]:
        return [(c.name, c.label) for c in self.columns]

    @property
    def table(self) -> list[list[dict[str, Any]]]:
        """The records as label, shown value and link (an attachment), for the document."""
        return [
            [
                {
                    "label": c.label,
                    "value": display(r[c.name]),
                    "href": r[c.name].path if isinstance(r[c.name], Attachment) else "",
                    "long": c.note,
                }
                for c in self.columns
            ]
            for r in self.records
        ]


def display(value: Any) -> Any:
    """A value as the document shows it: Ja/Nee, Dutch dates and euros, links to attachments."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nee")
    if isinstance(value, datetime.datetime):
        return day_time(value)
    if isinstance(value, datetime.date):
        return day_date(value)
    if isinstance(value, Decimal):
        return euro(value)
    return value


def _related(obj: models.Model, f: models.Field) -> Any:
    try:
        related = getattr(obj, f.name, None)
    except ObjectDoesNotExist:  # history may point at a row that is gone
        return GONE
    if related is None and getattr(obj, f.attname, None) is not None:
        return GONE
    return related


def _value(obj: models.Model, f: models.Field, base: Any, label: Any) -> Any:
    if f.many_to_many:
        return ", ".join(str(related) for related in getattr(obj, f.name).all())
    value = _related(obj, f) if f.is_relation else f.value_from_object(obj)
    if isinstance(base, models.FileField):
        name = value.name if isinstance(value, models.fields.files.FieldFile) else value
        return StoredFile(name, base.storage) if name else None
    if value is None or value is GONE:
        return value
    if isinstance(label, Shown):
        value = label.show(value)
    elif f.choices and value != "":
        value = str(dict(f.flatchoices).get(value, value))
    return str(value) if isinstance(value, models.Model) else value


def _spec(model: type[models.Model]) -> tuple[type[models.Model], ExportFields, bool]:
    """The labels for a model or its history model."""
    base = getattr(model, "instance_type", model)
    if base not in EXPORT_FIELDS:
        raise ImproperlyConfigured(f"{base._meta.label}: no export labels (describe it)")
    spec = EXPORT_FIELDS[base]
    if base is model:
        return base, spec, False
    return (
        base,
        ExportFields(
            {**spec.labels, **HISTORY_LABELS},
            {**spec.excluded, **HISTORY_EXCLUDED},
            spec.notes,
            spec.prefetch,
        ),
        True,
    )


def _columns(model: type[models.Model], spec: ExportFields) -> list[tuple[models.Field, Column]]:
    columns = []
    for f in _fields(model):
        if f.name in spec.excluded:
            continue
        if f.name not in spec.labels:
            raise ImproperlyConfigured(f"{model._meta.label}.{f.name}: no export label")
        label = spec.labels[f.name]
        text = label.label if isinstance(label, Shown) else label
        columns.append((f, Column(f.name, str(text), f.name in spec.notes)))
    return columns


def section(
    title: str, objects: Iterable[models.Model], model: type[models.Model] | None = None
) -> Section:
    """A section of every labelled field of the objects (a related row by its readable name)."""
    if isinstance(objects, QuerySet):
        model = objects.model
        relations = [f.name for f in _fields(model) if f.is_relation]
        objects = objects.prefetch_related(*relations)
    items = list(objects)
    model = model or (type(items[0]) if items else None)
    if model is None:
        return Section(title, [])
    base, spec, is_history = _spec(model)
    if spec.prefetch:
        models.prefetch_related_objects(items, *spec.prefetch)
    columns = _columns(model, spec)
    result = Section(title, [c for _f, c in columns], history=is_history)
    for obj in items:
        record = {}
        for f, column in columns:
            base_field = None if f.name.startswith("history_") else base._meta.get_field(f.name)
            value = _value(obj, f, base_field, spec.labels[f.name])
            record[column.name] = str(value) if isinstance(value, Promise) else value
        result.records.append(record)
        result.sources.append((base._meta.label_lower, int(obj.pk if base is model else obj.id)))  # type: ignore[attr-defined]
    return result


def history_section(title: str, model: type[models.Model], **lookup: Any) -> Section:
    """Every history row (old versions) of the model's records matching `lookup`."""
    rows = model.history.filter(**lookup).order_by("history_date", "history_id")  # type: ignore[attr-defined]
    return section(title, rows)


# --- Review and redaction (AVG art. 15 lid 4) ---------------------------------------------------


@dataclass
class ReviewItem:
    """One free text of the export, in all its versions, for the handler to review."""

    key: str  # "<model label>:<pk>:<field>", the redaction form's reference to it
    section: str
    label: str
    versions: list[str] = field(default_factory=list)  # the current text first


def review_items(sections: list[Section]) -> list[ReviewItem]:
    """Every free text of the export (current and earlier versions), in document order."""
    items: dict[str, ReviewItem] = {}
    for s in sections:
        for record, (record_type, record_id) in zip(s.records, s.sources, strict=True):
            for column in s.columns:
                text = record[column.name]
                if not column.note or not isinstance(text, str) or not text.strip():
                    continue
                key = f"{record_type}:{record_id}:{column.name}"
                item = items.setdefault(key, ReviewItem(key, s.title, column.label))
                if text not in item.versions:
                    item.versions.append(text)
    return list(items.values())


def redaction_key(redaction: SubjectAccessRedactionBase) -> str:
    """The key of the free text a redaction is about (see ReviewItem.key)."""
    return f"{redaction.record_type}:{redaction.record_id}:{redaction.field_name}"


def redacted(text: str, redactions: Iterable[SubjectAccessRedactionBase]) -> str:
    for redaction in redactions:
        if redaction.is_whole_text():
            return str(REDACTED)
        text = text.replace(redaction.passage, str(REDACTED))
    return text


def apply_redactions(
    sections: list[Section], redactions: Iterable[SubjectAccessRedactionBase]
) -> int:
    """Black out the redacted passages in every version of their texts; returns how many
    places were blacked out."""
    by_text: dict[str, list[SubjectAccessRedactionBase]] = {}
    for r in redactions:
        by_text.setdefault(redaction_key(r), []).append(r)
    places = 0
    for s in sections:
        for record, (record_type, record_id) in zip(s.records, s.sources, strict=True):
            for column in s.columns:
                found = by_text.get(f"{record_type}:{record_id}:{column.name}")
                if found and isinstance(record[column.name], str):
                    before = record[column.name]
                    record[column.name] = redacted(before, found)
                    places += record[column.name] != before
    return places


@acts_as_by
def record_redaction(
    *,
    request: SubjectAccessRequestBase,
    item: ReviewItem,
    passage: str,
    reason: str,
    by: User,
) -> SubjectAccessRedactionBase:
    """Black out `passage` (or, empty, the whole text) of one free text in this request's
    exports; the source record stays unchanged."""
    passage = passage.strip()
    if passage and not any(passage in version for version in item.versions):
        raise ValidationError({"passage": _("Deze passage staat niet letterlijk in de tekst.")})
    record_type, record_id, field_name = item.key.rsplit(":", 2)
    redactions = request.redactions  # type: ignore[attr-defined]
    if redactions.filter(
        record_type=record_type, record_id=int(record_id), field_name=field_name, passage=passage
    ).exists():
        raise ValidationError(_("Dit is al weggelakt."))
    return redactions.create(
        record_type=record_type,
        record_id=int(record_id),
        field_name=field_name,
        passage=passage,
        reason=reason.strip(),
        made_by=by,
    )


# --- The ZIP ------------------------------------------------------------------------------------


def _extension(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ".bin"


def _attach(sections: list[Section], archive: zipfile.ZipFile) -> list[str]:
    """Put every stored file of the export into the ZIP as bijlagen/bijlage-<n>.<ext> and let
    the records point at it; one file shown in several versions is added once."""
    paths: dict[str, str] = {}
    for s in sections:
        for record in s.records:
            for name, value in record.items():
                if not isinstance(value, StoredFile):
                    continue
                if value.name not in paths:
                    path = f"bijlagen/bijlage-{len(paths) + 1}{_extension(value.name)}"
                    try:
                        with value.storage.open(value.name, "rb") as stored:
                            archive.writestr(path, stored.read())
                    except OSError:
                        record[name] = str(GONE)
                        continue
                    paths[value.name] = path
                record[name] = Attachment(paths[value.name])
    return list(paths.values())


class _ExportEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Attachment):
            return o.path
        return super().default(o)


def export_zip(
    *,
    number: str,
    subject: str,
    sections: list[Section],
    basis: str,
    redactions: Iterable[SubjectAccessRedactionBase] = (),
) -> bytes:
    """The ZIP: inzage.html (cover page first, no external resources), inzage.json, LEESMIJ.txt
    and the attachments; `basis` is the legal-basis text of the cover."""
    produced = timezone.localtime()
    redacted_places = apply_redactions(sections, redactions)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        attachments = _attach(sections, archive)
        context = {
            "number": number,
            "subject": subject,
            "sections": sections,
            "produced": day_time(produced),
            "basis": basis,
            "attachments": attachments,
            "redacted": redacted_places,
            "redacted_marker": REDACTED,
        }
        archive.writestr(
            "inzage.html", render_to_string("stapteam/subject_access_document.html", context)
        )
        archive.writestr(
            "LEESMIJ.txt", render_to_string("stapteam/subject_access_readme.txt", context)
        )
        data = {
            "verzoek": number,
            "betreft": subject,
            "gemaakt_op": produced,
            "grondslag": basis,
            "bijlagen": attachments,
            "weggelakt": redacted_places,
            "onderdelen": [
                {"titel": s.title, "velden": dict(s.fields), "records": s.records} for s in sections
            ],
        }
        archive.writestr(
            "inzage.json", json.dumps(data, cls=_ExportEncoder, ensure_ascii=False, indent=2)
        )
    return buffer.getvalue()


# --- The request --------------------------------------------------------------------------------


def due_date(received_on: datetime.date) -> datetime.date:
    """AVG art. 12 lid 3: within one month of receipt."""
    return add_months(received_on, 1)


AccessRequest = TypeVar("AccessRequest", bound=SubjectAccessRequestBase)


@acts_as_by
def register_access_request(*, request: AccessRequest, by: User) -> AccessRequest:
    """Record an access request (care or registration), due one month after receipt."""
    if request.received_on > timezone.localdate():
        raise ValidationError(_("De ontvangstdatum mag niet in de toekomst liggen."))
    request.due_on = due_date(request.received_on)
    request.registered_by = by
    request.full_clean()
    request.save()
    return request


@acts_as_by
@transaction.atomic
def mark_access_request_handled(*, request: AccessRequest, by: User) -> AccessRequest:
    """The first export of the request's ZIP is its handling; a later one changes nothing."""
    locked = type(request)._default_manager.select_for_update().get(pk=request.pk)
    if locked.handled_on is None:
        locked.handled_on = timezone.localdate()
        locked.handled_by = by
        locked.save(update_fields=["handled_on", "handled_by"])
    return locked
