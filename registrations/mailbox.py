"""Rounds of reading the registration mailbox: one at a time, each recorded as a MailboxFetch.

The scheduled command (`fetch_registration_mail`) and the secretariat's "Nu ophalen" run the same
`fetch_round`; the advisory lock `MAIL_LOCK` refuses a second round while one runs. A round must
run outside a transaction (each stored mail commits before the server hears "stored"): the inbox
view runs it through `in_own_connection`.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone

from registrations.mail import FetchResult, MailboxUnavailable, fetch_mailbox
from registrations.models import MailboxFetch
from stapteam.models import User
from stapteam.platform.actor import acting_as
from stapteam.platform.locks import advisory_lock
from stapteam.platform.text import LONG_TEXT_LENGTH, shortened

logger = logging.getLogger(__name__)
MAIL_LOCK = "registration-mail"
Result = MailboxFetch.Result


def fetch_round(
    *, by: User | None, limit: int | None = None, config: dict[str, Any] | None = None
) -> MailboxFetch:
    """One recorded round; `by` is the person who pressed "Nu ophalen" (None: automatisch).
    Raises AlreadyRunning, without a record, when another round holds the lock; every other
    failure is recorded as "Mislukt" with a Dutch message."""
    actor = acting_as(by) if by is not None else contextlib.nullcontext()
    with actor, advisory_lock(MAIL_LOCK):
        _close_broken_rounds()
        fetch = MailboxFetch.objects.create(started_at=timezone.now(), by=by, limit=limit)
        try:
            result = fetch_mailbox(
                settings.REGISTRATION_IMAP if config is None else config, limit=limit
            )
        except MailboxUnavailable as exc:
            _finish(fetch, Result.FAILED, FetchResult(), [str(exc)])
        except Exception:
            # Recorded and logged; the page shows the Dutch line, the command fails with it.
            logger.exception("Mailbox round %s failed", fetch.pk)
            _finish(fetch, Result.FAILED, FetchResult(), [UNEXPECTED])
        else:
            _finish(fetch, Result.WARNINGS if result.errors else Result.OK, result, result.errors)
    return fetch


UNEXPECTED = "Onverwachte fout bij het ophalen; de beheerder vindt de details in het serverlog."
BROKEN = "Deze ronde is niet afgemaakt (het programma is gestopt); de volgende ronde gaat verder."


def _close_broken_rounds() -> None:
    """Under the lock no round runs, so one still marked running was cut off (a killed process);
    the messages it did not finish are still in the mailbox."""
    for broken in MailboxFetch.objects.filter(result=Result.RUNNING):
        broken.result, broken.finished_at, broken.message = Result.ABORTED, timezone.now(), BROKEN
        broken.save(update_fields=["result", "finished_at", "message"])


def _finish(fetch: MailboxFetch, result: str, counts: FetchResult, lines: list[str]) -> None:
    fetch.result = result
    fetch.finished_at = timezone.now()
    fetch.stored, fetch.already_stored = counts.stored, counts.already_stored
    fetch.failed, fetch.remaining = counts.failed, counts.remaining
    fetch.message = shortened("\n".join(lines), LONG_TEXT_LENGTH)
    fetch.save(
        update_fields=[
            "result", "finished_at", "stored", "already_stored", "failed", "remaining", "message"
        ]
    )  # fmt: skip


def recent_rounds(count: int = 10) -> list[MailboxFetch]:
    """The latest rounds, the newest first (the inbox shows the first and lists the others)."""
    return list(MailboxFetch.objects.select_related("by")[:count])
