"""Middleware of STAP: responses with personal data are never stored by a browser or proxy."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


def no_store(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """Every page and download says Cache-Control: no-store (static files are served before)."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        add_never_cache_headers(response)
        return response

    return middleware
