"""The liveness and readiness URLs: open without login, and they tell nothing but a status."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from stapteam.platform import health

LIVE = "/health/live/"
READY = "/health/ready/"


def test_the_urls_are_the_documented_ones() -> None:
    assert reverse("stapteam:health_live") == LIVE
    assert reverse("stapteam:health_ready") == READY


@pytest.mark.django_db
def test_liveness_answers_without_login_and_asks_no_database(
    plain_client, django_assert_num_queries
) -> None:
    with django_assert_num_queries(0):
        response = plain_client.get(LIVE)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in "".join(response.cookies)


@pytest.mark.django_db
def test_readiness_is_ok_when_migrated_in_one_query(
    plain_client, django_assert_num_queries
) -> None:
    health.expected_migrations()  # read from disk once per process
    with django_assert_num_queries(1):
        response = plain_client.get(READY)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_fails_when_a_migration_is_missing_and_names_none(plain_client) -> None:
    MigrationRecorder.Migration.objects.filter(app="timeout").order_by("-id")[:1].get().delete()
    response = plain_client.get(READY)
    assert response.status_code == 503
    assert response.json() == {"status": "niet gereed"}


@pytest.mark.django_db
def test_readiness_fails_when_the_database_does_not_answer(plain_client, monkeypatch) -> None:
    def unreachable() -> set[tuple[str, str]]:
        raise DatabaseError("connection refused to 10.0.0.5 as stap")

    monkeypatch.setattr(health, "applied_migrations", unreachable)
    response = plain_client.get(READY)
    assert response.status_code == 503
    assert response.content == b'{"status": "niet gereed"}'


@pytest.mark.django_db
def test_logged_in_user_gets_the_same_answer(client, carla_coordinator) -> None:
    client.force_login(carla_coordinator)
    assert client.get(READY).json() == {"status": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIVE, READY])
def test_health_urls_save_nothing(client, carla_coordinator, url: str) -> None:
    client.force_login(carla_coordinator)
    assert client.post(url).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIVE, READY])
def test_health_answers_plain_http_when_https_is_enforced(plain_client, settings, url) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert plain_client.get(url).status_code == 200
    assert plain_client.get(reverse("stapteam:login")).status_code == 301
