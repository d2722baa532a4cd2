"""The ZRM page: one chart per life domain on a time axis, the domain-by-moment table, each
measurement's own page, and the moment a new measurement starts with."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from stapteam.caseload import services
from stapteam.models import (
    AccessLogEntry,
    Client,
    DomainSet,
    LifeDomain,
    PeerLink,
    ZrmAssessment,
)
from stapteam.models.plans import ZRM_LABELS
from tests.factories import ClientFactory, EscalationFactory

pytestmark = pytest.mark.usefixtures("as_system")

DAY = datetime.timedelta(days=1)


@pytest.fixture
def annas_client(anna_casemanager: Any) -> Client:
    return ClientFactory.create(casemanager=anna_casemanager, call_name="Roos")


def domains() -> list[LifeDomain]:
    return list(DomainSet.default().domains.all())


def record(
    client: Client, who: Any, on: datetime.date, score: Any, moment: str = "progress"
) -> ZrmAssessment:
    """A measurement: `score` is a number for every domain or a function of the domain's index;
    None leaves that domain unscored with a reason."""
    rows = []
    for i, d in enumerate(domains()):
        n = score(i) if callable(score) else score
        rows.append((d, n, "" if n else "Wilde er niet over praten", 4 if i == 0 else None))
    return services.record_zrm(
        client=client, assessed_on=on, moment=moment, assessor=who, scores=rows
    )


def chart_of(html: str) -> dict[str, Any]:
    match = re.search(
        r'<script id="zrm-chart-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "the chart's JSON script tag is missing"
    return json.loads(match.group(1))


@pytest.mark.django_db
def test_the_chart_gives_each_domain_its_scores_at_their_real_dates(
    client, anna_casemanager, annas_client
):
    today = timezone.localdate()
    long_ago, last_month = today - 400 * DAY, today - 30 * DAY
    first = record(annas_client, anna_casemanager, long_ago, 2, moment="intake")
    # The second measurement leaves the last domain unscored: that domain's chart has a gap.
    second = record(annas_client, anna_casemanager, last_month, lambda i: None if i == 11 else 3)
    third = record(annas_client, anna_casemanager, today, 4)
    client.force_login(anna_casemanager)

    response = client.get(reverse("stapteam:zrm_overview", args=[annas_client.pk]))

    assert response.status_code == 200
    chart = chart_of(response.content.decode())
    assert [d["name"] for d in chart["domains"]] == [d.name for d in domains()]
    assert chart["labels"] == {str(n): str(label) for n, label in ZRM_LABELS.items()}
    url = lambda a: reverse("stapteam:zrm_detail", args=[a.pk])  # noqa: E731
    assert chart["domains"][0]["points"] == [
        {"x": long_ago.isoformat(), "y": 2, "moment": "Intake", "url": url(first)},
        {"x": last_month.isoformat(), "y": 3, "moment": "Voortgang", "url": url(second)},
        {"x": today.isoformat(), "y": 4, "moment": "Voortgang", "url": url(third)},
    ]
    # The dashed target line: the latest measurement's target, only where it has one.
    assert [d["target"] for d in chart["domains"]] == [4] + [None] * 11
    assert [(p["x"], p["y"]) for p in chart["domains"][11]["points"]] == [
        (long_ago.isoformat(), 2),
        (today.isoformat(), 4),
    ]
    # Twelve small charts, each drawing its own domain from that JSON.
    assert (
        len(re.findall(r'<canvas class="zrm-chart" data-domain="\d+"', response.content.decode()))
        == 12
    )


@pytest.mark.django_db
def test_the_table_shows_every_score_with_its_number_and_label(
    client, anna_casemanager, annas_client
):
    today = timezone.localdate()
    record(annas_client, anna_casemanager, today - 60 * DAY, lambda i: i % 5 + 1, "intake")
    record(annas_client, anna_casemanager, today, lambda i: None if i == 0 else 5)
    client.force_login(anna_casemanager)

    html = client.get(reverse("stapteam:zrm_overview", args=[annas_client.pk])).content.decode()

    table = html[html.index('class="table table-sm align-middle zrm-table') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert len(rows) == 12
    for i, (d, row) in enumerate(zip(domains(), rows, strict=True)):
        assert escape(d.name) in row
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        first = i % 5 + 1
        # Not colour alone: the number and the label stand in each cell.
        assert f'<span class="badge zrm-{first}">{first}</span>' in cells[0]
        assert str(ZRM_LABELS[first]) in cells[0]
        if i == 0:
            assert "Niet gescoord" in cells[1]
        else:
            assert '<span class="badge zrm-5">5</span>' in cells[1]
            assert "Volledig zelfredzaam" in cells[1]
        assert cells[2] == ("4" if i == 0 else "—")


@pytest.mark.django_db
def test_each_measurement_opens_from_the_table(client, anna_casemanager, annas_client):
    today = timezone.localdate()
    older = record(annas_client, anna_casemanager, today - 90 * DAY, 2, "intake")
    newer = record(annas_client, anna_casemanager, today, 3)
    client.force_login(anna_casemanager)

    html = client.get(reverse("stapteam:zrm_overview", args=[annas_client.pk])).content.decode()

    for a in (older, newer):
        assert f'href="{reverse("stapteam:zrm_detail", args=[a.pk])}"' in html


@pytest.mark.django_db
def test_the_measurement_page_shows_its_scores_reasons_and_neighbours(
    client, anna_casemanager, annas_client
):
    today = timezone.localdate()
    older = record(annas_client, anna_casemanager, today - 90 * DAY, 2, "intake")
    middle = record(annas_client, anna_casemanager, today - 30 * DAY, lambda i: None if i else 3)
    newer = record(annas_client, anna_casemanager, today, 4)
    client.force_login(anna_casemanager)

    response = client.get(reverse("stapteam:zrm_detail", args=[middle.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="badge zrm-3">3</span> Beperkt zelfredzaam' in html
    assert html.count("Niet gescoord: Wilde er niet over praten") == 11
    assert f'href="{reverse("stapteam:zrm_detail", args=[older.pk])}"' in html
    assert f'href="{reverse("stapteam:zrm_detail", args=[newer.pk])}"' in html
    entry = AccessLogEntry.objects.filter(object_type="zrm_assessment").get()
    assert (entry.user, entry.object_id, entry.client_id) == (
        anna_casemanager,
        str(middle.pk),
        annas_client.pk,
    )


@pytest.mark.django_db
def test_the_measurement_page_opens_for_whom_the_zrm_page_opens(
    client,
    anna_casemanager,
    bram_casemanager_ldh,
    carla_coordinator,
    pim_process_director,
    esther_peer_worker,
    annas_client,
):
    assessment = record(annas_client, anna_casemanager, timezone.localdate(), 3, "intake")
    PeerLink.objects.create(
        client=annas_client, peer_worker=esther_peer_worker, started_on=timezone.localdate()
    )
    url = reverse("stapteam:zrm_detail", args=[assessment.pk])
    expected = {
        anna_casemanager: 200,
        carla_coordinator: 200,
        esther_peer_worker: 403,  # the peer worker's scope has no ZRM
        bram_casemanager_ldh: 404,  # not her client
        pim_process_director: 404,  # not escalated, not monitored
    }
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(url).status_code == status, user
    # Procesregie opens it once the client is escalated to her.
    EscalationFactory.create(client=annas_client, raised_by=anna_casemanager)
    client.force_login(pim_process_director)
    assert client.get(url).status_code == 200
    client.force_login(anna_casemanager)
    assert client.get(reverse("stapteam:zrm_detail", args=[assessment.pk + 999])).status_code == 404


@pytest.mark.django_db
def test_the_measurement_page_runs_a_fixed_number_of_queries(
    assert_fixed_queries, anna_casemanager, annas_client
):
    assessment = record(
        annas_client, anna_casemanager, timezone.localdate() - 60 * DAY, 3, "intake"
    )

    def more() -> None:
        for i in range(4):
            record(annas_client, anna_casemanager, timezone.localdate() - (30 - i) * DAY, 2)

    assert_fixed_queries(
        anna_casemanager,
        reverse("stapteam:zrm_detail", args=[assessment.pk]),
        add_more=more,
        max_queries=15,
    )


# --- The moment of a new measurement -------------------------------------------------------------


def selected_moment(html: str) -> str:
    select = html[html.index('name="moment"') :]
    select = select[: select.index("</select>")]
    match = re.search(r'<option value="(\w+)" selected>', select)
    assert match, select
    return match.group(1)


@pytest.mark.django_db
def test_the_first_measurement_starts_as_intake_and_later_ones_as_progress(
    client, anna_casemanager, annas_client
):
    client.force_login(anna_casemanager)
    url = reverse("stapteam:zrm_create", args=[annas_client.pk])

    assert selected_moment(client.get(url).content.decode()) == "intake"

    record(annas_client, anna_casemanager, timezone.localdate() - DAY, 3, "intake")
    html = client.get(url).content.decode()
    assert selected_moment(html) == "progress"
    select = html[
        html.index('name="moment"') : html.index("</select>", html.index('name="moment"'))
    ]
    assert 'value="intake"' not in select  # one intake per client


@pytest.mark.django_db
def test_a_second_intake_is_refused_with_the_rule(client, anna_casemanager, annas_client):
    record(annas_client, anna_casemanager, timezone.localdate() - DAY, 3, "intake")
    client.force_login(anna_casemanager)
    data: dict[str, Any] = {"assessed_on": timezone.localdate().isoformat(), "moment": "intake"}
    for d in domains():
        data |= {f"score_{d.pk}": "3", f"reason_{d.pk}": "", f"target_{d.pk}": ""}

    response = client.post(reverse("stapteam:zrm_create", args=[annas_client.pk]), data)

    assert response.status_code == 200
    assert (
        "Deze cliënt heeft al een intakemeting: kies Voortgang, Evaluatie of Uitstroom."
        in response.content.decode()
    )
    assert ZrmAssessment.objects.count() == 1
    with pytest.raises(ValidationError, match="al een intakemeting"):
        record(annas_client, anna_casemanager, timezone.localdate(), 3, "intake")
    assert ZrmAssessment.objects.count() == 1
