"""The shared pagination helper and its partial: ?pagina=, Dutch labels, filters kept."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from stapteam.platform.pagination import paginate


def test_pages_of_fifty_and_a_bad_number_gives_a_real_page() -> None:
    rows = list(range(120))
    request = RequestFactory().get("/", {"pagina": "3"})
    assert list(paginate(request, rows)) == list(range(100, 120))
    assert paginate(RequestFactory().get("/", {"pagina": "x"}), rows).number == 1
    assert paginate(RequestFactory().get("/", {"pagina": "99"}), rows).number == 3


def test_the_partial_links_with_pagina_keeps_filters_and_speaks_dutch() -> None:
    request = RequestFactory().get("/", {"jaar": "2024", "pagina": "2"})
    page = paginate(request, list(range(120)))
    with translation.override("nl"):
        html = render_to_string(
            "partials/pagination.html", {"page": page, "target": "rows", "request": request}
        )
    assert "Pagina 2 van 3" in html
    assert "51–100 van 120" in html
    assert 'href="?jaar=2024&amp;pagina=1"' in html and "Vorige" in html
    assert 'href="?jaar=2024&amp;pagina=3"' in html and "Volgende" in html
    assert 'hx-target="#rows"' in html


def test_kept_parameters_ride_along_in_the_links() -> None:
    request = RequestFactory().get("/", {"pagina": "1"})
    page = paginate(request, list(range(120)), keep={"tot": "977"})
    html = render_to_string(
        "partials/pagination.html", {"page": page, "target": "rows", "request": request}
    )
    assert 'href="?pagina=2&amp;tot=977"' in html or 'href="?tot=977&amp;pagina=2"' in html


def test_one_page_shows_no_links() -> None:
    request = RequestFactory().get("/")
    html = render_to_string(
        "partials/pagination.html",
        {"page": paginate(request, [1, 2]), "target": "rows", "request": request},
    )
    assert html.strip() == ""
