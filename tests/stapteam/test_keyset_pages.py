"""Keyset pages of the access log and the history (issue 18): "Oudere regels" / "Nieuwere regels"
carry the edge row's (moment, id); rows that arrive between clicks neither repeat nor hide a row,
no page counts the table, and a bad key gets the newest page."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stapteam.models import AccessLogEntry, Client
from stapteam.platform.actor import acting_as
from stapteam.platform.history import PER_PAGE
from stapteam.platform.keyset import decode_key, encode_key
from tests.factories import ClientFactory, ContactFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
BAD_KEYS = ["abc", "12", "12-", "-5", "1-2-3", "1.5-3", "١٢-٣", "1-" + "9" * 20, "9" * 30 + "-1"]


@pytest.fixture
def her(anna_casemanager: Any) -> Client:
    return ClientFactory.create(casemanager=anna_casemanager)


def reads(her: Client, count: int) -> None:
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(object_type="client", object_id=str(her.pk), client_id=her.pk, action="read")
        for _ in range(count)
    )


def ids(response: Any) -> list[int]:
    assert response.status_code == 200
    return [entry.pk for entry in response.context["page"]]


def test_a_key_is_a_moment_and_an_id_and_anything_else_is_no_key() -> None:
    moment = datetime.datetime(2026, 12, 2, 4, 5, 6, 789012, tzinfo=datetime.UTC)
    assert encode_key(moment, 42) == "1796184306789012-42"
    assert decode_key(encode_key(moment, 42)) == (moment, 42)
    for bad in [None, "", *BAD_KEYS]:
        assert decode_key(bad) is None, bad


def test_log_pages_neither_repeat_nor_skip_rows_when_new_rows_arrive_between_clicks(
    client, carla_coordinator, her
):
    reads(her, 120)
    before = list(AccessLogEntry.objects.order_by("-at", "-id").values_list("id", flat=True))
    url = reverse("stapteam:access_log_client", args=[her.pk])
    client.force_login(carla_coordinator)

    first = client.get(url)
    reads(her, 30)  # colleagues open her file while the coordinator reads
    second = client.get(url, {"ouder": first.context["page"].older}, headers=HTMX)
    reads(her, 30)
    third = client.get(url, {"ouder": second.context["page"].older}, headers=HTMX)

    assert ids(first) + ids(second) + ids(third) == before
    assert len(ids(third)) == 20 and not third.context["page"].older
    # Back up: the rows of the second page again, and a way on to the rows that arrived.
    back = client.get(url, {"nieuwer": third.context["page"].newer}, headers=HTMX)
    assert ids(back) == ids(second)
    up = client.get(url, {"nieuwer": back.context["page"].newer})
    assert ids(up) == ids(first)
    assert up.context["page"].newer  # the 60 rows and her own readings that came since


def test_the_filtered_log_pages_keep_the_filter_and_the_key_only(
    client, carla_coordinator, anna_casemanager, her
):
    reads(her, 60)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(object_type="goal", object_id="1", user=anna_casemanager, action="read")
        for _ in range(60)
    )
    url = reverse("stapteam:access_log_list")
    client.force_login(carla_coordinator)

    first = client.get(url, {"soort": "client", "pagina": "3", "tot": "7"})
    links = first.content.decode().split("stap-pagination")[1]
    older = first.context["page"].older
    assert f'href="?soort=client&amp;ouder={older}"' in links
    assert "pagina=" not in links and "tot=" not in links
    second = client.get(url, {"soort": "client", "ouder": older})
    shown = AccessLogEntry.objects.filter(pk__in=ids(first) + ids(second))
    assert len(ids(second)) == 10 and set(shown.values_list("object_type", flat=True)) == {"client"}


@pytest.mark.parametrize("param", ["ouder", "nieuwer"])
@pytest.mark.parametrize("bad", [*BAD_KEYS, "0-0", "9" * 17 + "-1"])
def test_a_bad_or_lost_key_gets_the_newest_page(client, carla_coordinator, her, param, bad):
    reads(her, 60)
    url = reverse("stapteam:access_log_list")
    client.force_login(carla_coordinator)
    newest = ids(client.get(url, {"soort": "client"}))  # her own readings are not of this kind
    if (param, bad) == ("nieuwer", "0-0"):  # a real key: newer than 1970 is the oldest rows
        return
    response = client.get(url, {"soort": "client", param: bad})
    assert ids(response) == newest
    if bad in BAD_KEYS:
        assert not response.context["page"].newer


def test_an_older_log_page_costs_fixed_queries_and_counts_nothing(
    assert_fixed_queries, client, carla_coordinator, her
):
    reads(her, 120)
    key = encode_key(*AccessLogEntry.objects.values_list("at", "id").order_by("-at", "-id")[10])
    url = reverse("stapteam:access_log_client", args=[her.pk]) + f"?ouder={key}"
    # Session, user, 2FA device, permissions, the bell, the page's rows and one more, the
    # clients' names, the organisation, writing the read.
    assert_fixed_queries(carla_coordinator, url, add_more=lambda: reads(her, 2000), max_queries=13)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert len(ids(response)) == 50 and response.context["page"].older
    table = AccessLogEntry._meta.db_table
    assert not any("COUNT(" in q["sql"] and table in q["sql"] for q in ctx.captured_queries)


# --- History --------------------------------------------------------------------------------------


def correct(contact: Any, by: Any, count: int, start: int) -> None:
    from stapteam.caseload import services

    for n in range(start, start + count):
        with acting_as(by):
            services.correct_contact(contact=contact, by=by, note=f"Versie {n}")


def versions_on(response: Any) -> list[int]:
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    return [int(n) for n in re.findall(r"<ins>Versie (\d+)</ins>", page)]


def test_history_pages_neither_repeat_nor_skip_when_she_corrects_between_clicks(
    client, anna_casemanager, her
):
    contact = ContactFactory.create(client=her, author=anna_casemanager, note="Versie 0")
    correct(contact, anna_casemanager, 2 * PER_PAGE + 4, start=1)
    url = reverse("stapteam:history", args=["contact", contact.pk])
    client.force_login(anna_casemanager)

    first = client.get(url)
    correct(contact, anna_casemanager, 3, start=500)
    second = client.get(url, {"ouder": first.context["page"].older}, headers=HTMX)
    third = client.get(url, {"ouder": second.context["page"].older}, headers=HTMX)

    newest = 2 * PER_PAGE + 4
    assert versions_on(first) == list(range(newest, newest - PER_PAGE, -1))
    # The third page ends with the contact as it was made ("Versie 0", aangemaakt).
    assert versions_on(first) + versions_on(second) + versions_on(third) == list(
        range(newest, -1, -1)
    )
    assert "aangemaakt" in third.content.decode() and not third.context["page"].older
    # Back up: the oldest change of the page is compared with the version before it.
    back = client.get(url, {"nieuwer": third.context["page"].newer})
    assert versions_on(back) == versions_on(second)
    assert "<del>Versie 4</del> → <ins>Versie 5</ins>" in html.unescape(back.content.decode())


@pytest.mark.parametrize("bad", ["abc", "1-" + "9" * 20])
def test_a_bad_history_key_gets_the_newest_page(client, anna_casemanager, her, bad):
    contact = ContactFactory.create(client=her, author=anna_casemanager, note="Versie 0")
    correct(contact, anna_casemanager, 3, start=1)
    url = reverse("stapteam:history", args=["contact", contact.pk])
    client.force_login(anna_casemanager)
    assert versions_on(client.get(url, {"ouder": bad})) == [3, 2, 1, 0]


def test_a_newer_history_page_costs_fixed_queries(assert_fixed_queries, anna_casemanager, her):
    contact = ContactFactory.create(client=her, author=anna_casemanager, note="Versie 0")
    correct(contact, anna_casemanager, 3, start=1)
    oldest = contact.history.order_by("history_date", "history_id").first()
    key = encode_key(oldest.history_date, oldest.history_id)
    url = reverse("stapteam:history", args=["contact", contact.pk]) + f"?nieuwer={key}"
    more = lambda: correct(contact, anna_casemanager, 40, start=10)  # noqa: E731
    assert_fixed_queries(anna_casemanager, url, add_more=more, max_queries=25)
