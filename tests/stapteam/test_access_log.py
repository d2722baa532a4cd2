"""The NEN 7513 access log: what a read or a refusal writes, the database keeping it append-only,
and the pages where the coordinator and the beheerder read it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from stapteam.models import AccessLogEntry, Client
from tests.factories import ClientFactory, ContactFactory, EscalationFactory, GoalFactory

NOTE = "Vertelde over haar zus in Arnhem 7f3q"


@pytest.fixture
def annas_client(anna_casemanager: Any) -> Client:
    return ClientFactory.create(
        casemanager=anna_casemanager, call_name="Roos", full_name="Roos van Dijk"
    )


@pytest.fixture
def brams_client(bram_casemanager_ldh: Any) -> Client:
    return ClientFactory.create(casemanager=bram_casemanager_ldh, call_name="Daisy")


def log_rows(**filters: Any) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(**filters).order_by("id"))


# --- Writing -------------------------------------------------------------------------------------


def test_reading_a_client_file_writes_one_row(client, anna_casemanager, annas_client):
    client.force_login(anna_casemanager)

    response = client.get(
        reverse("stapteam:client_detail", args=[annas_client.pk]), REMOTE_ADDR="10.1.2.3"
    )

    assert response.status_code == 200
    [row] = log_rows()
    assert row.user == anna_casemanager
    assert row.roles == "casemanager"
    assert row.organisation == "IrisZorg"
    assert row.client_id == annas_client.pk
    assert (row.object_type, row.object_id) == ("client", str(annas_client.pk))
    assert (row.action, row.result) == ("read", "allowed")
    assert row.source_address == "10.1.2.3"
    assert row.reason == ""
    assert row.at.microsecond == 0


def test_the_address_follows_the_lock_outs_rule_behind_a_proxy(
    client, settings, anna_casemanager, annas_client
):
    """A forwarded address counts only behind a configured proxy, as for the login lock-out."""
    client.force_login(anna_casemanager)
    url = reverse("stapteam:client_detail", args=[annas_client.pk])
    client.get(url, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9")
    settings.AXES_IPWARE_PROXY_COUNT = 1
    # A client's own header first, then what the proxy appended: only the proxy's entry counts.
    client.get(url, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.4.5.6")
    forged, proxied = (row.source_address for row in log_rows())
    assert forged == "127.0.0.1"
    assert proxied == "10.4.5.6"


def test_a_page_under_the_file_is_logged_through_its_helper(client, anna_casemanager, annas_client):
    client.force_login(anna_casemanager)

    client.get(reverse("stapteam:client_edit", args=[annas_client.pk]))

    [row] = log_rows()
    assert (row.object_type, row.action, row.client_id) == ("client", "read", annas_client.pk)


@pytest.mark.django_db(transaction=True)
def test_a_refused_attempt_writes_a_denied_row_that_survives_the_rollback(
    client, anna_casemanager, brams_client
):
    """The helper raises (404), which rolls back the view's transaction; the row stays."""
    client.force_login(anna_casemanager)

    response = client.get(reverse("stapteam:client_edit", args=[brams_client.pk]))

    assert response.status_code == 404
    [row] = log_rows()
    assert (row.user, row.client_id, row.result) == (anna_casemanager, brams_client.pk, "denied")


def test_a_refused_file_page_writes_a_denied_row(client, pim_process_director, brams_client):
    client.force_login(pim_process_director)

    response = client.get(reverse("stapteam:client_detail", args=[brams_client.pk]))

    assert response.status_code == 404
    [row] = log_rows()
    assert (row.user, row.client_id, row.result) == (
        pim_process_director,
        brams_client.pk,
        "denied",
    )


def test_probing_an_id_that_does_not_exist_is_not_logged(client, anna_casemanager):
    client.force_login(anna_casemanager)

    client.get(reverse("stapteam:client_edit", args=[987654]))

    assert log_rows() == []


def test_break_the_glass_is_logged_with_its_reason(client, anna_casemanager, brams_client):
    client.force_login(anna_casemanager)

    client.post(
        reverse("stapteam:client_access", args=[brams_client.pk]),
        {"reason": "Bram is ziek, ik neem waar"},
    )

    [with_reason] = log_rows(reason="Bram is ziek, ik neem waar")
    assert (with_reason.client_id, with_reason.user) == (brams_client.pk, anna_casemanager)


