"""Keyset pages for lists that grow while she reads them (the access log, history), shown by
templates/partials/keyset_pagination.html: "Oudere regels" and "Nieuwere regels" carry the
(moment, id) of the page's edge row, so new rows never shift a page and no page counts the table."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict

OLDER = "ouder"
NEWER = "nieuwer"
PER_PAGE = 50
# Parameters of the offset pages these lists had before; dropped from the links.
OLD_PARAMS = ("pagina", "tot")

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)
MAX_ID = 2**63 - 1  # a bigint; a larger number in the link would make the query fail
Key = tuple[datetime.datetime, int]


def encode_key(moment: datetime.datetime, pk: int) -> str:
    """A row's place in the order as `<microseconds since 1970 UTC>-<id>`: no personal data."""
    return f"{(moment - EPOCH) // MICROSECOND}-{pk}"


def decode_key(text: str | None) -> Key | None:
    """The (moment, id) of a link's key, or None for anything that is not one."""
    micros, _, pk = (text or "").partition("-")
    if not (micros.isascii() and micros.isdigit() and pk.isascii() and pk.isdigit()):
        return None
    if len(micros) > 17 or int(pk) > MAX_ID:
        return None
    try:
        return EPOCH + int(micros) * MICROSECOND, int(pk)
    except OverflowError:
        return None


@dataclass
class KeysetPage:
    """One page, newest first. `older` / `newer` are the keys the links carry ("" for none);
    `beyond` is the row just older than the page when asked for (history compares with it)."""

    rows: list[Any]
    older: str = ""
    newer: str = ""
    beyond: Any = None
    params: QueryDict = field(default_factory=QueryDict)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.older or self.newer)

    @property
    def older_query(self) -> str:
        return self._query(OLDER, self.older)

    @property
    def newer_query(self) -> str:
        return self._query(NEWER, self.newer)

    def _query(self, name: str, key: str) -> str:
        """The current query string (filters stay on) with this one key."""
        query = self.params.copy()
        for param in (OLDER, NEWER, *OLD_PARAMS):
            query.pop(param, None)
        query[name] = key
        return "?" + query.urlencode()


def keyset_page(
    request: HttpRequest,
    items: QuerySet[Any],
    *,
    time_field: str,
    per_page: int = PER_PAGE,
    with_beyond: bool = False,
) -> KeysetPage:
    """The page of `items`, newest first by (time_field, pk), that ?ouder= or ?nieuwer= asks
    for; the newest page without a key, for a bad key, or when a key finds nothing.

    One query for the page (it reads one row more, to know whether older rows exist); a
    "Nieuwere regels" page with `with_beyond` reads one more for the row just older than it."""
    newest_first = items.order_by(f"-{time_field}", "-pk")
    key_of = _key_of(time_field)
    older_than = decode_key(request.GET.get(OLDER))
    newer_than = None if older_than else decode_key(request.GET.get(NEWER))

    if newer_than is not None:
        oldest_first = newest_first.filter(_after(time_field, newer_than)).reverse()
        rows = list(oldest_first[: per_page + 1])
        if rows:
            page = KeysetPage(rows=rows[:per_page][::-1], params=request.GET)
            page.newer = key_of(page.rows[0]) if len(rows) > per_page else ""
            page.older = key_of(page.rows[-1])
            if with_beyond:
                before = newest_first.filter(_before(time_field, _key(page.rows[-1], time_field)))
                page.beyond = before.first()
            return page
    elif older_than is not None:
        page = _older_page(request, newest_first.filter(_before(time_field, older_than)), per_page)
        if page.rows:
            page.newer = key_of(page.rows[0])
            page.older = key_of(page.rows[-1]) if page.beyond is not None else ""
            return page
    page = _older_page(request, newest_first, per_page)
    page.older = key_of(page.rows[-1]) if page.beyond is not None else ""
    return page


def _older_page(request: HttpRequest, newest_first: QuerySet[Any], per_page: int) -> KeysetPage:
    rows = list(newest_first[: per_page + 1])
    beyond = rows[per_page] if len(rows) > per_page else None
    return KeysetPage(rows=rows[:per_page], beyond=beyond, params=request.GET)


def _key(row: Any, time_field: str) -> Key:
    return getattr(row, time_field), row.pk


def _key_of(time_field: str) -> Any:
    return lambda row: encode_key(*_key(row, time_field))


def _before(time_field: str, key: Key) -> Q:
    """Rows older than key in the order; the first condition lets an index on the time serve."""
    moment, pk = key
    return Q(**{f"{time_field}__lte": moment}) & (Q(**{f"{time_field}__lt": moment}) | Q(pk__lt=pk))


def _after(time_field: str, key: Key) -> Q:
    moment, pk = key
    return Q(**{f"{time_field}__gte": moment}) & (Q(**{f"{time_field}__gt": moment}) | Q(pk__gt=pk))
