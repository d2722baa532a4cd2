"""The beheerder's notification that records are past their retention term, once per batch.

Per retention category with something due, one notification for every functioneel beheerder,
made by `send_notifications` from a dry run of the retention rules. Its due date is the day the
batch began: while the category stays due, a second run (or a new beheerder) joins that batch
instead of starting another; when nothing in the category is due any more, it is resolved, and
the next batch is a new notification. It names the category, never a record.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from stapteam.models import Notification, RetentionCategory
from stapteam.platform.formats import day_date
from stapteam.platform.notifications import (
    NotificationKind,
    Shown,
    notify,
    register_kind,
    register_scheduled_source,
    users_with_role,
)
from stapteam.platform.retention import apply_retention
from stapteam.platform.roles import Role

RETENTION_DUE = "retention_due"
RETENTION_PAGE = "bewaartermijnen"  # the beheer kind that lists the terms (beheer_kinds.py)


def _retention_due(category: RetentionCategory, n: Notification) -> Shown:
    return Shown(
        _(
            "Bewaartermijn verstreken: gegevens van de soort “%(name)s” wachten sinds %(day)s op "
            "vernietiging of anonimisering."
        )
        % {"name": category.name, "day": day_date(n.due)},
        reverse("stapteam:beheer_list", args=[RETENTION_PAGE]),
    )


def retention_due(today: datetime.date) -> None:
    """Tell the beheerders which categories have records past their term (a dry run: nothing
    is destroyed here); resolve the batches of categories with nothing due any more."""
    due_codes = {
        r.category
        for r in apply_retention(today=today, apply=False)
        if r.due and (not r.bulk or r.due[0].rows)
    }
    content_type = ContentType.objects.get_for_model(RetentionCategory)
    waiting = Notification.objects.filter(
        kind=RETENTION_DUE, content_type=content_type, resolved_at__isnull=True
    )
    started = dict(
        waiting.order_by()
        .values("object_id")
        .annotate(day=Min("due"))
        .values_list("object_id", "day")
    )
    beheerders = list(users_with_role(Role.FUNCTIONAL_ADMIN))
    due = list(RetentionCategory.objects.filter(code__in=due_codes))
    for category in due:
        notify(RETENTION_DUE, category, beheerders, due=started.get(category.pk, today))
    waiting.exclude(object_id__in=[c.pk for c in due]).update(resolved_at=timezone.now())


def register() -> None:
    register_kind(
        NotificationKind(
            RETENTION_DUE,
            _lazy("Bewaartermijn verstreken: gegevens te vernietigen"),
            frozenset({Role.FUNCTIONAL_ADMIN}),
            _retention_due,
        )
    )
    register_scheduled_source(retention_due)
