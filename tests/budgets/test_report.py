"""The budget report: a hand-worked example, its exports, privacy, bad periods and access."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from budgets import services
from budgets.models import Budget, LedgerEntry, SubsidyLine
from budgets.report import budget_report
from stapteam.models import Client, Organisation, User
from tests.budgets.conftest import expense, make_budget
from tests.conftest import IRISZORG, LDH
from tests.factories import ClientFactory, ContactFactory
from tests.timeout.conftest import make_beds, stay_on, year_settings

pytestmark = pytest.mark.django_db

D = Decimal
THIS_YEAR = timezone.localdate().year
LAST_YEAR = THIS_YEAR - 1  # the period of the hand-worked example
EARLIER = THIS_YEAR - 2
SECRET_CODE = "GEHEIM-7781"
SECRET_NAME = "Zwaantje Verborgenheid"
SECRET_DESCRIPTION = "Winterjas voor Zwaantje bij de Zeeman"


def day(year: int, month: int, number: int) -> datetime.date:
    return datetime.date(year, month, number)


def whole_year(year: int) -> dict[str, str]:
    return {"van": f"{year}-01-01", "tot": f"{year}-12-31"}


@dataclass
class Example:
    iriszorg: Budget
    ldh: Budget
    old: Budget
    client: Client


def hand_worked_example(*, casemanager: User, coordinator: User, ldh_casemanager: User) -> Example:
    """Two organisations' budgets, each booking chosen so every figure can be worked by hand.

    Reversals are booked today, so they fall in this year: outside last year's period.
    """
    iriszorg = Organisation.objects.get(name=IRISZORG)
    ldh = Organisation.objects.get(name=LDH)
    her = ClientFactory.create(
        code=SECRET_CODE, full_name=SECRET_NAME, call_name="Zwaantje", casemanager=casemanager
    )
    his = ClientFactory.create(casemanager=ldh_casemanager)

    a = make_budget(
        name="Flexbudget IrisZorg",
        grant=None,
        organisation=iriszorg,
        starts_on=day(EARLIER, 1, 1),
        ends_on=day(THIS_YEAR, 12, 31),
    )

    def grant(budget: Budget, amount: str, on: datetime.date) -> LedgerEntry:
        return services.record_grant(
            budget=budget, amount=D(amount), booked_on=on, description="Subsidie", by=coordinator
        )

    def spend(amount: str, on: datetime.date, category: str) -> LedgerEntry:
        return expense(
            a,
            amount,
            by=casemanager,
            client=her,
            booked_on=on,
            category=category,
            description=SECRET_DESCRIPTION,
        )

    # Before the period: 500 in, 50 out, so it opens at 450.
    grant(a, "500.00", day(EARLIER, 3, 1))
    spend("50.00", day(EARLIER, 7, 1), "clothing")
    # In the period: 1000 + 100 in (the 100 is reversed today, after the period).
    grant(a, "1000.00", day(LAST_YEAR, 2, 1))
    undone_grant = grant(a, "100.00", day(LAST_YEAR, 7, 1))
    # Out: 80 + 40 (reversed today) + 120 (approved); 200 waits; 150 is refused.
    spend("80.00", day(LAST_YEAR, 3, 1), "food")
    undone_expense = spend("40.00", day(LAST_YEAR, 4, 1), "transport")
    spend("200.00", day(LAST_YEAR, 5, 1), "clothing")
    refused = spend("150.00", day(LAST_YEAR, 6, 1), "bedding")
    services.decide_expense(entry=refused, approved=False, by=coordinator, note="Te duur.")
    approved = spend("120.00", day(LAST_YEAR, 6, 15), "documents")
    services.decide_expense(entry=approved, approved=True, by=coordinator)
    # This year: 60 out today, and both reversals.
    spend("60.00", timezone.localdate(), "phone")
    services.reverse_entry(entry=undone_expense, reason="Dubbel geboekt.", by=coordinator)
    services.reverse_entry(entry=undone_grant, reason="Te veel toegekend.", by=coordinator)

    b = make_budget(
        name="Flexbudget Leger des Heils",
        grant=None,
        organisation=ldh,
        starts_on=day(LAST_YEAR, 1, 1),
        ends_on=day(LAST_YEAR, 12, 31),
    )
    grant(b, "300.00", day(LAST_YEAR, 1, 15))
    expense(b, "30.00", by=ldh_casemanager, client=his, booked_on=day(LAST_YEAR, 2, 1),
            category="bedding", description=SECRET_DESCRIPTION)  # fmt: skip

    # Long gone: not in any of these periods.
    old = make_budget(
        name="Flexbudget oud",
        grant=None,
        organisation=iriszorg,
        starts_on=day(THIS_YEAR - 6, 1, 1),
        ends_on=day(THIS_YEAR - 6, 12, 31),
    )
    grant(old, "999.00", day(THIS_YEAR - 6, 1, 2))

    # Time-out last year: 42 nights at € 139,27, exactly the year's budget.
    year_settings(LAST_YEAR, budget=D("5849.34"))
    start = day(LAST_YEAR, 3, 1)
    stay_on(make_beds(1)[0], start, start + datetime.timedelta(days=42), client=her, by=coordinator)

    # Subsidies of last year (and one of long ago); realised unknown for one line.
    def line(org: Organisation, year: int, kind: str, granted: str, realised: str | None) -> None:
        SubsidyLine.objects.create(
            organisation=org,
            year=year,
            kind=kind,
            description=f"{kind} {year} voor {org.name}",
            hours_per_week=D("36.0"),
            granted=D(granted),
            realised=D(realised) if realised else None,
        )

    line(iriszorg, LAST_YEAR, SubsidyLine.Kind.CASEMANAGEMENT, "50000.00", "48000.50")
    line(iriszorg, LAST_YEAR, SubsidyLine.Kind.PEER_WORK, "20000.00", None)
    line(ldh, LAST_YEAR, SubsidyLine.Kind.CASEMANAGEMENT, "30000.00", "30000.00")
    line(iriszorg, THIS_YEAR - 6, SubsidyLine.Kind.CASEMANAGEMENT, "1.00", "1.00")

    # Contacts last year: 90 + 45 minutes by the IrisZorg casemanager, 60 by the LDH one;
    # one this year that does not count.
    def contact(author: User, minutes: int, year: int, client: Client) -> None:
        at = timezone.make_aware(datetime.datetime(year, 5, 1, 12, 0))
        ContactFactory.create(client=client, author=author, minutes=minutes, occurred_at=at)

    contact(casemanager, 90, LAST_YEAR, her)
    contact(casemanager, 45, LAST_YEAR, her)
    contact(ldh_casemanager, 60, LAST_YEAR, his)
    contact(casemanager, 600, THIS_YEAR, her)
    return Example(a, b, old, her)


@pytest.fixture
def example(anna_casemanager, bram_casemanager_ldh, carla_coordinator) -> Example:
    return hand_worked_example(
        casemanager=anna_casemanager,
        coordinator=carla_coordinator,
        ldh_casemanager=bram_casemanager_ldh,
    )


def last_year(organisation: Organisation | None = None) -> Any:
    return budget_report(
        first=day(LAST_YEAR, 1, 1), last=day(LAST_YEAR, 12, 31), organisation=organisation
    )


# --- The figures ---------------------------------------------------------------------------------


def figures(row: Any) -> tuple[Decimal, ...]:
    return (row.opening, row.granted, row.spent, row.pending, row.remaining)


def test_the_hand_worked_example_for_last_year(example) -> None:
    report = last_year()

    assert [(r.organisation, r.name) for r in report.budgets] == [
        (IRISZORG, "Flexbudget IrisZorg"),
        (LDH, "Flexbudget Leger des Heils"),
    ]
    iriszorg, ldh = report.budgets
    # Opens at 500 - 50; 1000 + 100 granted; 80 + 40 + 120 spent; 200 waiting.
    assert figures(iriszorg) == (D("450.00"), D("1100.00"), D("240.00"), D("200.00"), D("1310.00"))
    assert figures(ldh) == (D("0.00"), D("300.00"), D("30.00"), D("0.00"), D("270.00"))
    assert figures(report.totals) == (
        D("450.00"), D("1400.00"), D("270.00"), D("200.00"), D("1580.00"),
    )  # fmt: skip

    # The end balance is the counted balance on the last day of the period.
    for budget, row in ((example.iriszorg, iriszorg), (example.ldh, ldh)):
        counted = LedgerEntry.objects.filter(budget=budget, booked_on__lte=day(LAST_YEAR, 12, 31))
        assert counted.counted().total() == row.remaining


def test_this_year_holds_the_reversals_and_todays_expense(example) -> None:
    report = budget_report(
        first=day(THIS_YEAR, 1, 1), last=day(THIS_YEAR, 12, 31), organisation=None
    )
    # Only the IrisZorg budget runs this year; the reversed grant lowers what came in,
    # the reversed expense lowers what went out: 60 - 40.
    [row] = report.budgets
    assert figures(row) == (D("1310.00"), D("-100.00"), D("20.00"), D("0.00"), D("1190.00"))
    assert row.remaining == example.iriszorg.balance()
    by_category = {c.category: (c.expenses, c.amount) for c in report.categories}
    assert by_category["phone"] == (1, D("60.00"))
    assert by_category["transport"] == (0, D("-40.00"))  # the reversal, in its own category
    assert report.spent_by_category == report.totals.spent


def test_a_period_over_both_years_nets_the_reversals_out(example) -> None:
    report = budget_report(
        first=day(LAST_YEAR, 1, 1), last=day(THIS_YEAR, 12, 31), organisation=None
    )
    iriszorg = report.budgets[0]
    # In: 1000 + 100 - 100. Out: 80 + 40 + 120 + 60 - 40.
    assert figures(iriszorg) == (D("450.00"), D("1000.00"), D("260.00"), D("200.00"), D("1190.00"))
    assert {c.category: c.amount for c in report.categories}["transport"] == D("0.00")


def test_categories_list_every_category_and_add_up_to_spent(example) -> None:
    report = last_year()
    amounts = {c.category: (c.expenses, c.amount) for c in report.categories}
    assert amounts == {
        "clothing": (0, D("0.00")),  # the 200 waits
        "food": (1, D("80.00")),
        "bedding": (1, D("30.00")),  # LDH's; IrisZorg's 150 was refused
        "transport": (1, D("40.00")),  # reversed only this year
        "documents": (1, D("120.00")),
        "phone": (0, D("0.00")),
        "activity": (0, D("0.00")),
        "other": (0, D("0.00")),
    }
    assert report.spent_by_category == report.totals.spent == D("270.00")
    assert [c.label for c in report.categories][:2] == ["Kleding", "Voeding"]


def test_time_out_subsidies_and_summary(example) -> None:
    report = last_year()
    assert report.timeout is not None
    assert (report.timeout.days, report.timeout.cost, report.timeout.granted) == (
        42, D("5849.34"), D("5849.34"),
    )  # fmt: skip
    lines = [
        (s.organisation, s.kind, s.granted, s.realised, s.contact_hours) for s in report.subsidies
    ]
    assert lines == [
        # 90 + 45 minutes = 2.25 hours, one decimal.
        (IRISZORG, "casemanagement", D("50000.00"), D("48000.50"), D("2.3")),
        (IRISZORG, "peer_work", D("20000.00"), None, D("0.0")),
        (LDH, "casemanagement", D("30000.00"), D("30000.00"), D("1.0")),
    ]
    assert report.subsidy_granted == D("100000.00")
    assert report.subsidy_realised == D("78000.50")
    assert not report.subsidy_realised_complete
    assert report.summary.granted == D("1400.00") + D("5849.34") + D("100000.00")
    assert report.summary.used == D("270.00") + D("5849.34") + D("78000.50")


def test_the_organisation_filter_keeps_its_own_budgets_and_subsidies_and_no_time_out(
    example,
) -> None:
    ldh = last_year(Organisation.objects.get(name=LDH))
    assert [r.name for r in ldh.budgets] == ["Flexbudget Leger des Heils"]
    assert ldh.totals.spent == D("30.00") == ldh.spent_by_category
    assert ldh.timeout is None
    assert [(s.organisation, s.contact_hours) for s in ldh.subsidies] == [(LDH, D("1.0"))]
    assert ldh.summary.granted == D("300.00") + D("30000.00")
    assert ldh.summary.used == D("30.00") + D("30000.00")

    iriszorg = last_year(Organisation.objects.get(name=IRISZORG))
    assert [r.name for r in iriszorg.budgets] == ["Flexbudget IrisZorg"]
    assert iriszorg.summary.granted == D("1100.00") + D("70000.00")
    assert iriszorg.summary.used == D("240.00") + D("48000.50")


def test_an_empty_period_has_zeros_and_every_category(db) -> None:
    report = budget_report(first=day(2001, 1, 1), last=day(2001, 12, 31), organisation=None)
    assert report.budgets == []
    assert report.totals.remaining == D("0.00")
    assert len(report.categories) == 8
    assert report.timeout is not None and report.timeout.granted is None
    assert report.summary.granted == report.summary.used == D("0.00")


# --- The page and the exports --------------------------------------------------------------------


def page(client: Any, user: User, **params: str) -> Any:
    client.force_login(user)
    return client.get(reverse("budgets:report"), params)


def export(client: Any, user: User, kind: str, **params: str) -> Any:
    client.force_login(user)
    return client.get(reverse("budgets:report_export"), {**params, "format": kind})


def test_the_page_shows_the_totals(client, bob_policy_officer, example) -> None:
    response = page(client, bob_policy_officer, **whole_year(LAST_YEAR))
    assert response.status_code == 200
    html = response.content.decode()
    for testid, text in (
        ("total-opening", "€\xa0450,00"),
        ("total-granted", "€\xa01.400,00"),
        ("total-spent", "€\xa0270,00"),
        ("total-pending", "€\xa0200,00"),
        ("total-remaining", "€\xa01.580,00"),
        ("category-total", "€\xa0270,00"),
        ("timeout-cost", "€\xa05.849,34"),
        ("subsidy-realised", "€\xa078.000,50"),
        ("summary-granted", "€\xa0107.249,34"),
        ("summary-used", "€\xa084.119,84"),
    ):
        assert f'data-testid="{testid}">{text}<' in html, testid
    # The old budget is only a quick link, not a row.
    assert [r.name for r in response.context["report"].budgets] == [
        "Flexbudget IrisZorg",
        "Flexbudget Leger des Heils",
    ]
    assert response["Cache-Control"].count("no-store") == 1
    # Export links carry the same period.
    assert f"van={LAST_YEAR}-01-01&amp;tot={LAST_YEAR}-12-31&amp;format=xlsx" in html


def test_the_page_says_time_out_is_not_per_organisation(client, carla_coordinator, example):
    ldh = Organisation.objects.get(name=LDH)
    response = page(client, carla_coordinator, **whole_year(LAST_YEAR), organisatie=str(ldh.pk))
    assert response.status_code == 200
    assert "Time-out wordt niet aan een organisatie toegerekend" in response.content.decode()
    assert response.context["report"].organisation == ldh


def test_the_default_is_this_calendar_year_with_quick_links(client, bob_policy_officer, example):
    response = page(client, bob_policy_officer)
    report = response.context["report"]
    assert (report.first, report.last) == (day(THIS_YEAR, 1, 1), day(THIS_YEAR, 12, 31))
    labels = [label for label, _query in response.context["quick_links"]]
    assert labels[:2] == ["Dit jaar", "Vorig jaar"]
    assert "Flexbudget IrisZorg" in labels
    assert (
        "Flexbudget IrisZorg",
        f"van={EARLIER}-01-01&tot={THIS_YEAR}-12-31",
    ) in response.context["quick_links"]


def test_only_one_date_means_the_rest_of_its_year(client, bob_policy_officer, db) -> None:
    report = page(client, bob_policy_officer, van=f"{LAST_YEAR}-07-01").context["report"]
    assert (report.first, report.last) == (day(LAST_YEAR, 7, 1), day(LAST_YEAR, 12, 31))


def overview_rows(content: bytes) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Overzicht", "Per categorie"]
    overview = workbook["Overzicht"]
    money = [
        c for row in overview.iter_rows() for c in row if c.data_type == "n" and c.value is not None
    ]
    assert money, "no numeric cells"
    return (
        [tuple(r) for r in overview.iter_rows(values_only=True)],
        [tuple(r) for r in workbook["Per categorie"].iter_rows(values_only=True)],
    )


def row_labelled(rows: list[Any], label: str) -> tuple[Any, ...]:
    [row] = [r for r in rows if r and r[0] == label]
    return tuple(row)


def money(value: Any) -> Decimal:
    """A numeric cell as the Decimal it was written from."""
    assert isinstance(value, int | float), value
    return D(str(value)).quantize(D("0.01"))


def test_the_excel_export_parses_back_to_the_reports_figures(
    client, bob_policy_officer, example
) -> None:
    response = export(client, bob_policy_officer, "xlsx", **whole_year(LAST_YEAR))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        f'attachment; filename="budgetrapportage-{LAST_YEAR}-01-01-{LAST_YEAR}-12-31.xlsx"'
    )
    assert "no-store" in response["Cache-Control"]
    report = last_year()
    rows, categories = overview_rows(response.content)

    period = row_labelled(rows, "Periode")
    assert isinstance(period[1], datetime.datetime) and isinstance(period[3], datetime.datetime)
    assert (period[1].date(), period[3].date()) == (report.first, report.last)
    iriszorg = next(r for r in rows if r[1] == "Flexbudget IrisZorg")
    assert [money(v) for v in iriszorg[4:9]] == list(figures(report.budgets[0]))
    assert iriszorg[2].date() == day(EARLIER, 1, 1)
    totals = row_labelled(rows, "Totaal flexbudgetten")
    assert [money(v) for v in totals[4:9]] == list(figures(report.totals))
    timeout = row_labelled(rows, "Verblijven in de periode")
    assert timeout[1] == 42 and money(timeout[2]) == money(timeout[3]) == D("5849.34")
    subsidy = row_labelled(rows, "Totaal subsidie")
    assert (money(subsidy[4]), money(subsidy[5])) == (D("100000.00"), D("78000.50"))
    assert money(row_labelled(rows, "Totaal toegekend")[1]) == report.summary.granted
    assert money(row_labelled(rows, "Totaal gebruikt")[1]) == report.summary.used
    assert row_labelled(rows, "Gerealiseerd: alleen de bekende bedragen zijn opgeteld.")

    assert categories[0] == ("Categorie", "Aantal uitgaven", "Bedrag")
    assert len(categories) == 1 + 8 + 1
    assert {r[0]: money(r[2]) for r in categories[1:-1]}["Documenten/ID"] == D("120.00")
    assert categories[-1][0] == "Totaal" and categories[-1][1] == 4
    assert money(categories[-1][2]) == report.totals.spent


def test_the_excel_cells_are_formatted_as_money_and_dates(client, bob_policy_officer, example):
    response = export(client, bob_policy_officer, "xlsx", **whole_year(LAST_YEAR))
    sheet = load_workbook(io.BytesIO(response.content))["Overzicht"]
    total_row = next(r for r in sheet.iter_rows() if r[0].value == "Totaal flexbudgetten")
    assert total_row[5].number_format == "€ #,##0.00"
    assert sheet["B2"].is_date and sheet["B2"].number_format == "DD-MM-YYYY"


def test_the_csv_export_opens_in_dutch_excel(client, bob_policy_officer, example) -> None:
    response = export(client, bob_policy_officer, "csv", **whole_year(LAST_YEAR))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="budgetrapportage-{LAST_YEAR}-01-01-{LAST_YEAR}-12-31.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert row_labelled(rows, "Periode")[1:4] == (f"01-01-{LAST_YEAR}", "t/m", f"31-12-{LAST_YEAR}")
    assert row_labelled(rows, "Totaal flexbudgetten")[4:9] == (
        "450,00", "1400,00", "270,00", "200,00", "1580,00",
    )  # fmt: skip
    assert row_labelled(rows, "Verblijven in de periode")[1:4] == ("42", "5849,34", "5849,34")
    assert row_labelled(rows, "Totaal toegekend")[1] == "107249,34"
    assert row_labelled(rows, "Totaal gebruikt")[1] == "84119,84"
    iriszorg_cm = next(r for r in rows if r[:3] == [IRISZORG, str(LAST_YEAR), "Casemanagement"])
    assert iriszorg_cm[3:7] == ["36,0", "50000,00", "48000,50", "2,3"]
    assert rows[-1] == ["Totaal", "4", "270,00"]  # the last section: per category


def test_text_that_looks_like_a_formula_stays_text(client, bob_policy_officer, carla_coordinator):
    make_budget(name="=HYPERLINK(1)", grant="10.00", by=carla_coordinator)
    response = export(client, bob_policy_officer, "csv")
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")
    response = export(client, bob_policy_officer, "xlsx")
    sheet = load_workbook(io.BytesIO(response.content))["Overzicht"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s"


# --- Privacy -------------------------------------------------------------------------------------


def all_cell_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def test_no_client_staff_member_or_description_reaches_the_policy_officer(
    client, bob_policy_officer, anna_casemanager, carla_coordinator, example
) -> None:
    texts = {
        "page": page(client, bob_policy_officer, **whole_year(LAST_YEAR)).content.decode(),
        "csv": export(client, bob_policy_officer, "csv", **whole_year(LAST_YEAR)).content.decode(
            "utf-8-sig"
        ),
        "xlsx": all_cell_text(
            export(client, bob_policy_officer, "xlsx", **whole_year(LAST_YEAR)).content
        ),
    }
    secrets = [
        SECRET_CODE,
        SECRET_NAME,
        "Zwaantje",
        SECRET_DESCRIPTION,
        "Dubbel geboekt",  # a reversal's reason
        "Te duur",  # a refusal's note
        f"voor {IRISZORG}",  # a subsidy line's description
        anna_casemanager.get_full_name(),
        carla_coordinator.get_full_name(),
    ]
    for where, text in texts.items():
        assert "Flexbudget IrisZorg" in text, where
        for secret in secrets:
            assert secret not in text, (where, secret)


# --- Bad periods ---------------------------------------------------------------------------------

HOSTILE = [
    {"van": "2024-13-01", "tot": "2024-12-31"},
    {"van": "x"},
    {"tot": "<script>alert(1)</script>"},
    {"van": "2024-12-31", "tot": "2024-01-01"},
    {"van": "2000-01-01", "tot": "2049-12-31"},
    {"van": "2030-01-01", "tot": "2040-01-01"},  # one day more than ten years
    {"van": "1999-12-31", "tot": "2000-12-31"},
    {"van": "9999-12-31"},
    {"van": "2024-01-01\x00"},
    {"organisatie": "999999"},
    {"organisatie": "abc"},
    {"organisatie": "99999999999999999999999"},
    {"organisatie": "1 OR 1=1"},
    {"organisatie": "<script>"},
]


@pytest.mark.parametrize("params", HOSTILE, ids=lambda p: repr(p)[:40])
def test_a_bad_period_shows_this_year_and_a_dutch_message(client, bob_policy_officer, params):
    response = page(client, bob_policy_officer, **params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deze periode kan niet:" in html
    assert "Het huidige kalenderjaar wordt getoond." in html
    assert "<script>" not in html
    report = response.context["report"]
    assert (report.first, report.last, report.organisation) == (
        day(THIS_YEAR, 1, 1), day(THIS_YEAR, 12, 31), None,
    )  # fmt: skip


@pytest.mark.parametrize("params", HOSTILE[:4] + HOSTILE[-3:], ids=lambda p: repr(p)[:40])
def test_a_bad_period_for_an_export_leads_back_to_the_page(client, bob_policy_officer, params):
    response = export(client, bob_policy_officer, "xlsx", **params)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("budgets:report"))
    followed = client.get(response["Location"])
    assert followed.status_code == 200
    assert "Deze periode kan niet:" in followed.content.decode()


def test_ten_whole_years_are_allowed(client, bob_policy_officer) -> None:
    response = page(client, bob_policy_officer, van="2020-01-01", tot="2029-12-31")
    assert "Deze periode kan niet" not in response.content.decode()
    assert response.context["report"].last == day(2029, 12, 31)


def test_an_unknown_export_format_leads_back_to_the_page(client, bob_policy_officer) -> None:
    response = export(client, bob_policy_officer, "pdf")
    assert response.status_code == 302
    assert (
        "Kies een export als CSV of als Excel." in client.get(response["Location"]).content.decode()
    )


# --- Access --------------------------------------------------------------------------------------

URLS = ["budgets:report", "budgets:report_export"]


@pytest.mark.parametrize("name", URLS)
def test_anonymous_goes_to_the_login_page(client, db, name) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse(settings.LOGIN_URL)}?next=")


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("who", ["anna_casemanager", "fenna_functional_admin", "sanne_secretariat"])
def test_others_may_not_see_the_report(client, request, name, who) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("who", ["carla_coordinator", "bob_policy_officer"])
def test_coordinator_and_policy_officer_may(client, request, who) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("budgets:report")).status_code == 200
    assert client.get(reverse("budgets:report_export"), {"format": "xlsx"}).status_code == 200


# --- Queries -------------------------------------------------------------------------------------


def test_the_page_costs_a_fixed_number_of_queries(
    assert_fixed_queries, bob_policy_officer, anna_casemanager, carla_coordinator, example
) -> None:
    def add_more() -> None:
        iriszorg = Organisation.objects.get(name=IRISZORG)
        beds = make_beds(3)
        for i in range(6):
            budget = make_budget(
                name=f"Extra {i}",
                grant="500.00",
                by=carla_coordinator,
                organisation=iriszorg,
                starts_on=day(LAST_YEAR, 1, 1),
                ends_on=day(LAST_YEAR, 12, 31),
            )
            for j in range(3):
                expense(budget, "10.00", by=anna_casemanager, client=example.client,
                        booked_on=day(LAST_YEAR, 2, 1 + j), category="food")  # fmt: skip
            SubsidyLine.objects.create(
                organisation=iriszorg,
                year=LAST_YEAR,
                kind=SubsidyLine.Kind.OTHER,
                description=f"Extra {i}",
                granted=D("10.00"),
            )
            ContactFactory.create(client=example.client, author=anna_casemanager)
        for i, bed in enumerate(beds):
            start = day(LAST_YEAR, 9, 1 + i * 10)
            stay_on(bed, start, start + datetime.timedelta(days=5), client=example.client,
                    by=carla_coordinator)  # fmt: skip

    url = f"{reverse('budgets:report')}?van={LAST_YEAR}-01-01&tot={LAST_YEAR}-12-31"
    # Session, user, permissions, menu and savepoints: 8; the report: 8; quick links and the
    # organisation choices: 2.
    assert_fixed_queries(bob_policy_officer, url, add_more=add_more, max_queries=19)


def test_subsidy_counts_only_years_wholly_inside_the_period(db) -> None:
    organisation, _created = Organisation.objects.get_or_create(name="IrisZorg")
    for year in (2023, 2024):
        SubsidyLine.objects.create(
            organisation=organisation,
            year=year,
            kind="casemanagement",
            description="Casemanagement",
            granted=Decimal("52000.00"),
            realised=Decimal("50000.00"),
        )

    def granted(first: datetime.date, last: datetime.date) -> Decimal:
        return budget_report(first=first, last=last, organisation=None).subsidy_granted

    assert granted(datetime.date(2023, 12, 31), datetime.date(2024, 1, 1)) == Decimal("0.00")
    assert granted(datetime.date(2023, 7, 1), datetime.date(2024, 12, 31)) == Decimal("52000.00")
    assert granted(datetime.date(2023, 1, 1), datetime.date(2024, 12, 31)) == Decimal("104000.00")
    assert not budget_report(
        first=datetime.date(2023, 8, 1), last=datetime.date(2023, 12, 31), organisation=None
    ).subsidies
