"""One-time submission keys: every state-changing POST acts once, however often it is sent.

Every POST form carries a key (`{% submission_key %}`, a signed random UUID that expires with the
longest session). `SubmissionKeyMiddleware`, for a logged-in user's POST:

- refuses a POST without a valid key (status 400, nothing changed);
- opens one transaction around the rest of the request; the view's own transaction
  (ATOMIC_REQUESTS) becomes a savepoint inside it;
- inserts the key before the view runs. A second request with the same key waits on the unique
  index until the first has committed, then finds the row and gets the first answer (a redirect
  to the same place, "Dit was al verwerkt.") instead of acting twice; the same key with other
  data is refused (409);
- keeps the key only when the view answered with a redirect, the answer of every change in STAP
  (Post/Redirect/Get). A form shown again with its errors, a refusal or a download removes the
  row, so the key survives a validation error and the form, shown again, carries it.

Views that need no key say why with `@submission_key_not_required(reason)` (the login steps);
htmx previews that change nothing name their field with `@previews_with(field)`.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from stapteam.models import SubmissionKey, User

FIELD = "submission_key"
SALT = "stap.submission-key"
# Fields every sending of one form differs in, left out of its fingerprint.
UNSTABLE_FIELDS = {FIELD, "csrfmiddlewaretoken"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
PURGE_BATCH = 100
# The Django admin: its forms are Django's own templates, for the beheerder's reference lists;
# an add sent twice there makes a second row she sees at once in the list and can delete.
NOT_KEYED_NAMESPACES = {"admin"}

View = TypeVar("View", bound=Callable[..., Any])


def submission_key_not_required(reason: str) -> Callable[[View], View]:
    """Marks a view whose POST needs no key, with the reason (a test lists them all)."""

    def mark(view: View) -> View:
        view.submission_key_exempt = reason  # type: ignore[attr-defined]
        return view

    return mark


def previews_with(field: str) -> Callable[[View], View]:
    """Marks a view whose htmx POST with `field` only shows what the input would mean and saves
    nothing (the view itself must honour exactly this); such a POST needs no key."""

    def mark(view: View) -> View:
        view.submission_preview_field = field  # type: ignore[attr-defined]
        return view

    return mark


def max_age() -> datetime.timedelta:
    """A form cannot be sent after its session has ended: the key lasts as long."""
    return datetime.timedelta(hours=settings.SESSION_MAX_HOURS)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def read_key(request: HttpRequest) -> uuid.UUID | None:
    """The valid key the request carries, or None (missing, altered or expired)."""
    try:
        return uuid.UUID(_signer().unsign(request.POST.get(FIELD, ""), max_age=max_age()))
    except (signing.BadSignature, ValueError):
        return None


def key_for_form(request: HttpRequest | None) -> str:
    """The key a form on this page carries: the one just sent when the page shows a form again
    after its errors (the key was not used), else a new one."""
    key = read_key(request) if request is not None and request.method == "POST" else None
    return _signer().sign((key or uuid.uuid4()).hex)


def used_key(request: HttpRequest) -> uuid.UUID | None:
    """The key of the POST being served, for services that keep it too (the ledger)."""
    row: SubmissionKey | None = getattr(request, "stap_submission", None)
    return row.key if row is not None else None


def fingerprint(request: HttpRequest) -> str:
    """A hash of what the form sent; files by name and size."""
    digest = hashlib.sha256()
    for name in sorted(set(request.POST) - UNSTABLE_FIELDS):
        for value in request.POST.getlist(name):
            digest.update(f"{name}\0{value}\0".encode(errors="replace"))
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(f"{name}\0{upload.name}\0{upload.size}\0".encode(errors="replace"))
    return digest.hexdigest()


def _applies(request: HttpRequest) -> bool:
    return request.method not in SAFE_METHODS and request.user.is_authenticated


def _exempt(request: HttpRequest, view: Callable[..., Any]) -> bool:
    match = request.resolver_match
    if match is not None and NOT_KEYED_NAMESPACES & set(match.namespaces):
        return True
    if getattr(view, "submission_key_exempt", None):
        return True
    preview = getattr(view, "submission_preview_field", None)
    is_htmx = request.headers.get("HX-Request") == "true"
    return bool(preview and is_htmx and request.POST.get(preview))


def refused(request: HttpRequest, message: str, status: int) -> HttpResponseBase:
    return render(request, "stapteam/submission_refused.html", {"message": message}, status=status)


def not_usable(request: HttpRequest) -> HttpResponseBase:
    return refused(
        request,
        _(
            "Dit formulier is al verstuurd of verlopen; open de pagina opnieuw. Er is niets "
            "opgeslagen."
        ),
        400,
    )


def _repeat(request: HttpRequest, key: uuid.UUID, sent: str) -> HttpResponseBase:
    """The answer to a key that was used before: the first answer, if this is the same form."""
    earlier = SubmissionKey.objects.filter(key=key).first()
    if earlier is None or earlier.user_id != request.user.pk or earlier.path != request.path[:500]:
        return not_usable(request)
    if earlier.fingerprint != sent:
        return refused(
            request,
            _(
                "Dit formulier was al verstuurd en verwerkt, met andere gegevens. Er is niets "
                "nieuws opgeslagen. Open de pagina opnieuw als je nog iets wilt vastleggen."
            ),
            409,
        )
    messages.info(request, _("Dit was al verwerkt; er is niets dubbel opgeslagen."))
    return HttpResponseRedirect(earlier.location)


class SubmissionKeyMiddleware:
    """After the login steps (LoginRequiredMiddleware, SecondFactorMiddleware), so that a user
    who is not (fully) logged in is sent to her login step first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _applies(request):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            self._settle(request, response)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        if not _applies(request) or _exempt(request, view):
            return None
        key = read_key(request)
        if key is None:
            return not_usable(request)
        sent = fingerprint(request)
        try:
            with transaction.atomic():  # a savepoint: a clash leaves the request's transaction
                row = SubmissionKey.objects.create(
                    key=key,
                    user=cast(User, request.user),
                    path=request.path[:500],
                    fingerprint=sent,
                )
        except IntegrityError:
            return _repeat(request, key, sent)
        request.stap_submission = row  # type: ignore[attr-defined]
        return None

    @staticmethod
    def _settle(request: HttpRequest, response: HttpResponseBase) -> None:
        row: SubmissionKey | None = getattr(request, "stap_submission", None)
        if row is None:
            return
        location = response.get("Location", "")
        if 300 <= response.status_code < 400 and location:
            row.status, row.location = response.status_code, location[:2000]
            row.save(update_fields=["status", "location"])
            _purge_expired()
        else:
            row.delete()


def _purge_expired() -> None:
    """Keys older than the longest session are refused anyway: their rows go, a few at a time
    with each form that is used, skipping rows another request is removing (no waiting)."""
    expired = SubmissionKey.objects.filter(used_at__lt=timezone.now() - max_age())
    batch = expired.select_for_update(skip_locked=True).values("pk")[:PURGE_BATCH]
    SubmissionKey.objects.filter(pk__in=batch).delete()
