"""The Rapportage: the stand van zaken's definitions (docs/reports.md) with exact numbers, what
policy staff see, the page, its exports and its fixed number of queries."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as DocxDocument
from openpyxl import load_workbook

from stapteam.caseload.hours import monthly_hours
from stapteam.models import Assignment, CaseloadSettings, Client, Closure, Contact, Trajectory
from stapteam.reports.outcomes import percent, stand_van_zaken
from stapteam.reports.sections import report_sections
from tests.factories import ClientFactory, ContactFactory, EscalationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
START, END = D(2023, 1, 1), D(2023, 6, 30)
Outcome = Client.Outcome


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def file(opened: datetime.date, *closures: tuple[Any, ...], **kwargs: Any) -> Client:
    """A file opened on `opened` with closure periods (closed_on, outcome[, reopened_on])."""
    c: Any = ClientFactory(**kwargs)
    Client.objects.filter(pk=c.pk).update(created_at=at(opened))
    for closed_on, outcome, *reopened in closures:
        Closure.objects.create(
            client=c,
            closed_on=closed_on,
            outcome=outcome,
            reopened_on=reopened[0] if reopened else None,
            reopen_reason="Weer in zorg" if reopened else "",
        )
    return c


def stand(on: datetime.date = END, **kwargs: Any) -> Any:
    return stand_van_zaken(START, END, on, **kwargs)


def counts(s: Any) -> dict[str, Any]:
    return {row.outcome: row.count for row in s.outcomes}


def test_percent_rounds_half_up() -> None:
    assert [percent(n, 18) for n in (2, 2, 2, 5, 7)] == [11, 11, 11, 28, 39]
    assert percent(1, 8) == 13  # 12.5 rounds up
    assert percent(3, 8) == 38  # 37.5 rounds up
    assert percent(0, 0) == 0


def test_in_scope_is_a_file_open_on_at_least_one_day_of_the_period() -> None:
    file(D(2022, 5, 1))  # open all along
    file(D(2023, 7, 5))  # opened after the period
    file(D(2022, 1, 1), (D(2022, 12, 1), Outcome.CLOSED))  # closed before it
    file(D(2022, 1, 1), (D(2022, 11, 1), Outcome.CLOSED, D(2023, 3, 1)))  # reopened in it
    file(D(2022, 1, 1), (D(2022, 10, 1), Outcome.CLOSED, D(2023, 8, 1)))  # closed throughout
    file(
        D(2022, 1, 1), (D(2023, 1, 1), Outcome.MONITORING)
    )  # closed on its first day: open that day
    file(D(2023, 6, 30))  # opened on its last day
    s = stand()
    assert s.in_scope == 4
    assert s.new == 1
    assert s.closed == 1


def test_active_is_in_scope_with_a_contact_in_the_period_no_show_not_counted() -> None:
    a, b, c, d = (file(D(2022, 5, 1)) for _ in range(4))
    ContactFactory(client=a, occurred_at=at(D(2023, 2, 1)))
    ContactFactory(client=a, occurred_at=at(D(2023, 3, 1)))
    ContactFactory(client=b, occurred_at=at(D(2023, 2, 1)), no_show=True)
    ContactFactory(client=c, occurred_at=at(D(2022, 12, 31)))
    ContactFactory(client=d, occurred_at=at(D(2023, 6, 30)))
    s = stand()
    assert (s.in_scope, s.active) == (4, 2)


def test_new_and_closed_files_in_the_period() -> None:
    file(D(2023, 1, 1))
    file(D(2023, 3, 1), (D(2023, 4, 1), Outcome.REGULAR_CARE))
    file(D(2022, 12, 31), (D(2023, 6, 30), Outcome.CLOSED))
    file(D(2022, 1, 1), (D(2022, 12, 31), Outcome.CLOSED))  # closed the day before: out of scope
    s = stand()
    assert (s.in_scope, s.new, s.closed) == (3, 2, 2)


def test_outcomes_of_eighteen_closed_files_as_in_the_closing_report() -> None:
    for outcome, n in [
        (Outcome.CLOSED, 2),
        (Outcome.REGULAR_CARE, 2),
        (Outcome.OTHER_REGION, 2),
        (Outcome.MONITORING, 5),
        (Outcome.STAP_TEAM, 7),
    ]:
        for _ in range(n):
            file(D(2022, 1, 1), (D(2023, 5, 1), outcome))
    for _ in range(3):
        file(D(2022, 1, 1))
    s = stand()
    assert [(r.count, r.percent) for r in s.outcomes] == [
        (2, 11),
        (2, 11),
        (2, 11),
        (5, 28),
        (7, 39),
    ]
    assert (s.outcomes_total, s.percent_total, s.running, s.in_scope) == (18, 100, 3, 21)


def test_a_reopened_file_counts_by_the_closure_period_that_covers_the_reference_date() -> None:
    file(
        D(2022, 1, 1),
        (D(2023, 2, 1), Outcome.REGULAR_CARE, D(2023, 3, 1)),
        (D(2023, 5, 1), Outcome.STAP_TEAM),
    )
    file(D(2022, 1, 1), (D(2023, 2, 1), Outcome.OTHER_REGION, D(2023, 6, 1)))
    assert counts(stand())[Outcome.STAP_TEAM] == 1
    assert stand().running == 1  # the second was reopened before the reference date
    earlier = stand(on=D(2023, 2, 15))
    assert counts(earlier)[Outcome.REGULAR_CARE] == 1
    assert counts(earlier)[Outcome.OTHER_REGION] == 1
    assert (earlier.running, earlier.outcomes_total) == (0, 2)
    # On the day of reopening the file runs again.
    reopening_day = stand(on=D(2023, 3, 1))
    assert counts(reopening_day)[Outcome.REGULAR_CARE] == 0
    assert (reopening_day.running, reopening_day.outcomes_total) == (1, 1)


def test_policy_staff_see_no_count_below_five_nor_one_that_the_total_gives_away() -> None:
    for outcome, n in [(Outcome.CLOSED, 2), (Outcome.MONITORING, 5), (Outcome.STAP_TEAM, 7)]:
        for _ in range(n):
            file(D(2022, 1, 1), (D(2023, 5, 1), outcome))
    s = stand(aggregates_only=True)
    assert counts(s) == {
        Outcome.CLOSED: None,
        Outcome.REGULAR_CARE: 0,
        Outcome.OTHER_REGION: 0,
        Outcome.MONITORING: None,  # the next smallest, else 14 - 5 - 7 tells the hidden 2
        Outcome.STAP_TEAM: 7,
    }
    assert [r.percent for r in s.outcomes] == [None, 0, 0, None, 50]
    assert s.suppressed
    assert counts(stand())[Outcome.CLOSED] == 2


def url(**params: str) -> str:
    query = {"van": "2023-01-01", "tot": "2023-06-30", "peildatum": "2023-06-30", **params}
    return reverse("stapteam:report") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_coordinator_sees_the_stand_van_zaken(client: Any, carla_coordinator: Any) -> None:
    for _ in range(2):
        file(D(2022, 1, 1), (D(2023, 5, 1), Outcome.OTHER_REGION))
    client.force_login(carla_coordinator)
    response = client.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="in-scope">2<' in html
    assert "100 %" in html
    assert 'id="outcome-chart"' in html


def test_policy_staff_see_aggregates_without_small_counts(
    client: Any, bob_policy_officer: Any
) -> None:
    c = file(D(2022, 1, 1), (D(2023, 5, 1), Outcome.OTHER_REGION), call_name="Zoë")
    client.force_login(bob_policy_officer)
    html = client.get(url()).content.decode()
    assert "&lt; 5" in html
    assert c.code not in html and "Zoë" not in html
    assert 'id="outcome-chart"' not in html  # its bars would show the hidden counts


def test_a_casemanager_may_not_open_the_report(client: Any, anna_casemanager: Any) -> None:
    client.force_login(anna_casemanager)
    assert client.get(url()).status_code == 403


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tot": "2022-12-31"}, "De einddatum moet op of na de begindatum liggen."),
        ({"peildatum": "2022-12-31"}, "De peildatum moet op of na de begindatum liggen."),
        ({"van": "gisteren"}, "Vul de datum in als dd-mm-jjjj."),
        ({"tot": "2034-01-01"}, ""),
    ],
)
def test_a_wrong_period_is_refused_with_the_rule(
    client: Any, carla_coordinator: Any, params: dict[str, str], message: str
) -> None:
    client.force_login(carla_coordinator)
    response = client.get(url(**params))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="outcomes"' not in html
    assert message in html
    assert f'value="{next(iter(params.values()))}"' in html  # her input is kept


def test_the_page_costs_a_fixed_number_of_queries(
    assert_fixed_queries: Any, carla_coordinator: Any, bram_casemanager_ldh: Any
) -> None:
    def more() -> None:
        for n in range(15):
            c = file(D(2022, 1, 1), (D(2023, 5, 1), list(Outcome)[n % 5]))
            assign(c, carla_coordinator if n % 2 else bram_casemanager_ldh, D(2022, 6, 1))
            ContactFactory(client=c, occurred_at=at(D(2023, 2, 1)))

    assign(file(D(2022, 1, 1)), bram_casemanager_ldh, D(2022, 1, 1))
    assert_fixed_queries(carla_coordinator, url(), add_more=more, max_queries=34)  # with the bell


def test_the_excel_export_has_real_numbers_and_dates(client: Any, carla_coordinator: Any) -> None:
    for _ in range(2):
        file(D(2022, 1, 1), (D(2023, 5, 1), Outcome.MONITORING))
    client.force_login(carla_coordinator)
    response = client.get(url(formaat="xlsx").replace("rapportage/", "rapportage/export/"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Stand van zaken"]
    values = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True)}
    assert values["Van"][0] == datetime.datetime(2023, 1, 1)
    assert values["In beeld"][0] == 2
    assert values["Monitoring door procesregie"] == (2, 100)


def test_the_csv_export_never_runs_a_formula(client: Any, carla_coordinator: Any) -> None:
    client.force_login(carla_coordinator)
    response = client.get(url(formaat="csv").replace("rapportage/", "rapportage/export/"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Peildatum;30-06-2023" in text
    assert "\n=" not in text and ";=" not in text


# --- Hours against the norm ----------------------------------------------------------------------


def assign(c: Client, casemanager: Any, started: datetime.date, ended: Any = None) -> None:
    Assignment.objects.create(client=c, casemanager=casemanager, started_on=started, ended_on=ended)


def contact(c: Client, author: Any, day: datetime.date, minutes: int, **kwargs: Any) -> None:
    ContactFactory(client=c, author=author, occurred_at=at(day), minutes=minutes, **kwargs)


def test_hours_per_month_against_the_norm_per_casemanager_and_team(
    anna_casemanager: Any, bram_casemanager_ldh: Any, esther_peer_worker: Any
) -> None:
    a = file(D(2023, 1, 1))
    b = file(D(2023, 3, 15), (D(2023, 4, 10), Outcome.REGULAR_CARE))
    c = file(D(2023, 1, 1))
    assign(a, anna_casemanager, D(2023, 3, 1))
    assign(b, anna_casemanager, D(2023, 3, 15))
    assign(c, bram_casemanager_ldh, D(2023, 4, 1), D(2023, 4, 14))
    contact(a, anna_casemanager, D(2023, 3, 10), 60)
    contact(a, anna_casemanager, D(2023, 3, 11), 30, time_type=Contact.TimeType.INDIRECT)
    contact(a, esther_peer_worker, D(2023, 3, 12), 45)
    contact(a, anna_casemanager, D(2023, 3, 13), 60, no_show=True)
    contact(c, anna_casemanager, D(2023, 4, 5), 90)  # Bram's file that day: his row
    contact(c, anna_casemanager, D(2023, 4, 20), 20)  # nobody's file: the team's only
    contact(a, anna_casemanager, D(2023, 5, 1), 600)  # after the period
    rows = {
        (r.month, r.casemanager.username if r.casemanager else "team"): r
        for r in monthly_hours(D(2023, 3, 1), D(2023, 4, 30))
    }
    assert sorted(rows) == sorted(
        [
            (D(2023, 3, 1), "team"),
            (D(2023, 3, 1), "anna"),
            (D(2023, 4, 1), "team"),
            (D(2023, 4, 1), "anna"),
            (D(2023, 4, 1), "bram"),
        ]
    )
    march = rows[D(2023, 3, 1), "anna"]
    assert (march.direct, march.indirect, march.peer_direct, march.peer_indirect) == (60, 30, 45, 0)
    assert march.client_days == 31 + 17
    assert march.norm_minutes == 1645  # 4 h x 60 x 48 / 7
    assert march.hours_per_client_week == Decimal("0.3")  # 135 min x 7 / 60 / 48
    assert rows[D(2023, 4, 1), "anna"].client_days == 30 + 10  # b closed on 10 April
    assert rows[D(2023, 4, 1), "anna"].minutes == 0
    bram = rows[D(2023, 4, 1), "bram"]
    assert (bram.direct, bram.client_days) == (90, 14)
    team = rows[D(2023, 4, 1), "team"]
    assert (team.minutes, team.client_days, team.client_weeks) == (110, 54, Decimal("7.7"))
    assert [
        r.casemanager for r in monthly_hours(D(2023, 3, 1), D(2023, 4, 30), per_casemanager=False)
    ] == [None, None]


def test_a_file_closed_throughout_the_period_counts_no_day_and_a_reopened_one_from_reopening(
    anna_casemanager: Any,
) -> None:
    """Closing keeps the last assignment; such a file counts from its reopening only."""
    running = file(D(2022, 1, 1))
    closed = file(D(2022, 1, 1), (D(2022, 12, 1), Outcome.CLOSED))
    reopened = file(D(2022, 1, 1), (D(2022, 12, 1), Outcome.CLOSED, D(2023, 4, 21)))
    closing = file(D(2022, 1, 1), (D(2023, 4, 5), Outcome.REGULAR_CARE))
    for c in (running, closed, reopened, closing):
        assign(c, anna_casemanager, D(2022, 1, 1))
    rows = {r.month: r for r in monthly_hours(D(2023, 3, 1), D(2023, 4, 30)) if r.casemanager}
    assert rows[D(2023, 3, 1)].client_days == 31 + 31  # running and closing
    # running 30, reopened from 21 April 10, closing up to and including 5 April 5
    assert rows[D(2023, 4, 1)].client_days == 30 + 10 + 5


def test_the_norm_comes_from_the_caseload_settings(anna_casemanager: Any) -> None:
    CaseloadSettings.objects.update_or_create(
        id=1, defaults={"norm_hours_per_week": Decimal("3.5")}
    )
    assign(file(D(2023, 1, 1)), anna_casemanager, D(2023, 1, 1))
    (team, anna) = monthly_hours(D(2023, 2, 1), D(2023, 2, 28))
    assert anna.norm_minutes == 3.5 * 60 * 4  # 28 days: four weeks
    assert team.norm_hours_per_week == Decimal("3.5")


def test_policy_staff_see_the_team_hours_without_names(
    client: Any, bob_policy_officer: Any, carla_coordinator: Any, anna_casemanager: Any
) -> None:
    assign(file(D(2022, 1, 1)), anna_casemanager, D(2022, 1, 1))
    client.force_login(carla_coordinator)
    html = client.get(url()).content.decode()
    assert "Dossiers van" in html and anna_casemanager.get_full_name() in html
    client.force_login(bob_policy_officer)
    html = client.get(url()).content.decode()
    assert 'data-testid="hours"' in html
    assert anna_casemanager.get_full_name() not in html and "Dossiers van" not in html


# --- The caseload's sections ---------------------------------------------------------------------


def section(slug: str, **kwargs: Any) -> dict[str, Any]:
    sections = {s.slug: s for s in report_sections(START, END, END, aggregates_only=False)}
    return {str(f.label): f.value for f in sections[slug].figures}


def test_trajectories_running_and_begun_by_kind() -> None:
    c = file(D(2022, 1, 1))
    kind = Trajectory.Kind
    for k, started, ended in [
        (kind.ENTRY_HOUSING, D(2022, 6, 1), None),
        (kind.ENTRY_HOUSING, D(2023, 2, 1), D(2023, 3, 1)),
        (kind.PROTECTED_HOUSING, D(2022, 1, 1), D(2022, 12, 31)),  # ended before
        (kind.AMBULANT_SUPPORT, D(2023, 7, 1), None),  # begun after
    ]:
        Trajectory.objects.create(client=c, kind=k, started_on=started, ended_on=ended)
    figures = section("trajecten")
    assert figures["Lopend in de periode"] == 2
    assert figures["Lopend: Instroomwoning"] == 2
    assert figures["Gestart in de periode"] == 1
    assert figures["Lopend: Beschermd wonen"] == 0


def test_escalations_raised_answered_in_time_and_resolved(pim_process_director: Any) -> None:
    def escalation(raised: datetime.date, respond_by: datetime.date, **kwargs: Any) -> None:
        EscalationFactory(raised_at=at(raised), respond_by=respond_by, **kwargs)

    escalation(D(2023, 2, 1), D(2023, 2, 8), acknowledged_at=at(D(2023, 2, 8)))
    escalation(D(2023, 3, 1), D(2023, 3, 8), acknowledged_at=at(D(2023, 3, 9)))
    escalation(D(2023, 4, 1), D(2023, 4, 8))  # not answered yet
    escalation(
        D(2022, 12, 1),
        D(2022, 12, 8),
        acknowledged_at=at(D(2022, 12, 2)),
        closed_at=at(D(2023, 1, 10)),
        closed_by=pim_process_director,
    )
    figures = section("opschalingen")
    assert figures == {
        "Opgeschaald in de periode": 3,
        "Op tijd beantwoord door procesregie": 1,
        "Te laat beantwoord": 1,
        "Afgesloten in de periode": 1,
    }


def test_the_word_report_has_the_tables_and_the_charts_as_images(
    client: Any, carla_coordinator: Any, bob_policy_officer: Any
) -> None:
    for outcome, n in zip(Outcome, (2, 2, 2, 5, 7), strict=True):
        for _ in range(n):
            file(D(2022, 1, 1), (D(2023, 5, 1), outcome))
    client.force_login(carla_coordinator)
    response = client.get(url(formaat="docx").replace("rapportage/", "rapportage/export/"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('rapportage-20230101-20230630.docx"')
    document = DocxDocument(io.BytesIO(response.content))
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Voortgezet in STAP-team", "7", "39 %"] in cells
    assert ["Afgesloten", "2", "11 %"] in cells
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(images) == 2  # the outcomes and the hours against the norm
    assert images[0].target_part.blob[:8] == b"\x89PNG\r\n\x1a\n"
    client.force_login(bob_policy_officer)
    response = client.get(url(formaat="docx").replace("rapportage/", "rapportage/export/"))
    document = DocxDocument(io.BytesIO(response.content))
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Afgesloten", "< 5", "–"] in cells
    assert len([r for r in document.part.rels.values() if "image" in r.reltype]) == 1


def test_on_a_handover_day_the_contact_counts_for_the_new_casemanager(
    anna_casemanager: Any, bram_casemanager_ldh: Any
) -> None:
    a = file(D(2023, 1, 1))
    assign(a, anna_casemanager, D(2023, 1, 1), D(2023, 3, 15))
    assign(a, bram_casemanager_ldh, D(2023, 3, 15))  # both cover 15 March
    contact(a, anna_casemanager, D(2023, 3, 14), 10)
    contact(a, anna_casemanager, D(2023, 3, 15), 20)
    contact(a, bram_casemanager_ldh, D(2023, 3, 16), 40)
    rows = {
        r.casemanager.username if r.casemanager else "team": r
        for r in monthly_hours(D(2023, 3, 1), D(2023, 3, 31))
    }
    assert (rows["anna"].minutes, rows["bram"].minutes, rows["team"].minutes) == (10, 60, 70)
    assert (rows["anna"].client_days, rows["bram"].client_days) == (15, 17)


def test_the_hours_cost_the_same_queries_with_one_and_with_many_contacts(
    anna_casemanager: Any, bram_casemanager_ldh: Any, esther_peer_worker: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = file(D(2022, 1, 1))
    assign(first, anna_casemanager, D(2022, 1, 1))
    contact(first, anna_casemanager, D(2023, 2, 1), 30)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            monthly_hours(START, END)
        return len(ctx.captured_queries)

    one = queries()
    for n in range(12):
        c = file(D(2022, 1, 1), (D(2023, 4, 1), Outcome.CLOSED, D(2023, 5, 1)))
        assign(c, anna_casemanager, D(2022, 1, 1), D(2023, 2, 10))
        assign(c, bram_casemanager_ldh, D(2023, 2, 10))
        for author in (anna_casemanager, bram_casemanager_ldh, esther_peer_worker):
            contact(c, author, D(2023, 1, 1) + datetime.timedelta(days=13 * n), 15)
    assert queries() == one == 5
