"""Notifications: who learns of the work that waits for her, and how a notification reads.

Each app registers its kinds (`register_kind`) with a renderer that builds the text and the link
when the notification is shown, from the object itself: a notification stores no text, so no
personal data is copied out of the record, and the page it links to decides what she may see.
An app's services call `notify(...)` inside the event's own transaction (a rolled-back action
notifies no one) and `resolve(...)` when the work is done. Time-based kinds (terms, follow-up
dates) come from sources registered with `register_scheduled_source`, run by the command
`send_notifications`. stapteam never imports the other apps: they register here.
"""

from __future__ import annotations

import datetime
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.mail import send_mail
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext as _

from stapteam.models.accounts import User
from stapteam.models.notifications import Notification, NotificationSettings
from stapteam.platform.actor import current_actor
from stapteam.platform.roles import GROUP_NAMES, Role, user_roles


@dataclass(frozen=True)
class Shown:
    """A notification as its recipient reads it: a sentence without names and where to go."""

    text: str
    url: str = ""


Renderer = Callable[[Any, Notification], Shown]


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: str | Promise  # on the settings page: "Adviesvraag voor de coördinator"
    roles: frozenset[Role]  # who may receive it (and so sees it on her settings page)
    render: Renderer  # (the object, or None when it no longer exists; the notification)
    can_mute: bool = True  # False: she always receives it (a passed Awb term)
    # The records as the renderer reads them (with what it follows), so a page of notifications
    # costs one query per kind of record, whatever its length.
    targets: Callable[[], models.QuerySet[Any]] | None = None


_kinds: dict[str, NotificationKind] = {}
ScheduledSource = Callable[[datetime.date], None]
_scheduled: list[ScheduledSource] = []


def register_kind(kind: NotificationKind) -> NotificationKind:
    _kinds[kind.code] = kind
    return kind


def register_scheduled_source(source: ScheduledSource) -> ScheduledSource:
    """A function that notifies the time-based work of `today` (safe to call twice)."""
    if source not in _scheduled:
        _scheduled.append(source)
    return source


def scheduled_sources() -> list[ScheduledSource]:
    return list(_scheduled)


def kind(code: str) -> NotificationKind:
    return _kinds[code]


def kinds_for(user: User) -> list[NotificationKind]:
    """The kinds this user may receive, in registration order."""
    mine = user_roles(user)
    return [k for k in _kinds.values() if k.roles & mine]


def users_with_role(role: Role) -> models.QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name=GROUP_NAMES[role])


class NotOutsideTransaction(RuntimeError):
    """notify() was called outside the event's transaction."""


def notify(
    code: str,
    obj: models.Model,
    recipients: Iterable[User],
    *,
    due: datetime.date | None = None,
    actor: User | None = None,
) -> None:
    """Tell `recipients` about `obj`: once per (kind, object, due date, recipient), never the
    one who acted (`actor`, by default whoever acts now) and not who switched the kind off.

    Must run inside the event's transaction, so a rolled-back action notifies no one."""
    if not connection.in_atomic_block:
        raise NotOutsideTransaction(code)
    what = _kinds[code]
    actor = actor if actor is not None else current_actor()
    ids = {u.pk for u in recipients if u.is_active and (actor is None or u.pk != actor.pk)}
    if what.can_mute and ids:
        ids -= set(
            NotificationSettings.objects.filter(
                user_id__in=ids, muted_kinds__contains=[code]
            ).values_list("user_id", flat=True)
        )
    if not ids:
        return
    content_type = ContentType.objects.get_for_model(obj)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk, kind=code, content_type=content_type, object_id=obj.pk, due=due
            )
            for pk in sorted(ids)
        ],
        ignore_conflicts=True,  # ON CONFLICT DO NOTHING: the unique constraint keeps it once
    )


def resolve(code: str, obj: models.Model) -> int:
    """The work of `obj` is done: its notifications of kind `code` are resolved for everyone."""
    return Notification.objects.filter(
        kind=code,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        resolved_at__isnull=True,
    ).update(resolved_at=timezone.now())


def waiting_count(user: User) -> int:
    """What the bell shows: one COUNT."""
    return Notification.objects.for_user(user).waiting().count()


def mark_read(user: User, pk: int) -> int:
    return (
        Notification.objects.for_user(user)
        .filter(pk=pk, read_at__isnull=True)
        .update(read_at=timezone.now())
    )


