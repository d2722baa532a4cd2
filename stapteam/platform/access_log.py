"""Writing the NEN 7513 access log (see AccessLogEntry): log_access for views, log_fetch and
logged_denials for the fetch-and-authorise helpers, and the middleware both rely on.

Refused attempts must survive the rollback of the request's transaction (ATOMIC_REQUESTS). A
helper that refuses raises PermissionDenied or Http404, which rolls back everything the view wrote,
a log row included. So `logged_denials` only marks the exception, and AccessLogMiddleware writes
the row in `process_exception`: Django calls that after the view's atomic block has ended, so the
row is committed on its own, with no second database connection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase

from stapteam.models import AccessLogEntry, Client
from stapteam.platform.roles import user_roles

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stapteam.models import User

Action = AccessLogEntry.Action

# The request being served, so that helpers which get only the user can log its address.
_current_request: ContextVar[HttpRequest | None] = ContextVar("stap_request", default=None)


def _write(
    user: User | AnonymousUser | None,
    address: str | None,
    *,
    action: str,
    object_type: str,
    object_id: object,
    client: Client | int | None,
    result: str,
    reason: str,
) -> AccessLogEntry:
    actor = user if user is not None and user.is_authenticated else None
    organisation = getattr(actor, "organisation", None)
    return AccessLogEntry.objects.create(
        user=actor,
        roles=",".join(sorted(user_roles(actor))) if actor else "",
        organisation=organisation.name if organisation else "",
        client_id=client.pk if isinstance(client, Client) else client,
        object_type=object_type,
        object_id=str(object_id),
        action=action,
        result=result,
        source_address=address or None,
        reason=reason,
    )


def client_address(request: HttpRequest) -> str | None:
    """Who sent the request; also the login lock-out's rule (AXES_CLIENT_IP_CALLABLE).

    Without proxies: REMOTE_ADDR. Behind AXES_IPWARE_PROXY_COUNT = N trusted reverse proxies, each
    appends the address it saw to X-Forwarded-For, so the client is the N-th entry from the right;
    entries further left were sent by the client herself and are never believed."""
    proxies = settings.AXES_IPWARE_PROXY_COUNT or 0
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies][:45]
    return request.META.get("REMOTE_ADDR")


def log_access(
    request: HttpRequest,
    *,
    action: str,
    object_type: str,
    object_id: object,
    client: Client | int | None = None,
    result: str = AccessLogEntry.Result.ALLOWED,
    reason: str = "",
) -> AccessLogEntry:
    """Write one log row for what request.user did. No names or record text: ids only."""
    return _write(
        request.user,
        client_address(request),
        action=action,
        object_type=object_type,
        object_id=object_id,
        client=client,
        result=result,
        reason=reason,
    )


# Form fields with which a POST only asks what its input would mean and changes nothing: the
# contact form's check while she types, the placement plan ("Kosten berekenen").
PREVIEW_FIELDS = ("_check", "preview")


def _method_action() -> str:
    request = _current_request.get()
    if request is None or request.method in ("GET", "HEAD", "OPTIONS"):
        return Action.READ
    if any(request.POST.get(name) for name in PREVIEW_FIELDS):
        return Action.READ
    return Action.UPDATE


def log_fetch(
    user: User,
    *,
    object_type: str,
    object_id: object,
    client: Client | int | None = None,
    action: str | None = None,
) -> None:
    """For fetch-and-authorise helpers: log that `user` got a record. Without an explicit action,
    a GET is a read and any other method a change."""
    request = _current_request.get()
    address = client_address(request) if request is not None else None
    _write(
        user,
        address,
        action=action or _method_action(),
        object_type=object_type,
        object_id=object_id,
        client=client,
        result=AccessLogEntry.Result.ALLOWED,
        reason="",
    )


@dataclass(frozen=True)
class DeniedAttempt:
    action: str
    object_type: str
    object_id: str
    client_id: int | None


@contextmanager
def logged_denials(
    records: QuerySet[Any], *, object_type: str, object_id: object, client_field: str | None = None
) -> Iterator[None]:
    """Mark a PermissionDenied or Http404 raised inside for the log, if the record exists (a probe
    for an id that does not exist is not an access). `records` is the unfiltered record by pk;
    `client_field` names its client's id, e.g. "client_id" or "pk" for a client."""
    try:
        yield
    except (PermissionDenied, Http404) as exc:
        found = list(records.values_list(client_field or "pk", flat=True)[:1])
        if found:
            exc.stap_denied_attempt = DeniedAttempt(  # type: ignore[union-attr]
                action=_method_action(),
                object_type=object_type,
                object_id=str(object_id),
                client_id=found[0] if client_field else None,
            )
        raise


class AccessLogMiddleware:
    """Keeps the current request for log_fetch and writes the rows of refused attempts."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        attempt: DeniedAttempt | None = getattr(exception, "stap_denied_attempt", None)
        if attempt is not None:
            # Outside the view's (rolled back) transaction: this row is committed on its own.
            log_access(
                request,
                action=attempt.action,
                object_type=attempt.object_type,
                object_id=attempt.object_id,
                client=attempt.client_id,
                result=AccessLogEntry.Result.DENIED,
            )
