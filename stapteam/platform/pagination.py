"""Lists are pages: one helper for every list, shown by templates/partials/pagination.html."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_PARAM = "pagina"
PER_PAGE = 50


def paginate(
    request: HttpRequest,
    items: Any,
    *,
    per_page: int = PER_PAGE,
    keep: dict[str, str] | None = None,
) -> Page:
    """The page of `items` that ?pagina= asks for; the first or last page for a bad number.

    `items` must be ordered (a queryset with order_by, or a list) so pages do not overlap.
    `keep` adds parameters to the page links, e.g. the newest row of a list that grows while
    she reads it, so that the next page starts where this one ended."""
    page = Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAM))
    page.keep = keep or {}  # type: ignore[attr-defined]
    return page


def page_query(request: HttpRequest, page: Page, number: int) -> str:
    """The current query string with ?pagina= set to `number`, so filters stay on."""
    query = request.GET.copy()
    for name, value in getattr(page, "keep", {}).items():
        query[name] = value
    query[PAGE_PARAM] = str(number)
    return "?" + query.urlencode()
