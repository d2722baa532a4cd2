"""One-time submission keys in tests: the test client sends them as STAP's forms do.

Every POST form carries `{% submission_key %}`; a test that posts a form stands for someone who
opened the page and sent it, so `KeyedClient` (the `client` fixture) adds a fresh key to each POST
that names none. Tests of the mechanism itself pass a key (`with_key`) or use `plain_client`.
"""

from __future__ import annotations

import html.parser
from collections.abc import Mapping
from typing import Any

from django.test import Client
from django.test.client import MULTIPART_CONTENT
from django.urls import Resolver404, resolve

from stapteam.platform.submissions import FIELD, NOT_KEYED_NAMESPACES, key_for_form


def new_key() -> str:
    """A key as a freshly shown form carries it."""
    return key_for_form(None)


def with_key(data: Mapping[str, Any] | None = None, key: str | None = None) -> dict[str, Any]:
    return {**(data or {}), FIELD: key or new_key()}


class KeyedClient(Client):
    """The Django test client whose form POSTs carry a new key each, like a page opened anew."""

    def post(self, path: str, data: Any = None, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        content_type = args[0] if args else kwargs.get("content_type", MULTIPART_CONTENT)
        is_form = data is None or isinstance(data, Mapping)
        if content_type == MULTIPART_CONTENT and is_form and FIELD not in (data or {}):
            data = with_key(data)
        return super().post(path, data, *args, **kwargs)


class _Forms(html.parser.HTMLParser):
    """The POST forms of a page: (action, has a key field)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[Any]] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.inside = (values.get("method") or "").lower() == "post"
            if self.inside:
                self.forms.append([values.get("action") or "", False])
        elif tag == "input" and self.inside and values.get("name") == FIELD and values.get("value"):
            self.forms[-1][1] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def exempt(path: str) -> bool:
    """A URL whose POST needs no key (see stapteam/platform/submissions.py)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if NOT_KEYED_NAMESPACES & set(match.namespaces):
        return True
    return bool(getattr(match.func, "submission_key_exempt", None))


def forms_without_key(page_path: str, content: str) -> list[str]:
    """The actions of the page's POST forms that carry no key and need one."""
    parser = _Forms()
    parser.feed(content)
    return [
        action or page_path
        for action, keyed in parser.forms
        if not keyed and not exempt((action or page_path).split("?")[0])
    ]
