"""Scale data for registrations (`manage.py generate_scale_data`): persons, requests of every
kind, advice, decisions and the passes of granted applications, over ten years."""

from __future__ import annotations

from registrations.models import (
    Advice,
    Decision,
    Person,
    RefusalGround,
    Registration,
    RegistrationRequest,
)
from stapteam.scale_data import Plan, copy_history, execute, last_id, moment, params, pick

# Where an application stands, by the days since it came in; older ones are decided and notified.
APPLICATION_STATUS = """
CASE WHEN age < 7 THEN 'received' WHEN age < 21 THEN 'in_progress'
  WHEN age < 42 THEN 'advice_requested' WHEN age < 56 THEN 'advice_received'
  ELSE 'notified' END
"""

REQUEST_COLUMNS = """kind, received_on, channel, person_id, summary, submitted_by, representative,
  wished_start, answer, answered_to, answered_on, answered_by_id, owner_id, status, term_weeks,
  extension_weeks, extension_notice_on, suspended_days, registration_id, created_at"""

CHANNEL = "(ARRAY['mail', 'mail', 'desk', 'phone'])[1 + floor(random() * 4)::int]"

# Each application comes from a person of her own, so a person has at most one running pass.
APPLICATIONS_SQL = f"""
WITH person AS (
  INSERT INTO registrations_person (name, call_name, date_of_birth, phone, email, address,
    consent_on, consent_withdrawn_on, client_id, legal_hold, legal_hold_reason)
  SELECT first_name || ' ' || last_name, first_name,
    make_date(1965 + floor(random() * 40)::int, 1, 1) + floor(random() * 365)::int,
    '06-' || lpad(floor(random() * 100000000)::text, 8, '0'),
    lower(first_name) || '.' || g || '@example.invalid',
    {pick("streets")} || ' ' || (1 + floor(random() * 120)::int) || ', Nijmegen',
    %(first_day)s::date + floor(random() * %(span)s)::int, NULL, NULL, false, ''
  FROM (SELECT g, {pick("first_names")} AS first_name, {pick("last_names")} AS last_name
        FROM generate_series(1, %(applications)s) g) drawn
  RETURNING id, consent_on AS received_on
)
INSERT INTO registrations_registrationrequest ({REQUEST_COLUMNS})
SELECT 'application', received_on, {CHANNEL}, id, 'Aanvraag registratie tippelzone.',
  herself, CASE WHEN herself = 'herself' THEN '' ELSE 'Haar casemanager van IrisZorg' END,
  received_on + 14, '', '', NULL, NULL, %(secretariat)s,
  {APPLICATION_STATUS}, 8, 0, NULL, 0, NULL, {moment("received_on", 9, 8)}
FROM (SELECT id, received_on, %(today)s::date - received_on AS age,
        CASE WHEN random() < 0.8 THEN 'herself' ELSE 'representative' END AS herself
      FROM person) p
"""  # noqa: S608 - SQL put together from constants, values are parameters

# Stops, changes and questions of the same persons; a question may come without a name.
OTHER_REQUESTS_SQL = f"""
INSERT INTO registrations_registrationrequest ({REQUEST_COLUMNS})
SELECT kind, received_on, {CHANNEL},
  CASE WHEN kind <> 'question' OR random() < 0.5 THEN
    persons[1 + floor(random() * cardinality(persons))::int] END,
  CASE kind WHEN 'stop' THEN 'Wil stoppen met haar registratie.'
    WHEN 'change' THEN 'Nieuw telefoonnummer.' ELSE 'Vraagt hoe lang een pas geldig is.' END,
  'herself', '', NULL,
  CASE WHEN done AND kind = 'question' THEN 'Een pas is een jaar geldig.' ELSE '' END,
  CASE WHEN done AND kind = 'question' THEN 'Aanvrager, telefonisch' ELSE '' END,
  CASE WHEN done AND kind = 'question' THEN received_on + 2 END,
  CASE WHEN done AND kind = 'question' THEN %(secretariat)s END,
  %(secretariat)s, CASE WHEN done THEN 'handled' WHEN age < 7 THEN 'received'
    ELSE 'in_progress' END,
  8, 0, NULL, 0, NULL, {moment("received_on", 9, 8)}
FROM (
  SELECT kind, received_on, %(today)s::date - received_on AS age,
    %(today)s::date - received_on >= 14 AS done, persons
  FROM (
    SELECT (ARRAY['stop', 'change', 'change', 'question', 'question'])
        [1 + floor(random() * 5)::int] AS kind,
      %(first_day)s::date + floor(random() * %(span)s)::int AS received_on
    FROM generate_series(1, %(others)s)
  ) drawn,
  (SELECT array_agg(id) AS persons FROM registrations_person WHERE id > %(after_person)s) known
) r
"""  # noqa: S608 - SQL put together from constants, values are parameters

