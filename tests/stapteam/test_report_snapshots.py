"""Frozen snapshots of the Rapportage ("Vastleggen"): made by the coordinator and the
procesregisseur, never changed by later corrections nor by anyone in the database, listed,
downloaded as made, and compared with the live report."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from docx import Document as DocxDocument
from openpyxl import load_workbook

from stapteam.models import ReportSnapshot
from stapteam.platform.exports import Hours
from stapteam.reports.sections import Figure, Section
from stapteam.reports.snapshots import compare, freeze, make_snapshot, thaw
from tests.conftest import assert_protective_headers
from tests.factories import ClientFactory, ContactFactory
from tests.stapteam.test_reports import assign, at, file

pytestmark = pytest.mark.django_db

D = datetime.date
PERIOD = {"van": "2023-01-01", "tot": "2023-06-30", "peildatum": "2023-06-30"}


def snapshot_of(user: Any, label: str = "Kwartaal 1 en 2 2023") -> ReportSnapshot:
    return make_snapshot(
        start=D(2023, 1, 1), end=D(2023, 6, 30), on=D(2023, 6, 30), label=label, by=user
    )


def figure(snapshot: ReportSnapshot, slug: str, label: str) -> Any:
    section = next(s for s in thaw(snapshot.figures) if s.slug == slug)
    return next(f.value for f in section.figures if str(f.label) == label)


def test_the_coordinator_fixes_the_report_and_is_told_where_it_is(
    client: Any, carla_coordinator: Any
) -> None:
    c = file(D(2022, 1, 1))
    ContactFactory(client=c, occurred_at=at(D(2023, 2, 1)))
    client.force_login(carla_coordinator)
    page = client.get(
        reverse("stapteam:report") + "?van=2023-01-01&tot=2023-06-30&peildatum=2023-06-30"
    )
    assert "Vastleggen" in page.content.decode()
    response = client.post(
        reverse("stapteam:report_snapshot_create"), {**PERIOD, "omschrijving": "Kwartaal 2 2023"}
    )
    snapshot = ReportSnapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("stapteam:report_snapshot_list")
    listing = client.get(response["Location"]).content.decode()
    assert "De rapportage is vastgelegd." in listing
    assert reverse("stapteam:report_snapshot_detail", args=[snapshot.pk]) in listing
    assert "Kwartaal 2 2023" in listing and carla_coordinator.get_full_name() in listing
    assert (snapshot.period_start, snapshot.reference_date) == (D(2023, 1, 1), D(2023, 6, 30))
    assert snapshot.made_by == carla_coordinator
    assert figure(snapshot, "stand", "Actief (met contact)") == 1
    assert snapshot.history.get().history_user == carla_coordinator


def test_later_corrections_do_not_change_the_snapshot_and_the_comparison_shows_them(
    client: Any, pim_process_director: Any, anna_casemanager: Any
) -> None:
    c = file(D(2022, 1, 1))
    assign(c, anna_casemanager, D(2022, 1, 1))
    ContactFactory(client=c, author=anna_casemanager, occurred_at=at(D(2023, 2, 1)), minutes=60)
    snapshot = snapshot_of(pim_process_director)
    xlsx, docx = bytes(snapshot.xlsx), bytes(snapshot.docx)
    # A correction afterwards: a contact in the period, registered late, on another file.
    other = file(D(2022, 1, 1))
    ContactFactory(client=other, author=anna_casemanager, occurred_at=at(D(2023, 3, 1)), minutes=30)
    ContactFactory(client=c, author=anna_casemanager, occurred_at=at(D(2023, 2, 2)), minutes=90)

    snapshot = ReportSnapshot.objects.get(pk=snapshot.pk)
    assert figure(snapshot, "stand", "Actief (met contact)") == 1
    assert figure(snapshot, "uren", "02-2023 Team: direct (uur)") == Hours(Decimal(1))
    assert (bytes(snapshot.xlsx), bytes(snapshot.docx)) == (xlsx, docx)
    book = load_workbook(io.BytesIO(xlsx))
    stand = {row[0]: row[1] for row in book["Stand van zaken"].iter_rows(values_only=True)}
    assert stand["Actief (met contact)"] == 1

    client.force_login(pim_process_director)
    response = client.get(reverse("stapteam:report_snapshot_detail", args=[snapshot.pk]))
    assert response.status_code == 200
    rows = {row.label: row for section in response.context["sections"] for row in section.figures}
    active = rows["Actief (met contact)"]
    assert (active.then, active.now, active.changed, active.difference) == (1, 2, True, "+1")
    february = rows["02-2023 Team: direct (uur)"]
    assert (february.then, february.now, february.difference) == (
        Hours(Decimal(1)),
        Hours(Decimal("2.5")),
        "+1,5",
    )
    html = response.content.decode()
    assert 'data-changed="ja"' in html
    assert "zijn veranderd sinds het vastleggen" in html


def test_an_unchanged_report_compares_without_differences(
    client: Any, carla_coordinator: Any
) -> None:
    file(D(2022, 1, 1))
    snapshot = snapshot_of(carla_coordinator)
    client.force_login(carla_coordinator)
    response = client.get(reverse("stapteam:report_snapshot_detail", args=[snapshot.pk]))
    assert response.context["changes"] == 0
    assert "Geen enkel cijfer is veranderd sinds het vastleggen." in response.content.decode()


def test_the_database_refuses_to_change_a_snapshot(carla_coordinator: Any) -> None:
    snapshot = snapshot_of(carla_coordinator)
    changes: list[dict[str, Any]] = [
        {"figures": {"sections": []}},
        {"label": "Anders"},
        {"xlsx": b""},
    ]
    for change in changes:
        with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
            ReportSnapshot.objects.filter(pk=snapshot.pk).update(**change)
    assert ReportSnapshot.objects.get().label == "Kwartaal 1 en 2 2023"


def test_the_figures_come_back_exactly_as_they_were() -> None:
    values: list[Any] = [
        7,
        Decimal("5849.34"),
        Decimal("-0.10"),
        Hours(Decimal("27.4")),
        D(2024, 2, 29),
        None,
    ]
    sections = [Section("x", "Iets", [Figure(f"f{n}", v, n == 5) for n, v in enumerate(values)])]
    back = thaw(freeze(sections))
    assert [f.value for f in back[0].figures] == values
    assert [type(f.value) for f in back[0].figures] == [type(v) for v in values]
    assert back[0].figures[5].breakdown


def test_a_figure_only_then_or_only_now_is_marked() -> None:
    then = [Section("uren", "Uren", [Figure("03-2023 Anna: direct (uur)", Hours(Decimal(1)))])]
    now = [Section("uren", "Uren", [Figure("03-2023 Bram: direct (uur)", Hours(Decimal(2)))])]
    (section,) = compare(then, now)
    assert [(f.label, f.changed, str(f.missing)) for f in section.figures] == [
        ("03-2023 Anna: direct (uur)", True, "nu niet meer in de rapportage"),
        ("03-2023 Bram: direct (uur)", True, "nieuw sinds het vastleggen"),
    ]
    assert section.changes == 2


def test_the_files_download_as_they_were_made_with_the_private_headers(
    client: Any, carla_coordinator: Any
) -> None:
    snapshot = snapshot_of(carla_coordinator)
    client.force_login(carla_coordinator)
    url = reverse("stapteam:report_snapshot_download", args=[snapshot.pk])
    excel = client.get(url + "?formaat=xlsx")
    assert excel.status_code == 200
    assert excel.content == bytes(snapshot.xlsx)
    assert excel["Content-Disposition"].startswith("attachment")
    assert excel["Content-Disposition"].endswith('.xlsx"')
    assert_protective_headers(excel)
    assert load_workbook(io.BytesIO(excel.content))["Stand van zaken"]["A1"].value == "Onderdeel"
    word = client.get(url + "?formaat=docx")
    assert word.content == bytes(snapshot.docx)
    assert_protective_headers(word)
    assert (
        DocxDocument(io.BytesIO(word.content)).paragraphs[0].text == "Rapportage: stand van zaken"
    )


def test_policy_staff_and_casemanagers_neither_make_nor_see_snapshots(
    client: Any, bob_policy_officer: Any, anna_casemanager: Any, carla_coordinator: Any
) -> None:
    snapshot = snapshot_of(carla_coordinator)
    for user in (bob_policy_officer, anna_casemanager):
        client.force_login(user)
        create = client.post(reverse("stapteam:report_snapshot_create"), PERIOD)
        assert create.status_code == 403
        for name, args in [
            ("stapteam:report_snapshot_list", []),
            ("stapteam:report_snapshot_detail", [snapshot.pk]),
            ("stapteam:report_snapshot_download", [snapshot.pk]),
        ]:
            assert client.get(reverse(name, args=args)).status_code == 403
    client.force_login(bob_policy_officer)
    page = client.get(reverse("stapteam:report")).content.decode()
    assert "Vastleggen" not in page and "Vastgelegde rapportages" not in page
    assert ReportSnapshot.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"omschrijving": "k" * 81}, "Gebruik hoogstens 80 tekens (nu 81)."),
        ({"tot": "2022-12-31"}, "De einddatum moet op of na de begindatum liggen."),
        ({"van": "gisteren"}, "Vul de datum in als dd-mm-jjjj."),
    ],
)
def test_a_wrong_snapshot_is_refused_with_the_rule_and_nothing_stored(
    client: Any, carla_coordinator: Any, data: dict[str, str], message: str
) -> None:
    client.force_login(carla_coordinator)
    response = client.post(reverse("stapteam:report_snapshot_create"), {**PERIOD, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReportSnapshot.objects.exists()


def test_the_list_costs_a_fixed_number_of_queries(
    assert_fixed_queries: Any, carla_coordinator: Any, pim_process_director: Any
) -> None:
    snapshot_of(carla_coordinator)

    def more() -> None:
        for n in range(4):
            snapshot_of(pim_process_director if n % 2 else carla_coordinator, label=f"Versie {n}")

    assert_fixed_queries(
        carla_coordinator, reverse("stapteam:report_snapshot_list"), add_more=more, max_queries=11
    )


def test_the_comparison_costs_a_fixed_number_of_queries(
    assert_fixed_queries: Any, carla_coordinator: Any, bram_casemanager_ldh: Any
) -> None:
    assign(file(D(2022, 1, 1)), bram_casemanager_ldh, D(2022, 1, 1))
    snapshot = snapshot_of(carla_coordinator)

    def more() -> None:
        for n in range(10):
            c: Any = ClientFactory()
            assign(c, bram_casemanager_ldh if n % 2 else carla_coordinator, D(2022, 6, 1))
            ContactFactory(client=c, occurred_at=at(D(2023, 2, 1)))

    url = reverse("stapteam:report_snapshot_detail", args=[snapshot.pk])
    assert_fixed_queries(carla_coordinator, url, add_more=more, max_queries=35)
