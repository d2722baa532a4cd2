"""Smoke test: STAP under gunicorn with production settings, as a user reaches it over HTTP.

Production settings (no .env, DEBUG off, a generated secret key, the connection pool, the collected
static files served by WhiteNoise), plain HTTP on loopback, so only there: no HTTPS redirect and no
Secure cookies (a browser never sends `__Host-` cookies over HTTP). Demo mode for the login with
the password alone, which STAP allows only while ALLOWED_HOSTS names this machine alone.
"""

from __future__ import annotations

import re
import secrets

import pytest
from django.db import connection

from stapteam.platform import serving
from stapteam.platform.roles import Role
from tests.factories import TEST_PASSWORD, ClientFactory, UserFactory
from tests.servers import (
    Browserless,
    backend_pid,
    free_port,
    give_server_password,
    open_connections,
    running,
)

POOL = 2
APP_NAME = "stap-smoke-test"


def production_env(port: int) -> dict[str, str]:
    """Production settings on loopback (stapteam/platform/serving.py), without .env; one worker
    with a small pool, and demo mode for the login with the password alone."""
    settings = serving.production_env(
        port, workers=1, threads=POOL, secret_key=secrets.token_urlsafe(50), demo_mode=True
    )
    return {**settings, "STAP_ENV_FILE": "/dev/null", "LOG_LEVEL": "WARNING", "PGAPPNAME": APP_NAME}


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_login_home_and_a_client_file() -> None:
    anna = UserFactory.create(username="demo_anna", roles=[Role.CASEMANAGER], is_demo=True)
    give_server_password(anna, TEST_PASSWORD)
    file = ClientFactory.create(casemanager=anna)
    port = free_port()
    with running(serving.gunicorn_command(), production_env(port), port) as base:
        assert Browserless(base).get("/health/live/")[0] == 200
        user = Browserless(base)
        status, home, url = user.log_in("demo_anna", TEST_PASSWORD)
        assert (status, url) == (200, f"{base}/")
        assert "Demomodus" in home
        assert "Uitloggen" in home

        stylesheet = re.search(r'href="(/static/css/stap\.[0-9a-f]{12}\.css)"', home)
        assert stylesheet, "the page links the collected, hashed stylesheet"
        assert user.get(stylesheet[1])[0] == 200

        status, page, _url = user.get(f"/clienten/{file.pk}/")
        assert status == 200
        assert file.code in page

        status, page, _url = user.get("/clienten/999999/")
        assert status == 404
        assert "Traceback" not in page
        # The pool: one worker never holds more than DB_POOL_MAX_SIZE connections.
        assert open_connections(connection.settings_dict["NAME"], {backend_pid()}, APP_NAME) <= POOL