def test_a_filtered_team_list_is_logged_as_a_search_without_the_terms(client, carla_coordinator):
    client.force_login(carla_coordinator)

    client.get(reverse("stapteam:client_list"), {"status": "active"})

    [row] = log_rows()
    assert (row.action, row.object_type, row.object_id) == ("search", "client_list", "")


def test_the_row_holds_no_name_and_no_note(client, anna_casemanager, annas_client):
    ContactFactory.create(client=annas_client, author=anna_casemanager, note=NOTE)
    client.force_login(anna_casemanager)
    client.get(reverse("stapteam:client_detail", args=[annas_client.pk]))

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM stapteam_accesslogentry")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert stored
    for secret in ("Roos", "van Dijk", annas_client.phone, "Anna", NOTE):
        assert secret not in stored


# --- The database keeps it append-only -----------------------------------------------------------


def test_database_refuses_update_and_delete(anna_casemanager):
    row = AccessLogEntry.objects.create(
        user=anna_casemanager, object_type="client", object_id="1", action="read"
    )
    for sql in (
        "UPDATE stapteam_accesslogentry SET action = 'update' WHERE id = %s",
        "DELETE FROM stapteam_accesslogentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [row.pk])
    assert AccessLogEntry.objects.filter(pk=row.pk, action="read").exists()


@pytest.mark.django_db(transaction=True)
def test_database_allows_the_retention_purge(anna_casemanager):
    row = AccessLogEntry.objects.create(
        user=anna_casemanager, object_type="client", object_id="1", action="read"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL stap.retention = 'on'")
        cursor.execute("DELETE FROM stapteam_accesslogentry WHERE id = %s", [row.pk])
    assert not AccessLogEntry.objects.filter(pk=row.pk).exists()
    # SET LOCAL ends with its transaction: the next delete is refused again.
    other = AccessLogEntry.objects.create(object_type="client", object_id="2", action="read")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM stapteam_accesslogentry WHERE id = %s", [other.pk])


# --- Reading the log -----------------------------------------------------------------------------


def test_coordinator_sees_a_colleagues_read_and_her_reading_is_logged(
    client, anna_casemanager, carla_coordinator, annas_client
):
    client.force_login(anna_casemanager)
    client.get(reverse("stapteam:client_detail", args=[annas_client.pk]))
    client.force_login(carla_coordinator)

    response = client.get(reverse("stapteam:access_log_client", args=[annas_client.pk]))

    assert response.status_code == 200
    assert [e.user for e in response.context["page"]] == [anna_casemanager]
    assert str(anna_casemanager) in response.content.decode()
    [reading] = log_rows(user=carla_coordinator)
    assert (reading.object_type, reading.client_id) == ("access_log", annas_client.pk)


def test_the_client_file_links_to_its_log_for_the_coordinator_only(
    client, anna_casemanager, carla_coordinator, annas_client
):
    url = reverse("stapteam:access_log_client", args=[annas_client.pk])
    detail = reverse("stapteam:client_detail", args=[annas_client.pk])
    client.force_login(carla_coordinator)
    assert url in client.get(detail).content.decode()
    client.force_login(anna_casemanager)
    assert url not in client.get(detail).content.decode()


@pytest.mark.parametrize("name", ["anna_casemanager", "sanne_secretariat"])
def test_casemanager_and_secretariat_cannot_read_the_log(request, client, name, annas_client):
    user = request.getfixturevalue(name)
    client.force_login(user)
    for url in (
        reverse("stapteam:access_log_client", args=[annas_client.pk]),
        reverse("stapteam:access_log_user", args=[user.pk]),
        reverse("stapteam:access_log_reasons"),
    ):
        assert client.get(url).status_code == 403


def test_functional_admin_reads_a_users_log(client, fenna_functional_admin, anna_casemanager):
    AccessLogEntry.objects.create(
        user=anna_casemanager, object_type="stay", object_id="7", action="read"
    )
    client.force_login(fenna_functional_admin)

    response = client.get(reverse("stapteam:access_log_user", args=[anna_casemanager.pk]))

    assert response.status_code == 200
    assert [e.object_type for e in response.context["page"]] == ["stay"]


def test_break_the_glass_list_shows_the_reason(
    client, anna_casemanager, carla_coordinator, brams_client
):
    client.force_login(anna_casemanager)
    client.post(
        reverse("stapteam:client_access", args=[brams_client.pk]),
        {"reason": "Waarneming voor een zieke collega"},
    )
    client.force_login(carla_coordinator)

    response = client.get(reverse("stapteam:access_log_reasons"))

    assert response.status_code == 200
    assert "Waarneming" in response.content.decode()
    assert brams_client.code in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "args"),
    [("access_log_client", "client"), ("access_log_user", "user"), ("access_log_reasons", None)],
)
def test_log_pages_have_a_fixed_query_count(
    assert_fixed_queries, carla_coordinator, anna_casemanager, annas_client, url_name, args
):
    pks = {"client": [annas_client.pk], "user": [anna_casemanager.pk], None: []}[args]

    def add_more() -> None:
        for n in range(30):
            other = ClientFactory.create()
            AccessLogEntry.objects.create(
                user=anna_casemanager,
                roles="casemanager",
                client=annas_client if n % 2 else other,
                object_type="client",
                object_id=str(other.pk),
                action="read",
                reason="Waarneming" if n % 3 else "",
            )

    # 11-13: session, user, 2FA device, permissions, the bell, the rows of the page (no count:
    # keyset pages), their names, and writing the read's row. Start with rows: an empty page
    # needs no query for its rows.
    add_more()
    assert_fixed_queries(
        carla_coordinator,
        reverse(f"stapteam:{url_name}", args=pks),
        add_more=add_more,
        max_queries=13,
    )


