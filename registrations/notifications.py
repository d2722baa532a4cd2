"""The registrations' notifications: new mail in the registration mailbox, advice asked and
given, and the Awb terms."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from registrations.models import Advice, InboundMail, Objection, RegistrationRequest
from registrations.radar import running_terms
from stapteam.models.notifications import Notification
from stapteam.platform.formats import day_date
from stapteam.platform.notifications import (
    NotificationKind,
    Shown,
    notify,
    register_kind,
    register_scheduled_source,
    resolve,
    users_with_role,
)
from stapteam.platform.roles import Role

NEW_MAIL = "new_mail"
ADVICE_REQUESTED = "advice_requested"
ADVICE_GIVEN = "advice_given"
TERM_ENDING = "term_ending"
TERM_PASSED = "term_passed"
TERM_KINDS = (TERM_ENDING, TERM_PASSED)
TERM_HORIZON_DAYS = 14  # a term ending within this many days is announced

SECRETARIAT = frozenset({Role.SECRETARIAT})


def _request_of(obj: RegistrationRequest | Objection) -> RegistrationRequest:
    return obj.decision.request if isinstance(obj, Objection) else obj


def _new_mail(mail: InboundMail, n: Notification) -> Shown:
    # Never the sender or the subject: they often name her, and the digest counts only.
    return Shown(
        _("Nieuwe e-mail in de registratiemailbox."),
        reverse("registrations:mail_detail", args=[mail.pk]),
    )


def _advice_requested(advice: Advice, n: Notification) -> Shown:
    return Shown(
        _("Het secretariaat vraagt je advies over een aanvraag registratie."),
        reverse("registrations:advice_answer", args=[advice.pk]),
    )


def _advice_given(advice: Advice, n: Notification) -> Shown:
    return Shown(
        _("De coördinator gaf advies over aanvraag %(pk)s.") % {"pk": advice.request_id},
        reverse("registrations:request_detail", args=[advice.request_id]),
    )


def _term_ending(obj: RegistrationRequest | Objection, n: Notification) -> Shown:
    request = _request_of(obj)
    return Shown(
        _("De termijn van aanvraag %(pk)s loopt af op %(day)s.")
        % {"pk": request.pk, "day": day_date(n.due)},
        reverse("registrations:request_detail", args=[request.pk]),
    )


def _term_passed(obj: RegistrationRequest | Objection, n: Notification) -> Shown:
    request = _request_of(obj)
    return Shown(
        _("De termijn van aanvraag %(pk)s is verstreken op %(day)s.")
        % {"pk": request.pk, "day": day_date(n.due)},
        reverse("registrations:request_detail", args=[request.pk]),
    )


def mail_received(mail: InboundMail) -> None:
    """A new mail is stored (a mailbox round or an upload): one notification per mail for every
    secretariat member, but not for her who pressed "Nu ophalen" or uploaded it."""
    notify(NEW_MAIL, mail, users_with_role(Role.SECRETARIAT))


def mail_handled(mail: InboundMail) -> None:
    """The mail became (part of) a request or was put aside as not relevant."""
    resolve(NEW_MAIL, mail)


def advice_asked(advice: Advice) -> None:
    notify(ADVICE_REQUESTED, advice, users_with_role(Role.COORDINATOR))


def advice_given(advice: Advice) -> None:
    resolve(ADVICE_REQUESTED, advice)
    notify(ADVICE_GIVEN, advice, users_with_role(Role.SECRETARIAT))


def request_decided(request: RegistrationRequest) -> None:
    """The decision is taken: the advice has served and the beslistermijn no longer runs."""
    advice = Advice.objects.filter(request=request).first()
    if advice is not None:
        resolve(ADVICE_GIVEN, advice)
    for code in TERM_KINDS:
        resolve(code, request)


def objection_decided(objection: Objection) -> None:
    for code in TERM_KINDS:
        resolve(code, objection)


def terms(today: datetime.date) -> None:
    """Each running term within the horizon or passed, to every secretariat member; terms that
    no longer run (the request was settled some other way) are resolved."""
    secretariat = list(users_with_role(Role.SECRETARIAT))
    running: dict[tuple[int, int], bool] = {}
    for t in running_terms(today):
        if t.deadline is None or t.days_left is None or t.days_left > TERM_HORIZON_DAYS:
            continue
        obj: models.Model = t.objection or t.request
        code = TERM_PASSED if t.overdue else TERM_ENDING
        notify(code, obj, secretariat, due=t.deadline, actor=None)
        running[(ContentType.objects.get_for_model(obj).pk, obj.pk)] = True
    waiting = Notification.objects.filter(kind__in=TERM_KINDS, resolved_at__isnull=True)
    stale = [
        n.pk
        for n in waiting.only("pk", "content_type_id", "object_id")[:2000]
        if (n.content_type_id, n.object_id) not in running
    ]
    Notification.objects.filter(pk__in=stale).update(resolved_at=timezone.now())


def register() -> None:
    register_kind(
        NotificationKind(
            NEW_MAIL, _lazy("Nieuwe e-mail in de registratiemailbox"), SECRETARIAT, _new_mail
        )
    )
    register_kind(
        NotificationKind(
            ADVICE_REQUESTED,
            _lazy("Adviesvraag over een aanvraag registratie"),
            frozenset({Role.COORDINATOR}),
            _advice_requested,
        )
    )
    register_kind(
        NotificationKind(
            ADVICE_GIVEN, _lazy("Advies van de coördinator"), SECRETARIAT, _advice_given
        )
    )
    register_kind(
        NotificationKind(
            TERM_ENDING, _lazy("Awb-termijn loopt binnenkort af"), SECRETARIAT, _term_ending
        )
    )
    register_kind(
        NotificationKind(
            TERM_PASSED,
            _lazy("Awb-termijn verstreken"),
            SECRETARIAT,
            _term_passed,
            can_mute=False,
            targets=lambda: Objection.objects.select_related("decision"),
        )
    )
    register_scheduled_source(terms)
