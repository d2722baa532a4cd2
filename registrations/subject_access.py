"""What the registration holds about a person, for her subject-access export (AVG art. 15).

Registration data only: the coordinator's link to a care file is left out, and so is any care
data; the care side has its own export.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from registrations.models import (
    Advice,
    Decision,
    InboundMail,
    MailAttachment,
    Objection,
    Person,
    Registration,
    RegistrationRequest,
    SubjectAccessRequest,
)
from stapteam.platform.subject_access import Section, history_section, section

CARE_LINK = ["client"]


def registration_sections(person: Person) -> list[Section]:
    requests = RegistrationRequest.objects.filter(person=person)
    request_ids = list(requests.values_list("pk", flat=True))
    mails = InboundMail.objects.filter(request_id__in=request_ids)
    mail_ids = list(mails.values_list("pk", flat=True))
    decisions = Decision.objects.filter(request_id__in=request_ids)
    decision_ids = list(decisions.values_list("pk", flat=True))
    return [
        section(_("Persoonsgegevens"), [person], exclude=CARE_LINK),
        section(_("Aanvragen en verzoeken"), requests),
        section(_("E-mails"), mails),
        section(_("Bijlagen"), MailAttachment.objects.filter(mail_id__in=mail_ids)),
        section(_("Adviezen zorgvoorwaarde"), Advice.objects.filter(request_id__in=request_ids)),
        section(_("Besluiten"), decisions),
        section(_("Registraties"), Registration.objects.filter(person=person)),
        section(_("Bezwaren"), Objection.objects.filter(decision_id__in=decision_ids)),
        section(_("Inzageverzoeken"), SubjectAccessRequest.objects.filter(person=person)),
        history_section(
            _("Geschiedenis: persoonsgegevens"), Person, id=person.pk, exclude=CARE_LINK
        ),
        history_section(_("Geschiedenis: aanvragen"), RegistrationRequest, id__in=request_ids),
        history_section(_("Geschiedenis: e-mails"), InboundMail, id__in=mail_ids),
        history_section(_("Geschiedenis: adviezen"), Advice, request_id__in=request_ids),
        history_section(_("Geschiedenis: besluiten"), Decision, request_id__in=request_ids),
        history_section(_("Geschiedenis: registraties"), Registration, person_id=person.pk),
        history_section(_("Geschiedenis: bezwaren"), Objection, decision_id__in=decision_ids),
    ]
