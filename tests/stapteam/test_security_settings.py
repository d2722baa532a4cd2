"""Production settings pass Django's deploy check; HTTPS headers and cookies; error pages."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.conftest import assert_protective_headers

ROOT = Path(__file__).resolve().parents[2]


def production_env() -> dict[str, str]:
    """What a production server has: no .env file, DEBUG off, a real key, its host name."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    return {
        **env,
        "STAP_ENV_FILE": "/dev/null",
        "DEBUG": "false",
        "DEMO_MODE": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "stap.nijmegen.invalid",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://stap:stap@127.0.0.1:5432/stap"),
    }


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_passes_with_production_settings() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_host_bound_and_hsts_lasts_a_year() -> None:
    script = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_AGE)"
    )
    result = manage("shell", "-v", "0", "-c", script)
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "31536000",
        "True",
        "43200",  # the cookie lasts as long as the absolute session limit of 12 hours
    ], result.stderr


@pytest.mark.django_db
def test_https_answers_carry_hsts(client, settings) -> None:
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    response = client.get(reverse("stapteam:login"), secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert_protective_headers(response)


@pytest.mark.django_db
def test_not_found_page_echoes_nothing(client, carla_coordinator) -> None:
    client.force_login(carla_coordinator)
    response = client.get("/clienten/999999/<script>alert(1)</script>/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in text
    assert "999999" not in text and "<script>alert" not in text
    assert_protective_headers(response)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.stapteam.urls_failing", DEBUG=False)
def test_server_error_page_leaks_nothing(client, carla_coordinator) -> None:
    client.raise_request_exception = False
    client.force_login(carla_coordinator)
    response = client.get("/kapot/")
    text = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in text
    for secret in ("Roos", "STAP-0042", "RuntimeError", "Traceback", "kapot"):
        assert secret not in text
    assert_protective_headers(response)
