"""How the access log names time-out records: the day of the request or the stay."""

from __future__ import annotations

from django.utils.translation import gettext as _

from stapteam.platform.formats import day_date
from stapteam.platform.log_names import ids_of, register_log_names
from timeout.models import Stay, TimeoutRequest


def _requests(object_ids: list[str]) -> dict[str, str]:
    rows = TimeoutRequest.objects.filter(pk__in=ids_of(object_ids)).values_list(
        "pk", "submitted_at"
    )
    return {str(pk): _("Time-out-aanvraag van %(day)s") % {"day": day_date(at)} for pk, at in rows}


def _stays(object_ids: list[str]) -> dict[str, str]:
    rows = Stay.objects.filter(pk__in=ids_of(object_ids)).values_list("pk", "start")
    return {str(pk): _("Verblijf vanaf %(day)s") % {"day": day_date(day)} for pk, day in rows}


def register() -> None:
    register_log_names("timeout_request", _requests)
    register_log_names("stay", _stays)
