"""Invented data of ten years at scale for `manage.py generate_scale_data`: the sizes, the staff,
the caseload (clients, assignments, closures, contacts, access log) in bulk SQL, and the history
rows of what was inserted; the other apps add theirs from their own `scale_data` module."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Model
from django.utils import timezone
from faker import Faker

from stapteam.models import Assignment, Client, Closure, Contact, Organisation, User
from stapteam.platform.dates import add_years
from stapteam.platform.roles import GROUP_NAMES, Role

YEARS = 10
SEED = 2026
# Every invented account's username starts with this; it also tells that scale data is present.
USERNAME_PREFIX = "schaal-"
NAME_POOL = 400  # invented first and last names, combined in SQL


@dataclass(frozen=True)
class Size:
    clients: int
    contacts: int
    ledger_entries: int
    registration_requests: int
    stays: int  # wished: the year caps of time-out allow at most 6 a year (see timeout/scale_data)
    casemanagers: int
    reads_per_client: int = 5


SIZES = {
    "XS": Size(30, 1_000, 200, 30, 10, 3),
    "S": Size(100, 10_000, 1_000, 100, 50, 5),
    "M": Size(1_000, 100_000, 10_000, 1_000, 500, 10),
    "L": Size(10_000, 1_000_000, 100_000, 10_000, 5_000, 20),
}


@dataclass(frozen=True)
class Plan:
    """What every app's part of the build needs: the size, the days and the staff (user ids)."""

    size: Size
    today: datetime.date
    first_day: datetime.date
    casemanagers: list[int]
    coordinator: int
    secretariat: int
    first_names: list[str]
    last_names: list[str]
    streets: list[str]
    clients_before: int  # the last id before the build: rows above it are scale data
    contacts_before: int

    @property
    def span_days(self) -> int:
        return (self.today - self.first_day).days

    @property
    def years(self) -> list[int]:
        return list(range(self.today.year - YEARS + 1, self.today.year + 1))


def scale_data_present() -> bool:
    return User.objects.filter(username__startswith=USERNAME_PREFIX).exists()


