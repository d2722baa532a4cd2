"""The repair of impossible dates, run by each app's `repair_impossible_dates` migration before its
date bounds become CheckConstraints. Frozen with those migrations: the bounds are copied here, not
imported from stapteam/platform/date_bounds.py, so a later change there never changes what these
migrations did. Do not change it; write a new migration instead. (Django does not load modules of
a migrations package whose name starts with "_" as migrations.)

The repair, per kind of date (the bounds of date_bounds.py on the day the migration runs):
- a birth date outside 1 January 1900 .. today is unknown: it becomes empty (NULL), because a
  clamped birth date would be an invented fact about a person;
- any other date outside its bounds moves to the nearest bound (a received date of 0001-01-01
  becomes 1 January 2000; a decision dated 9999-12-31 becomes today; a follow-up in 2090 becomes
  five years from today); a date and time moves to the first moment of the earliest day, or to now
  (happened) or the end of the latest day (planned);
- a period (validity, budget, stay, handover) longer than five years is cut to five years, from
  its end when its start was the date repaired, otherwise from its start.
Each repaired row gets a history row ("~", by the system account when it exists) with the reason,
and the migration prints counts per model and field, never a value or a name.
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F, Q

EARLIEST = {"birth": datetime.date(1900, 1, 1), "happened": datetime.date(2000, 1, 1)}
EARLIEST["planned"] = EARLIEST["happened"]
YEARS_AHEAD = {"birth": 0, "happened": 0, "planned": 5}
MAX_PERIOD_YEARS = 5
ZONE = ZoneInfo("Europe/Amsterdam")
REASON = "Onmogelijke datum hersteld bij de invoering van de datumgrenzen (migratie)."
SYSTEM_USERNAME = "systeem"

# model name -> {field name: kind}; model name -> [(start, end)]
Fields = dict[str, dict[str, str]]
Periods = dict[str, list[tuple[str, str]]]


def add_years(day: datetime.date, years: int) -> datetime.date:
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def bounds(kind: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return EARLIEST[kind], add_years(today, YEARS_AHEAD[kind])


def _as_day(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        try:
            return value.astimezone(ZONE).date()
        except (OverflowError, ValueError):
            return datetime.date.min if value.year < 2000 else datetime.date.max
    return value


def repaired(
    value: Any, kind: str, *, nullable: bool, moment: bool, today: datetime.date
) -> tuple[bool, Any]:
    """(changed, new value) of one date or date and time."""
    day = _as_day(value)
    earliest, latest = bounds(kind, today)
    if day is None or earliest <= day <= latest:
        return False, value
    if kind == "birth" and nullable:
        return True, None
    if not moment:
        return True, earliest if day < earliest else latest
    if day < earliest:
        return True, datetime.datetime.combine(earliest, datetime.time.min, tzinfo=ZONE)
    if kind == "happened":
        return True, datetime.datetime.now(tz=ZONE)
    return True, datetime.datetime.combine(latest, datetime.time(23, 59), tzinfo=ZONE)


def _out_of_bounds(model: Any, fields: dict[str, str], today: datetime.date) -> Q:
    q = Q()
    for name, kind in fields.items():
        earliest, latest = bounds(kind, today)
        if model._meta.get_field(name).get_internal_type() == "DateTimeField":
            first = datetime.datetime.combine(earliest, datetime.time.min, tzinfo=ZONE)
            after = datetime.datetime.combine(
                latest + datetime.timedelta(days=1), datetime.time.min, tzinfo=ZONE
            )
            q |= Q(**{f"{name}__lt": first}) | Q(**{f"{name}__gte": after})
        else:
            q |= Q(**{f"{name}__lt": earliest}) | Q(**{f"{name}__gt": latest})
    return q


def _long_periods(periods: list[tuple[str, str]]) -> Q:
    q = Q()
    for start, end in periods:
        # Five years are at least 1826 days; the exact test follows in Python.
        q |= Q(**{f"{end}__gt": F(start) + datetime.timedelta(days=5 * 365)})
    return q


def _fix_row(
    obj: Any, fields: dict[str, str], periods: list[tuple[str, str]], today: datetime.date
) -> list[str]:
    changed = []
    for name, kind in fields.items():
        field = obj._meta.get_field(name)
        moment = field.get_internal_type() == "DateTimeField"
        did, value = repaired(
            getattr(obj, name), kind, nullable=field.null, moment=moment, today=today
        )
        if did:
            setattr(obj, name, value)
            changed.append(name)
    for start, end in periods:
        first, last = getattr(obj, start), getattr(obj, end)
        if first is None or last is None or last <= add_years(first, MAX_PERIOD_YEARS):
            continue
        if start in changed:
            setattr(obj, start, add_years(last, -MAX_PERIOD_YEARS))
            changed.append(start)
        else:
            setattr(obj, end, add_years(first, MAX_PERIOD_YEARS))
            changed.append(end)
    return list(dict.fromkeys(changed))


def _history(apps: Any, app_label: str, model_name: str, obj: Any, user_id: int | None) -> None:
    try:
        historical = apps.get_model(app_label, f"Historical{model_name}")
    except LookupError:
        return
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    historical.objects.create(
        **values,
        history_date=datetime.datetime.now(tz=ZONE),
        history_type="~",
        history_change_reason=REASON,
        history_user_id=user_id,
    )


def repair_dates(
    apps: Any,
    schema_editor: Any,
    app_label: str,
    fields: Fields,
    periods: Periods | None = None,
    *,
    append_only: dict[str, str] | None = None,
    today: datetime.date | None = None,
    out: Callable[[str], None] = print,
) -> Counter[str]:
    """Repair every row of `app_label` outside its bounds; returns the counts it printed.

    `append_only` names the trigger that refuses UPDATE on a model's table: it is switched off for
    this one repair, in this migration's transaction, and on again."""
    periods, append_only = periods or {}, append_only or {}
    today = today or datetime.datetime.now(tz=ZONE).date()
    user_model = apps.get_model("stapteam", "User")
    system = user_model.objects.filter(username=SYSTEM_USERNAME).values_list("pk", flat=True)
    user_id = next(iter(system), None)
    counts: Counter[str] = Counter()
    for model_name in dict.fromkeys([*fields, *periods]):
        model = apps.get_model(app_label, model_name)
        own, spans = fields.get(model_name, {}), periods.get(model_name, [])
        rows = list(model.objects.filter(_out_of_bounds(model, own, today) | _long_periods(spans)))
        fixes = [(obj, _fix_row(obj, own, spans, today)) for obj in rows]
        fixes = [(obj, names) for obj, names in fixes if names]
        if not fixes:
            continue
        table = schema_editor.quote_name(model._meta.db_table)
        trigger = append_only.get(model_name)
        if trigger:
            # ALTER TABLE waits for no deferred check: run those now (PostgreSQL refuses else).
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        for obj, names in fixes:
            model.objects.filter(pk=obj.pk).update(**{n: getattr(obj, n) for n in names})
            _history(apps, app_label, model_name, obj, user_id)
            counts.update(f"{app_label}.{model_name}.{n}" for n in names)
        if trigger:
            schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
    for key, number in sorted(counts.items()):
        out(f"  datumgrenzen: {key}: {number} hersteld")
    return counts
