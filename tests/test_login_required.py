"""Every URL of STAP, walked from the URLconf, sends an anonymous visitor to the login page."""

from __future__ import annotations

import re

import pytest
from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.urls import get_resolver, reverse

# Open without login, on purpose.
PUBLIC_PATHS = {"/inloggen/", "/health/live/", "/health/ready/"}


def all_paths() -> list[str]:
    paths = set()
    for _view, regex, _namespace, _name in extract_views_from_urlpatterns(
        get_resolver().url_patterns
    ):
        # Fill every parameter with a harmless sample value.
        paths.add(re.sub(r"<[^>]+>", "1", simplify_regex(regex)))  # type: ignore[arg-type]
    return sorted(paths)


def test_the_walk_finds_the_pages_we_know() -> None:
    paths = all_paths()
    assert "/" in paths
    assert "/gebruikers/1/historie/" in paths
    assert "/beheer/" in paths


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p in all_paths() if p not in PUBLIC_PATHS])
def test_anonymous_visitor_is_sent_to_login(client, path: str) -> None:
    response = client.get(path, follow=True)
    login_url = reverse("stapteam:login")
    assert response.redirect_chain, f"{path} answered {response.status_code} without login"
    final_url, _status = response.redirect_chain[-1]
    assert final_url.startswith(login_url), f"{path} redirected to {final_url}"
    assert response.status_code == 200


@pytest.mark.django_db
def test_login_page_is_open(client) -> None:
    response = client.get(reverse("stapteam:login"))
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()