ADVICE_SQL = f"""
INSERT INTO registrations_advice (request_id, asked_at, asked_by_id, answer, known_since,
  motivation, answered_at, answered_by_id)
SELECT id, {moment("received_on + 3", 9, 8)}, %(secretariat)s, answer,
  CASE WHEN answer = 'yes' THEN received_on - 400 END,
  CASE WHEN answer = '' THEN '' ELSE 'Nagegaan bij het STAP-team.' END,
  CASE WHEN answer = '' THEN NULL ELSE {moment("received_on + 10", 9, 8)} END,
  CASE WHEN answer = '' THEN NULL ELSE %(coordinator)s::bigint END
FROM (
  SELECT id, received_on, CASE WHEN status = 'advice_requested' THEN ''
    WHEN random() < 0.8 THEN 'yes' WHEN random() < 0.75 THEN 'no' ELSE 'unknown' END AS answer
  FROM registrations_registrationrequest
  WHERE id > %(after_request)s AND kind = 'application'
    AND status IN ('advice_requested', 'advice_received', 'notified')
) r
"""  # noqa: S608 - SQL put together from constants, values are parameters

DECISIONS_SQL = """
INSERT INTO registrations_decision (request_id, outcome, grounds_text, decided_on, notified_on,
  decided_by_id)
SELECT r.id, CASE WHEN a.answer = 'yes' THEN 'granted' ELSE 'refused' END,
  CASE WHEN a.answer = 'yes' THEN '' ELSE 'Niet voldaan aan de zorgvoorwaarde.' END,
  r.received_on + 28, r.received_on + 30, %(secretariat)s
FROM registrations_registrationrequest r JOIN registrations_advice a ON a.request_id = r.id
WHERE r.id > %(after_request)s AND r.status = 'notified'
"""

GROUNDS_SQL = """
INSERT INTO registrations_decision_grounds (decision_id, refusalground_id)
SELECT id, %(ground)s FROM registrations_decision
WHERE id > %(after_decision)s AND outcome = 'refused'
"""

# The grounds as the decision's history row saw them (simple-history keeps a tracked
# many-to-many field in a table of its own, one row per link and history row).
GROUNDS_HISTORY_SQL = """
INSERT INTO registrations_historicaldecision_grounds (id, decision_id, history_id, refusalground_id)
SELECT g.id, g.decision_id, h.history_id, g.refusalground_id
FROM registrations_decision_grounds g
JOIN registrations_historicaldecision h ON h.id = g.decision_id
WHERE g.decision_id > %(after_decision)s
"""

# A pass of a year from the day she heard; the ones whose year is over have expired.
PASSES_SQL = """
INSERT INTO registrations_registration (person_id, decision_id, pass_number, valid_from,
  valid_until, conditions, ended_on, end_reason, end_note)
SELECT person_id, id, 'SCHAAL-' || id, notified_on, valid_until, '',
  CASE WHEN valid_until < %(today)s THEN valid_until END,
  CASE WHEN valid_until < %(today)s THEN 'expiry' ELSE '' END, ''
FROM (
  SELECT d.id, r.person_id, d.notified_on,
    (d.notified_on + interval '1 year' - interval '1 day')::date AS valid_until
  FROM registrations_decision d JOIN registrations_registrationrequest r ON r.id = d.request_id
  WHERE d.id > %(after_decision)s AND d.outcome = 'granted'
) g
"""


def build(plan: Plan) -> dict[str, int]:
    applications = plan.size.registration_requests * 3 // 5
    after = {
        "after_person": last_id(Person),
        "after_request": last_id(RegistrationRequest),
        "after_advice": last_id(Advice),
        "after_decision": last_id(Decision),
        "after_registration": last_id(Registration),
    }
    ground = RefusalGround.objects.order_by("pk").values_list("pk", flat=True).first()
    values = params(
        plan,
        applications=applications,
        others=plan.size.registration_requests - applications,
        ground=ground,
        **after,
    )
    counts = {"registration requests": execute(APPLICATIONS_SQL, values)}
    counts["registration requests"] += execute(OTHER_REQUESTS_SQL, values)
    counts["advice"] = execute(ADVICE_SQL, values)
    counts["decisions"] = execute(DECISIONS_SQL, values)
    if ground is not None:
        execute(GROUNDS_SQL, values)
    counts["passes"] = execute(PASSES_SQL, values)
    counts["history rows"] = (
        copy_history(
            Person,
            values,
            after_id=after["after_person"],
            date_sql=f"({moment('t.consent_on', 9, 1)})",
            user_sql="%(secretariat)s",
        )
        + copy_history(
            RegistrationRequest,
            values,
            after_id=after["after_request"],
            date_sql="t.created_at",
            user_sql="t.owner_id",
        )
        + copy_history(
            Advice,
            values,
            after_id=after["after_advice"],
            date_sql="coalesce(t.answered_at, t.asked_at)",
            user_sql="coalesce(t.answered_by_id, t.asked_by_id)",
        )
        + copy_history(
            Decision,
            values,
            after_id=after["after_decision"],
            date_sql=f"({moment('t.decided_on', 14, 2)})",
            user_sql="t.decided_by_id",
        )
        + copy_history(
            Registration,
            values,
            after_id=after["after_registration"],
            date_sql=f"({moment('t.valid_from', 14, 2)})",
            user_sql="%(secretariat)s",
        )
    )
    execute(GROUNDS_HISTORY_SQL, values)
    return counts
