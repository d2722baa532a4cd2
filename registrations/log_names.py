"""How the access log names registrations' records: kind and date, never a person's name."""

from __future__ import annotations

from django.utils.translation import gettext as _

from registrations.models import (
    Decision,
    InboundMail,
    Letter,
    MailAttachment,
    RegistrationRequest,
    SubjectAccessRequest,
)
from stapteam.platform.formats import day_date
from stapteam.platform.log_names import ids_of, register_log_names


def _requests(object_ids: list[str]) -> dict[str, str]:
    kinds = dict(RegistrationRequest.Kind.choices)
    rows = RegistrationRequest.objects.filter(pk__in=ids_of(object_ids)).values_list(
        "pk", "kind", "received_on"
    )
    return {
        str(pk): _("%(kind)s van %(day)s") % {"kind": kinds.get(kind, kind), "day": day_date(day)}
        for pk, kind, day in rows
    }


def _letters(object_ids: list[str]) -> dict[str, str]:
    rows = Decision.objects.filter(pk__in=ids_of(object_ids)).values_list("pk", "decided_on")
    return {str(pk): _("Besluitbrief van %(day)s") % {"day": day_date(day)} for pk, day in rows}


def _sent_letters(object_ids: list[str]) -> dict[str, str]:
    rows = Letter.objects.filter(pk__in=ids_of(object_ids)).values_list("pk", "kind", "sent_on")
    kinds = dict(Letter._meta.get_field("kind").choices or [])
    return {
        str(pk): _("%(kind)s, verzonden %(day)s")
        % {"kind": kinds.get(kind, kind), "day": day_date(day)}
        for pk, kind, day in rows
    }


def _mails(object_ids: list[str]) -> dict[str, str]:
    rows = InboundMail.objects.filter(pk__in=ids_of(object_ids)).values_list("pk", "received_at")
    return {str(pk): _("E-mail van %(day)s") % {"day": day_date(at)} for pk, at in rows}


def _attachments(object_ids: list[str]) -> dict[str, str]:
    # Not the file name: the sender's name for a file may hold her name.
    rows = MailAttachment.objects.filter(pk__in=ids_of(object_ids)).values_list(
        "pk", "mail__received_at"
    )
    return {str(pk): _("Bijlage bij e-mail van %(day)s") % {"day": day_date(at)} for pk, at in rows}


def _access_requests(object_ids: list[str]) -> dict[str, str]:
    requests = SubjectAccessRequest.objects.filter(pk__in=ids_of(object_ids))
    pks = requests.values_list("pk", flat=True)
    return {str(pk): _("Inzageverzoek %(number)s") % {"number": f"{pk:05d}"} for pk in pks}


def register() -> None:
    register_log_names("registration_request", _requests)
    register_log_names("decision_letter", _letters)
    register_log_names("letter", _sent_letters)
    register_log_names("inbound_mail", _mails)
    register_log_names("mail_attachment", _attachments)
    register_log_names("registration_subject_access", _access_requests)