@pytest.mark.django_db
def test_contact_goal_and_escalation_pages_are_logged_with_their_client(
    client, anna_casemanager, pim_process_director
) -> None:
    her = ClientFactory.create(casemanager=anna_casemanager)
    contact = ContactFactory.create(client=her, author=anna_casemanager)
    goal = GoalFactory.create(client=her, created_by=anna_casemanager)
    escalation = EscalationFactory.create(client=her, raised_by=anna_casemanager)
    client.force_login(anna_casemanager)
    client.get(reverse("stapteam:contact_edit", args=[contact.pk]))
    client.get(reverse("stapteam:goal_edit", args=[goal.pk]))
    client.force_login(pim_process_director)
    client.get(reverse("stapteam:escalation_detail", args=[escalation.pk]))
    logged = set(
        AccessLogEntry.objects.filter(client_id=her.pk).values_list("object_type", "action")
    )
    assert {("contact", "read"), ("goal", "read"), ("escalation", "read")} <= logged


def _many_reads(client_pk: int, count: int) -> None:
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            object_type="client", object_id=str(client_pk), action="read", client_id=client_pk
        )
        for _ in range(count)
    )


def test_the_log_is_paged_and_htmx_fetches_only_the_older_rows(
    client, carla_coordinator, annas_client
):
    _many_reads(annas_client.pk, 120)
    url = reverse("stapteam:access_log_client", args=[annas_client.pk])
    client.force_login(carla_coordinator)

    first = client.get(url)
    html = first.content.decode()
    assert len(first.context["page"]) == 50 and html.count('class="card mb-2') == 50
    assert "Oudere regels" in html and "Nieuwere regels" not in html and "Pagina" not in html

    older = first.context["page"].older
    assert f"?ouder={older}" in html
    second = client.get(url, {"ouder": older}, headers={"HX-Request": "true"})
    fragment = client.get(
        url, {"ouder": second.context["page"].older}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in fragment and 'id="log-entries"' in fragment
    # Her own readings of this log were logged too; the older pages do not show them again.
    assert fragment.count('class="card mb-2') == 20
    assert "Oudere regels" not in fragment and "Nieuwere regels" in fragment


def test_the_log_pages_cost_fixed_queries(assert_fixed_queries, carla_coordinator, annas_client):
    url = reverse("stapteam:access_log_client", args=[annas_client.pk])
    _many_reads(annas_client.pk, 3)
    # 13: the names of the page's clients cost one; keyset pages need no count and no newest row.
    assert_fixed_queries(
        carla_coordinator, url, add_more=lambda: _many_reads(annas_client.pk, 2000), max_queries=13
    )


def test_the_login_lock_out_takes_the_same_address(rf, settings):
    from axes.helpers import get_client_ip_address

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.4.5.6")
    assert get_client_ip_address(request) == "127.0.0.1"  # no proxy set: the header is ignored
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert get_client_ip_address(request) == "10.4.5.6"
