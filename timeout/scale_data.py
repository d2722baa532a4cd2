"""Scale data for time-out (`manage.py generate_scale_data`): year settings, beds, requests and
as many stays as each year's maximum allows (the team's cap, `YearSettings.max_stays`, 6 a year
by default: ten years hold about 60 stays, not the thousands a size may wish for)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import connection

from stapteam.scale_data import SEED, Plan, copy_history, last_id, moment, params
from timeout.models import Bed, Location, Stay, TimeoutRequest, YearSettings

TARIFF = Decimal("139.27")
BUDGET = Decimal("11698.68")
# Room for one stay on a bed: at most 13 nights and a day between two stays.
SLOT_DAYS = 15

# A client in care (a scale file) over the whole stay, and her casemanager who asked for it.
CLIENT_SQL = """
SELECT a.client_id, a.casemanager_id
FROM stapteam_assignment a JOIN stapteam_client c ON c.id = a.client_id
WHERE c.id > %(after)s AND a.started_on <= %(start)s - 30
  AND coalesce(a.ended_on, c.closed_on, %(today)s::date) >= %(end)s
ORDER BY random() LIMIT 1
"""

REQUEST_SQL = f"""
INSERT INTO timeout_timeoutrequest (client_id, submitted_by_id, submitted_at, reason,
  wished_start, expected_days, status, assessed_by_id, assessed_at, assessment_note)
VALUES (%(client)s, %(casemanager)s, {moment("%(asked)s::date", 10, 6)}, %(reason)s, %(start)s,
  %(days)s, %(status)s, %(coordinator)s, {moment("%(asked)s::date + 1", 10, 6)}, %(note)s)
RETURNING id
"""  # noqa: S608 - SQL put together from constants, values are parameters

STAY_SQL = """
INSERT INTO timeout_stay (request_id, client_id, bed_id, start, planned_end, actual_end, end_kind,
  end_reason, cap_year, override_reason, afterwards_reason, placed_by_id)
VALUES (%(request)s, %(client)s, %(bed)s, %(start)s, %(end)s, %(actual_end)s, %(end_kind)s,
  %(end_reason)s, %(year)s, '', '', %(coordinator)s)
"""


def build(plan: Plan) -> dict[str, int]:
    had = YearSettings.objects.filter(year__in=plan.years).count()
    years = _year_settings(plan)
    location = Location.objects.create(name="Time-out (schaaldata)")
    after_request, after_stay = last_id(TimeoutRequest), last_id(Stay)
    beds: list[Bed] = []
    rng = random.Random(SEED)  # noqa: S311 - repeatable invented data, not a secret
    stays = 0
    for year, count in _stays_per_year(plan, years).items():
        for bed_index, start, end in _periods(plan, years[year], count, rng):
            while len(beds) <= bed_index:
                beds.append(Bed.objects.create(location=location, name=f"Bed {len(beds) + 1}"))
            stays += _stay(plan, beds[bed_index], year, start, end, rng)
    values = params(plan)
    copy_history(
        TimeoutRequest,
        values,
        after_id=after_request,
        date_sql="t.submitted_at",
        user_sql="t.submitted_by_id",
    )
    copy_history(
        Stay,
        values,
        after_id=after_stay,
        date_sql=f"({moment('t.start', 9, 1)})",
        user_sql="t.placed_by_id",
    )
    return {
        "year settings": len(years) - had,
        "beds": len(beds),
        "time-out requests": 2 * stays,
        "stays": stays,
    }


def _year_settings(plan: Plan) -> dict[int, YearSettings]:
    """Each year's settings; the years without any get the usual ones (through the ORM)."""
    known = {s.year: s for s in YearSettings.objects.filter(year__in=plan.years)}
    for year in plan.years:
        if year not in known:
            known[year] = YearSettings.objects.create(
                year=year, tariff_per_day=TARIFF, max_stays=6, max_days_per_stay=14, budget=BUDGET
            )
    return known


def _stays_per_year(plan: Plan, years: dict[int, YearSettings]) -> dict[int, int]:
    """The wished number of stays spread over the years, none beyond a year's maximum (less the
    stays it already has) and none in a closed year, which is accounted for."""
    used = {y: Stay.objects.filter(cap_year=y).count() for y in years}
    room = {y: 0 if s.is_closed else max(0, s.max_stays - used[y]) for y, s in years.items()}
    wanted = {y: 0 for y in years}
    left = plan.size.stays
    while left and any(wanted[y] < room[y] for y in years):
        for year in sorted(years):
            if left and wanted[year] < room[year]:
                wanted[year] += 1
                left -= 1
    return wanted


def _periods(
    plan: Plan, year: YearSettings, count: int, rng: random.Random
) -> list[tuple[int, datetime.date, datetime.date]]:
    """(bed, start, planned end) of `count` stays in the year that never overlap on a bed and
    end before today; a bed holds as many as fit, the next ones go to another bed."""
    first = datetime.date(year.year, 1, 1)
    last = min(datetime.date(year.year, 12, 31), plan.today - datetime.timedelta(days=1))
    room = (last - first).days
    if room < SLOT_DAYS or count == 0:
        return []
    per_bed = room // SLOT_DAYS
    most = max(1, min(SLOT_DAYS - 2, year.max_days_per_stay - 1))
    periods = []
    for i in range(count):
        bed, slot = divmod(i, per_bed)
        width = room // min(per_bed, count - bed * per_bed)
        start = first + datetime.timedelta(days=slot * width + rng.randrange(width - SLOT_DAYS + 1))
        nights = rng.randint(min(3, most), most)
        periods.append((bed, start, start + datetime.timedelta(days=nights)))
    return periods


def _stay(
    plan: Plan, bed: Bed, year: int, start: datetime.date, end: datetime.date, rng: random.Random
) -> int:
    """A refused request, then a request that was placed and ended; 0 when nobody was in care."""
    values = params(plan, after=plan.clients_before, start=start, end=end)
    with connection.cursor() as cursor:
        cursor.execute(CLIENT_SQL, values)
        found = cursor.fetchone()
        if found is None:
            return 0
        values |= {"client": found[0], "casemanager": found[1], "days": (end - start).days}
        cursor.execute(
            REQUEST_SQL,
            values
            | {
                "asked": start - datetime.timedelta(days=30),
                "reason": "Uitgeput na weken op straat; wil even op adem komen.",
                "status": TimeoutRequest.Status.REFUSED,
                "note": "Geen bed vrij in die periode; samen andere opvang gezocht.",
            },
        )
        cursor.execute(
            REQUEST_SQL,
            values
            | {
                "asked": start - datetime.timedelta(days=3),
                "reason": "Vraagt zelf om rust; slaapt slecht en is erg moe.",
                "status": TimeoutRequest.Status.ENDED,
                "note": "",
            },
        )
        request_id = cursor.fetchone()[0]
        early = rng.random() < 0.15
        cursor.execute(
            STAY_SQL,
            values
            | {
                "request": request_id,
                "bed": bed.pk,
                "year": year,
                "actual_end": start + (end - start) // 2 if early else end,
                "end_kind": Stay.EndKind.EARLY if early else Stay.EndKind.REGULAR,
                "end_reason": "Zelf vertrokken, terug naar de zone." if early else "",
            },
        )
    return 1
