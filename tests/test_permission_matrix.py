"""Every page and every role: the allowed roles get in, the others get 403 or 404, never a 500.

Later issues add their pages to PAGES; a test fails while a named page is missing here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stapteam.roles import Role
from tests.conftest import CAST

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class Page:
    url_name: str
    allowed: frozenset[Role]
    # Builds the URL's arguments from the cast (a dict role -> user); None: no arguments.
    args: Callable[[dict[Role, Any]], list[Any]] | None = None


PAGES = [
    Page("stapteam:home", ALL_ROLES),
    Page("stapteam:user_list", frozenset({Role.FUNCTIONAL_ADMIN})),
    Page(
        "stapteam:user_edit",
        frozenset({Role.FUNCTIONAL_ADMIN}),
        lambda cast: [cast[Role.CASEMANAGER].pk],
    ),
    Page(
        "stapteam:user_history",
        frozenset({Role.FUNCTIONAL_ADMIN}),
        lambda cast: [cast[Role.CASEMANAGER].pk],
    ),
    Page("admin:index", frozenset({Role.FUNCTIONAL_ADMIN})),
]

# Named pages that are not role pages, with the reason.
NOT_ROLE_PAGES = {
    "stapteam:login": "open to everyone; a logged-in user is sent on to the start page",
    "stapteam:logout": "POST only; every logged-in user may log out",
}


def named_app_urls() -> set[str]:
    """Every named URL in STAP's own namespaces (the admin has its own permission system)."""
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace and entry.namespace != "admin":
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern) and pattern.name:
                    names.add(f"{entry.namespace}:{pattern.name}")
    return names


def test_every_named_page_is_in_the_matrix() -> None:
    covered = {page.url_name for page in PAGES} | NOT_ROLE_PAGES.keys()
    missing = named_app_urls() - covered
    assert not missing, f"add these pages to PAGES in {__file__}: {sorted(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=[p.url_name for p in PAGES])
@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_page_access_by_role(client, cast, page: Page, role: Role) -> None:
    url = reverse(page.url_name, args=page.args(cast) if page.args else None)
    client.force_login(cast[role])
    response = client.get(url, follow=True)
    if role in page.allowed:
        assert response.status_code == 200, f"{role} should open {url}"
        assert not response.redirect_chain, f"{role} was redirected away from {url}"
    else:
        assert response.status_code in (403, 404), f"{role} got {response.status_code} on {url}"


def test_cast_has_one_person_per_role() -> None:
    assert set(CAST) == set(Role)