def make_plan(size: Size) -> Plan:
    """The invented staff (and the existing casemanagers, coordinator and secretariat)."""
    fake = Faker("nl_NL")
    fake.seed_instance(SEED)
    organisations = [
        Organisation.objects.get_or_create(name=name)[0] for name in ("IrisZorg", "Leger des Heils")
    ]
    existing = list(
        User.objects.filter(
            groups__name=GROUP_NAMES[Role.CASEMANAGER],
            is_active=True,
            organisation__isnull=False,
        ).values_list("pk", flat=True)
    )
    # Up to the size's number of casemanagers (at least one: the invented accounts mark the
    # data), a third of them from Leger des Heils.
    invented = [
        _invented(fake, f"cm-{n:02d}", Role.CASEMANAGER, organisations[1 if n % 3 == 0 else 0])
        for n in range(1, max(1, size.casemanagers - len(existing)) + 1)
    ]
    today = timezone.localdate()
    return Plan(
        size=size,
        today=today,
        first_day=add_years(today, -YEARS),
        casemanagers=sorted(existing) + [user.pk for user in invented],
        coordinator=_member_of(Role.COORDINATOR, fake, organisations[0]),
        secretariat=_member_of(Role.SECRETARIAT, fake, organisations[0]),
        first_names=[fake.first_name_female() for _ in range(NAME_POOL)],
        last_names=[fake.last_name() for _ in range(NAME_POOL)],
        streets=[fake.street_name() for _ in range(NAME_POOL // 4)],
        clients_before=last_id(Client),
        contacts_before=last_id(Contact),
    )


def _member_of(role: Role, fake: Faker, organisation: Organisation) -> int:
    found = User.objects.filter(groups__name=GROUP_NAMES[role], is_active=True).first()
    return (found or _invented(fake, role.value, role, organisation)).pk


def _invented(fake: Faker, name: str, role: Role, organisation: Organisation) -> User:
    """An account that cannot log in (no usable password): a name in lists and history. It is
    a demo account, so that a benchmark or test that signs it in needs no second factor."""
    user = User(
        username=f"{USERNAME_PREFIX}{name}",
        first_name=fake.first_name_female(),
        last_name=fake.last_name(),
        email=f"{USERNAME_PREFIX}{name}@example.invalid",
        organisation=organisation,
        is_demo=True,
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    return user


def execute(sql: str, params: dict[str, Any] | None = None) -> int:
    """Run one statement of the build; the number of rows it wrote."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def last_id(model: type[Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {model._meta.db_table}")  # noqa: S608 - a model's table
        return int(cursor.fetchone()[0])


def copy_history(
    model: type[Model], values: dict[str, Any], *, after_id: int, date_sql: str, user_sql: str
) -> int:
    """One "+" history row per row of `model` above `after_id`, as a save would have written
    it: the row as it stands, at `date_sql`, by `user_sql` (SQL over the row `t`, with the
    parameters `values`)."""
    historical = model.history.model  # type: ignore[attr-defined]
    columns = [
        field.column
        for field in historical._meta.concrete_fields
        if not field.name.startswith("history_")
    ]
    names = ", ".join(columns)
    copied = ", ".join(f"t.{column}" for column in columns)
    # Table and column names come from the models, never from input.
    sql = (
        f"INSERT INTO {historical._meta.db_table} "  # noqa: S608
        f"({names}, history_date, history_type, history_user_id, history_change_reason) "
        f"SELECT {copied}, {date_sql}, '+', {user_sql}, NULL "
        f"FROM {model._meta.db_table} t WHERE t.id > %(after)s"
    )
    return execute(sql, {**values, "after": after_id})


def params(plan: Plan, **more: Any) -> dict[str, Any]:
    """The parameters every statement may use."""
    return {
        "today": plan.today,
        "first_day": plan.first_day,
        "span": plan.span_days,
        "tz": settings.TIME_ZONE,
        "first_names": plan.first_names,
        "last_names": plan.last_names,
        "streets": plan.streets,
        "cms": plan.casemanagers,
        "coordinator": plan.coordinator,
        "secretariat": plan.secretariat,
        **more,
    }


# A random element of an array parameter, and a moment on a day in the project's time zone.
PICK = "(%({name})s::text[])[1 + floor(random() * cardinality(%({name})s::text[]))::int]"


def pick(name: str) -> str:
    return PICK.format(name=name)


def moment(day_sql: str, from_hour: int = 8, hours: int = 10) -> str:
    return (
        f"least(now(), (({day_sql})::timestamp + make_interval(hours => {from_hour}) "
        f"+ random() * make_interval(hours => {hours})) AT TIME ZONE %(tz)s)"
    )


# --- The caseload --------------------------------------------------------------------------------

CLIENTS_SQL = f"""
INSERT INTO stapteam_client (code, call_name, full_name, date_of_birth, phone, residence, origin,
  origin_region, addiction, in_protected_housing, has_zone_pass, known_at_cirkel, status,
  consent_on, consent_scope, consent_withdrawn_on, closed_on, outcome, outcome_region, legal_hold,
  legal_hold_reason, created_at, version)
SELECT 'STAP-' || CASE WHEN n < 10000 THEN lpad(n::text, 4, '0') ELSE n::text END,
  first_name, first_name || ' ' || last_name,
  make_date(1960 + floor(random() * 44)::int, 1, 1) + floor(random() * 365)::int,
  '06-' || lpad(floor(random() * 100000000)::text, 8, '0'),
  (ARRAY['dakloos', 'bij vriendin', 'nachtopvang', 'eigen kamer', 'Beschermd Wonen'])
    [1 + floor(random() * 5)::int],
  origin, CASE WHEN origin = 'elsewhere' THEN 'Arnhem' ELSE '' END,
  (ARRAY['yes', 'no', 'unknown'])[1 + floor(random() * 3)::int],
  random() < 0.1, random() < 0.6, random() < 0.5, status,
  intake, 'IrisZorg, Leger des Heils en procesregie', NULL,
  CASE WHEN status = 'closed' THEN closed_on END,
  CASE WHEN status = 'closed' THEN outcome ELSE '' END,
  CASE WHEN status = 'closed' AND outcome = 'other_region' THEN 'Arnhem' ELSE '' END,
  false, '', {moment("intake", 9, 8)}, 1
FROM (
  SELECT nextval('stapteam_client_code_seq') AS n, {pick("first_names")} AS first_name,
    {pick("last_names")} AS last_name,
    (ARRAY['nijmegen', 'nijmegen', 'mo_region', 'elsewhere'])[1 + floor(random() * 4)::int]
      AS origin,
    CASE WHEN r < 0.70 THEN 'closed' WHEN r < 0.99 THEN 'active' ELSE 'registered' END AS status,
    intake, intake + floor(random() * ((%(today)s::date - intake) + 1))::int AS closed_on,
    (ARRAY['closed', 'regular_care', 'regular_care', 'other_region', 'stap_team'])
      [1 + floor(random() * 5)::int] AS outcome
  FROM (
    SELECT random() AS r, g FROM generate_series(1, %(clients)s) g
  ) drawn,
  LATERAL (
    SELECT CASE WHEN r >= 0.99 THEN %(today)s::date - floor(random() * 30)::int
      ELSE %(first_day)s::date + floor(random() * %(span)s)::int END AS intake
  ) day
  ORDER BY g
) c
"""  # noqa: S608 - SQL put together from constants, values are parameters

# One to three casemanagers in turn: each takes over on the day the previous one stopped. The
# last assignment stays open, also after closing (close_client keeps it: she reads the file).
ASSIGNMENTS_SQL = """
INSERT INTO stapteam_assignment (client_id, casemanager_id, started_on, ended_on)
SELECT c.id, (%(cms)s::bigint[])[1 + floor(random() * cardinality(%(cms)s::bigint[]))::int],
  c.intake + (c.days * j / c.k), CASE WHEN j < c.k - 1 THEN c.intake + (c.days * (j + 1) / c.k) END
FROM (
  SELECT id, intake, coalesce(closed_on, %(today)s::date) - intake AS days, (1 + id %% 3)::int AS k
  FROM (SELECT id, closed_on, (created_at AT TIME ZONE %(tz)s)::date AS intake
        FROM stapteam_client WHERE id > %(after)s AND status <> 'registered') s
) c, generate_series(0, c.k - 1) j
ORDER BY c.id, j
"""

CLOSURES_SQL = """
INSERT INTO stapteam_closure (client_id, closed_on, outcome, outcome_region, reason, closed_by_id,
  reopened_on, reopened_by_id, reopen_reason)
SELECT c.id, c.closed_on, c.outcome, c.outcome_region, 'Doelen bereikt of elders in zorg.',
  a.casemanager_id, NULL, NULL, ''
FROM stapteam_client c JOIN stapteam_assignment a ON a.client_id = c.id AND a.ended_on IS NULL
WHERE c.id > %(after)s AND c.status = 'closed'
UNION ALL
-- An earlier closure, reopened when she came back, for about one file in ten.
SELECT c.id, c.intake + c.days / 3, 'closed', '', 'Geen contact meer.', a.casemanager_id,
  c.intake + c.days / 2, a.casemanager_id, 'Zij meldde zich opnieuw bij het team.'
FROM (SELECT id, (created_at AT TIME ZONE %(tz)s)::date AS intake,
        coalesce(closed_on, %(today)s::date) - (created_at AT TIME ZONE %(tz)s)::date AS days
      FROM stapteam_client WHERE id > %(after)s AND status <> 'registered') c
JOIN stapteam_assignment a ON a.client_id = c.id AND a.ended_on IS NULL
WHERE c.id %% 10 = 0 AND c.days >= 60
"""

# The days each assignment covered (up to the file's closing), numbered so that `count` rows can
# be spread over them in proportion to their length with an exact total (see spread_sql).
SPANS_SQL = """
CREATE TEMPORARY TABLE scale_span ON COMMIT DROP AS
SELECT a.id, a.client_id, a.casemanager_id, a.started_on AS first_day,
  coalesce(a.ended_on, c.closed_on, %(today)s::date) - a.started_on + 1 AS days,
  sum(coalesce(a.ended_on, c.closed_on, %(today)s::date) - a.started_on + 1)
    OVER (ORDER BY a.id) AS upto
FROM stapteam_assignment a JOIN stapteam_client c ON c.id = a.client_id
WHERE c.id > %(after)s AND a.started_on <= coalesce(a.ended_on, c.closed_on, %(today)s::date)
"""


def spread_sql(count_param: str) -> str:
    """Rows `s` (the span) and `n` spread over scale_span: exactly %(<count_param>)s in all, a
    random day of the span in `day`."""
    total = "(SELECT max(upto) FROM scale_span)"
    share = (
        f"(%({count_param})s::bigint * s.upto / {total}) "
        f"- (%({count_param})s::bigint * (s.upto - s.days) / {total})"
    )
    return (
        f"scale_span s, generate_series(1, {share}) n, "
        "LATERAL (SELECT s.first_day + floor(random() * s.days)::int AS day) d"
    )


CONTACTS_SQL = f"""
INSERT INTO stapteam_contact (client_id, author_id, occurred_at, kind, minutes, time_type, no_show,
  partner_id, note, created_at, corrected_at, corrected_by_id, version)
SELECT client_id, casemanager_id, occurred_at,
  (ARRAY['outreach', 'face_to_face', 'phone', 'cirkel', 'home_visit', 'other'])
    [1 + floor(random() * 6)::int],
  (ARRAY[15, 30, 30, 45, 60, 90, 120])[1 + floor(random() * 7)::int],
  CASE WHEN random() < 0.8 THEN 'direct' ELSE 'indirect' END, random() < 0.05, NULL,
  (ARRAY['Kort gesproken op de zone.', 'Samen boodschappen gedaan.', 'Afspraak huisarts gemaakt.',
    'Gebeld over de uitkering.', 'Gaat goed, wil volgende week verder praten.', ''])
    [1 + floor(random() * 6)::int],
  least(now(), occurred_at + interval '20 minutes'), NULL, NULL, 1
FROM (SELECT s.client_id, s.casemanager_id, {moment("d.day")} AS occurred_at
      FROM {spread_sql("contacts")}) picked
"""  # noqa: S608 - SQL put together from constants, values are parameters

# What reading a file leaves in the NEN 7513 log: the casemanager opened her client's file.
ACCESS_LOG_SQL = f"""
INSERT INTO stapteam_accesslogentry (at, user_id, roles, organisation, client_id, object_type,
  object_id, action, result, source_address, reason)
SELECT at, casemanager_id, 'casemanager', o.name, client_id, 'client', client_id::text, 'read',
  'allowed', NULL, ''
FROM (SELECT s.client_id, s.casemanager_id, date_trunc('second', {moment("d.day")}) AS at
      FROM {spread_sql("reads")}) picked
JOIN stapteam_user u ON u.id = picked.casemanager_id
JOIN stapteam_organisation o ON o.id = u.organisation_id
"""  # noqa: S608 - SQL put together from constants, values are parameters


def build_caseload(plan: Plan) -> dict[str, int]:
    """Clients, their assignments, closures, contacts and file reads, with history."""
    after = plan.clients_before
    values = params(
        plan,
        after=after,
        clients=plan.size.clients,
        contacts=plan.size.contacts,
        reads=plan.size.clients * plan.size.reads_per_client,
    )
    after_assignment, after_closure = last_id(Assignment), last_id(Closure)
    counts = {"clients": execute(CLIENTS_SQL, values)}
    counts["assignments"] = execute(ASSIGNMENTS_SQL, values)
    counts["closures"] = execute(CLOSURES_SQL, values)
    execute(SPANS_SQL, values)
    counts["contacts"] = execute(CONTACTS_SQL, values)
    counts["access log rows"] = execute(ACCESS_LOG_SQL, values)
    execute("DROP TABLE scale_span")
    first_cm = (
        "(SELECT a.casemanager_id FROM stapteam_assignment a WHERE a.client_id = t.id "
        "ORDER BY a.started_on, a.id LIMIT 1)"
    )
    counts["history rows"] = (
        copy_history(Client, values, after_id=after, date_sql="t.created_at", user_sql=first_cm)
        + copy_history(
            Assignment,
            values,
            after_id=after_assignment,
            date_sql=f"({moment('t.started_on', 9, 1)})",
            user_sql="%(coordinator)s",
        )
        + copy_history(
            Closure,
            values,
            after_id=after_closure,
            date_sql=f"({moment('coalesce(t.reopened_on, t.closed_on)', 16, 1)})",
            user_sql="t.closed_by_id",
        )
        + copy_history(
            Contact,
            values,
            after_id=plan.contacts_before,
            date_sql="t.created_at",
            user_sql="t.author_id",
        )
    )
    return counts
