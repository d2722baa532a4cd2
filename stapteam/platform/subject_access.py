"""Subject access (AVG art. 15): everything held about one person, as one ZIP with a readable
`inzage.html` and a machine-readable `inzage.json`.

The care export gathers the client file here; other apps add what they hold about her by
registering a provider (a function of the client that returns sections); stapteam never names
them. The registration export is built by registrations from the same pieces.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from stapteam.models import (
    AccessLogEntry,
    Assignment,
    Client,
    ClientAccessGrant,
    Contact,
    Escalation,
    EscalationAction,
    Goal,
    Handover,
    PeerLink,
    SubjectAccessRequest,
    Trajectory,
    User,
    ZrmAssessment,
    ZrmScore,
)
from stapteam.models.subject_access import SubjectAccessRequestBase
from stapteam.platform.actor import acts_as_by
from stapteam.platform.dates import add_months

# Technical columns of a history row, besides the record's own fields.
HISTORY_FIELDS = ["history_date", "history_type", "history_user", "history_change_reason"]


@dataclass
class Section:
    title: str
    fields: list[tuple[str, str]]  # (field name for the JSON, Dutch label for the document)
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def table(self) -> list[list[tuple[str, Any]]]:
        """The records as (label, value) pairs, for the readable document."""
        return [[(label, r[name]) for name, label in self.fields] for r in self.records]


def _value(obj: models.Model, f: models.Field) -> Any:
    if f.is_relation:
        try:
            related = getattr(obj, f.name, None)
        except ObjectDoesNotExist:  # history may point at a row that is gone
            return getattr(obj, f.attname, None)
        return str(related) if related is not None else None
    value = f.value_from_object(obj)
    if f.choices and value not in (None, ""):
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def section(title: str, objects: Iterable[models.Model], *, exclude: Iterable[str] = ()) -> Section:
    """A section of every concrete field of the objects (foreign keys shown by name)."""
    items = list(objects)
    skip = set(exclude)
    model = type(items[0]) if items else None
    fields = (
        [f for f in model._meta.concrete_fields if f.name not in skip] if model is not None else []
    )
    return Section(
        title,
        [(f.name, str(f.verbose_name)) for f in fields],
        [{f.name: _value(obj, f) for f in fields} for obj in items],
    )


def history_section(
    title: str, model: type[models.Model], *, exclude: Iterable[str] = (), **lookup: Any
) -> Section:
    """Every history row (old versions) of the model's records matching `lookup`."""
    rows = (
        model.history.filter(**lookup)  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    skip = {"history_id", "history_relation", *exclude}
    return section(title, rows, exclude=skip)


CareProvider = Callable[[Client], list[Section]]
_care_providers: list[CareProvider] = []


def register_care_export_provider(provider: CareProvider) -> CareProvider:
    """Add what another app holds about a client to her care export."""
    if provider not in _care_providers:
        _care_providers.append(provider)
    return provider


def care_sections(client: Client) -> list[Section]:
    """Everything the care side holds about her, history and access log included."""
    pk = client.pk
    escalation_ids = list(Escalation.objects.filter(client=client).values_list("pk", flat=True))
    assessments = ZrmAssessment.objects.filter(client=client)
    sections = [
        section(_("Cliëntgegevens"), [client]),
        section(_("Casemanagers"), Assignment.objects.filter(client=client)),
        section(_("Warme overdrachten"), Handover.objects.filter(client=client)),
        section(_("Ervaringsdeskundigen"), PeerLink.objects.filter(client=client)),
        section(_("Contactmomenten"), Contact.objects.filter(client=client)),
        section(_("Doelen"), Goal.objects.filter(client=client)),
        section(_("ZRM-metingen"), assessments),
        section(_("ZRM-scores"), ZrmScore.objects.filter(assessment__in=assessments)),
        section(_("Trajecten"), Trajectory.objects.filter(client=client)),
        section(_("Opschalingen"), Escalation.objects.filter(client=client)),
        section(
            _("Afspraken en acties procesregie"),
            EscalationAction.objects.filter(escalation_id__in=escalation_ids),
        ),
        section(_("Inzage met reden"), ClientAccessGrant.objects.filter(client=client)),
        section(_("Inzageverzoeken"), SubjectAccessRequest.objects.filter(client=client)),
    ]
    for provider in _care_providers:
        sections.extend(provider(client))
    sections += [
        history_section(_("Geschiedenis: cliëntgegevens"), Client, id=pk),
        history_section(_("Geschiedenis: contactmomenten"), Contact, client_id=pk),
        history_section(_("Geschiedenis: doelen"), Goal, client_id=pk),
        history_section(_("Geschiedenis: trajecten"), Trajectory, client_id=pk),
        history_section(_("Geschiedenis: overdrachten"), Handover, client_id=pk),
        history_section(_("Geschiedenis: opschalingen"), Escalation, client_id=pk),
        history_section(
            _("Geschiedenis: afspraken procesregie"),
            EscalationAction,
            escalation_id__in=escalation_ids,
        ),
        history_section(_("Geschiedenis: casemanagers"), Assignment, client_id=pk),
        history_section(_("Geschiedenis: ervaringsdeskundigen"), PeerLink, client_id=pk),
        history_section(_("Geschiedenis: inzage met reden"), ClientAccessGrant, client_id=pk),
        section(
            _("Toegangslog: wie dit dossier inzag of wijzigde"),
            AccessLogEntry.objects.filter(client_id=pk).select_related("user").order_by("at"),
        ),
    ]
    return sections


def export_zip(*, number: str, subject: str, sections: list[Section]) -> bytes:
    """The ZIP: inzage.html (readable, no external resources) and inzage.json."""
    produced = timezone.localtime()
    document = render_to_string(
        "stapteam/subject_access_document.html",
        {"number": number, "subject": subject, "sections": sections, "produced": produced},
    )
    data = {
        "verzoek": number,
        "betreft": subject,
        "gemaakt_op": produced,
        "onderdelen": [{"titel": s.title, "records": s.records} for s in sections],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inzage.html", document)
        archive.writestr(
            "inzage.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
    return buffer.getvalue()


def due_date(received_on: datetime.date) -> datetime.date:
    """AVG art. 12 lid 3: within one month of receipt."""
    return add_months(received_on, 1)


AccessRequest = TypeVar("AccessRequest", bound=SubjectAccessRequestBase)


@acts_as_by
def register_access_request(*, request: AccessRequest, by: User) -> AccessRequest:
    """Record an access request (care or registration), due one month after receipt."""
    if request.received_on > timezone.localdate():
        raise ValidationError(_("De ontvangstdatum ligt niet in de toekomst."))
    request.due_on = due_date(request.received_on)
    request.registered_by = by
    request.full_clean()
    request.save()
    return request


@acts_as_by
@transaction.atomic
def mark_access_request_handled(*, request: AccessRequest, by: User) -> AccessRequest:
    """The first export of the request's ZIP is its handling; a later one changes nothing."""
    locked = type(request)._default_manager.select_for_update().get(pk=request.pk)
    if locked.handled_on is None:
        locked.handled_on = timezone.localdate()
        locked.handled_by = by
        locked.save(update_fields=["handled_on", "handled_by"])
    return locked