def mark_all_read(user: User) -> int:
    return (
        Notification.objects.for_user(user)
        .filter(read_at__isnull=True)
        .update(read_at=timezone.now())
    )


def with_targets(notifications: models.QuerySet[Notification]) -> models.QuerySet[Notification]:
    """The notifications with their records fetched: one query per kind of record."""
    querysets: dict[type[models.Model], models.QuerySet[Any]] = {}
    for what in _kinds.values():
        if what.targets is not None:
            qs = what.targets()
            querysets.setdefault(qs.model, qs)
    return notifications.select_related("content_type").prefetch_related(
        GenericPrefetch("target", list(querysets.values()))
    )


def bell(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the bell's count of waiting notifications, one COUNT when shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"waiting_notifications": SimpleLazyObject(lambda: waiting_count(user))}


def shown(notification: Notification) -> Shown:
    """The text and link of a notification, built now from its object."""
    what = _kinds.get(notification.kind)
    if what is None:
        return Shown(_("Melding van een soort die niet meer bestaat."))
    target = notification.target
    if target is None:
        return Shown(_("%(kind)s: dit record bestaat niet meer.") % {"kind": what.label})
    return what.render(target, notification)


def settings_for(user: User) -> NotificationSettings:
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def save_settings(
    *, user: User, receive: Iterable[str], daily_digest: bool
) -> NotificationSettings:
    """Keep her choice: the kinds she may receive but left out become muted (those that cannot
    be switched off always stay on)."""
    wanted = set(receive)
    muted = sorted(k.code for k in kinds_for(user) if k.can_mute and k.code not in wanted)
    found, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"muted_kinds": muted, "daily_digest": daily_digest}
    )
    return found


# --- The daily digest mail ------------------------------------------------------------------------


def digest_text(user: User) -> tuple[str, str] | None:
    """Subject and body of her digest: counts per kind and one link, no names, codes or care
    details; None when nothing waits for her."""
    counts = (
        Notification.objects.for_user(user)
        .waiting()
        .values("kind")
        .annotate(n=models.Count("id"))
        .order_by("kind")
    )
    lines = [
        f"- {row['n']} × {_kinds[row['kind']].label if row['kind'] in _kinds else row['kind']}"
        for row in counts
    ]
    total = sum(row["n"] for row in counts)
    if not total:
        return None
    link = settings.STAP_BASE_URL + reverse("stapteam:notification_list")
    subject = _("STAP: %(n)s meldingen wachten op je") % {"n": total}
    body = "\n".join(
        [
            _("In STAP wacht op je:"),
            "",
            *lines,
            "",
            _("Bekijk ze in STAP: %(link)s") % {"link": link},
            "",
            _(
                "Deze e-mail noemt bewust geen namen of gegevens. Je zet hem uit bij "
                "Meldingen, Instellingen: %(link)s"
            )
            % {"link": settings.STAP_BASE_URL + reverse("stapteam:notification_settings")},
        ]
    )
    return subject, body


def send_digests(today: datetime.date) -> tuple[int, list[str]]:
    """Mail every user who chose the digest and has work waiting, at most once a day (the day is
    marked in the same transaction as the send, under a row lock). The number sent, and the
    usernames whose mail failed (they are tried again on the next run)."""
    sent, failed = 0, []
    chosen = NotificationSettings.objects.filter(daily_digest=True, user__is_active=True).exclude(
        user__email=""
    )
    for pk in chosen.exclude(digest_sent_on=today).values_list("pk", flat=True)[:5000]:
        with transaction.atomic():
            row = (
                NotificationSettings.objects.select_for_update(skip_locked=True)
                .select_related("user")
                .filter(pk=pk)
                .exclude(digest_sent_on=today)
                .first()
            )
            if row is None:  # another run has it, or sent it already
                continue
            mail = digest_text(row.user)
            try:
                if mail is not None:
                    send_mail(mail[0], mail[1], None, [row.user.email])
                    sent += 1
            except (OSError, smtplib.SMTPException):
                failed.append(row.user.username)
                continue
            # .update: the day of a digest is bookkeeping, not a change of her choice (no history).
            NotificationSettings.objects.filter(pk=row.pk).update(digest_sent_on=today)
    return sent, failed
