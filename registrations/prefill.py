"""What a mail fills in on the request form: the fields read from it, marked "uit de e-mail", the
sender kept apart as herself or her gemachtigde, and a known person who matches."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from registrations.attachment_text import mail_texts
from registrations.mail_fields import SENDER, MailFields, read_fields
from registrations.models import InboundMail, Person, RegistrationRequest

Kind = RegistrationRequest.Kind
SubmittedBy = RegistrationRequest.SubmittedBy

# Words in a subject that hint at the kind of request (the secretariat checks the guess).
KIND_HINTS = [
    (r"stop|beëindig|beeindig|afmeld|uitschrijv", Kind.STOP),
    (r"adres|wijzig|telefoon|verhuis", Kind.CHANGE),
    (r"aanvraag|aanmeld|registratie|inschrijv|pas\b", Kind.APPLICATION),
]
# Request form field <- field read from the mail.
FORM_FIELDS = {
    "name": "name",
    "call_name": "call_name",
    "date_of_birth": "date_of_birth",
    "phone": "phone",
    "email": "email",
    "address": "address",
    "wished_start": "wished_start",
}


def guess_kind(subject: str) -> str:
    for pattern, kind in KIND_HINTS:
        if re.search(pattern, subject, re.IGNORECASE):
            return kind
    return Kind.QUESTION


@dataclass
class Prefill:
    initial: dict[str, object]
    # form field -> where it was read ("de tekst van de e-mail", "bijlage aanmelding.pdf")
    from_mail: dict[str, str] = field(default_factory=dict)
    match: Person | None = None
    problems: list[str] = field(default_factory=list)
    fields: MailFields = field(default_factory=MailFields)


def prefill_from(mail: InboundMail) -> Prefill:
    """The request form's initial values for this mail."""
    texts, problems = mail_texts(mail)
    today = timezone.localdate()
    fields = read_fields(sender=mail.sender, texts=texts, today=today)
    received = timezone.localtime(mail.sent_at).date() if mail.sent_at else None
    initial: dict[str, object] = {
        "kind": guess_kind(mail.subject),
        "received_on": received or timezone.localtime(mail.received_at).date(),
        "channel": RegistrationRequest.Channel.MAIL,
        "summary": mail.subject,
        "submitted_by": SubmittedBy.REPRESENTATIVE if fields.on_behalf else SubmittedBy.HERSELF,
        "representative": fields.sender if fields.on_behalf else "",
    }
    from_mail: dict[str, str] = {}
    for form_name, key in FORM_FIELDS.items():
        found = fields.found.get(key)
        if found is not None:
            initial[form_name] = found.value
            from_mail[form_name] = found.where
    if fields.on_behalf:
        from_mail["representative"] = SENDER
        from_mail["submitted_by"] = SENDER
    match = matching_person(fields)
    if match is not None:
        initial["existing_person"] = match.pk
    return Prefill(initial, from_mail, match, problems, fields)


def matching_person(fields: MailFields) -> Person | None:
    """A known person with the name and birth date the mail gives (her, not a duplicate)."""
    name, born = fields.value("name"), fields.value("date_of_birth")
    if not isinstance(name, str) or not isinstance(born, datetime.date):
        return None
    name = re.sub(r"\s+", " ", name).strip()
    call = fields.value("call_name")
    same_name = Q(name__iexact=name)
    if isinstance(call, str):
        same_name |= Q(call_name__iexact=call)
    return Person.objects.filter(same_name, date_of_birth=born).order_by("pk").first()
