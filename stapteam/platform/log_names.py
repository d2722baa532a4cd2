"""How the access log names its objects on a page: as users know them, resolved when shown.

The log stores ids only (NEN 7513 rows hold no names and no record text). A page of the log asks
each object type's resolver once for all its ids on that page ("STAP-0003", "Contact van 12
november 2026"), so a page costs one query per object type, never one per row. Other apps register
the resolvers of their own object types from their apps.py; stapteam never names them. A resolver
returns no care text: a date, a kind, a number, a life domain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stapteam.models import (
    AccessLogEntry,
    Client,
    Contact,
    DestructionRecord,
    Escalation,
    Goal,
    SubjectAccessRequest,
    Trajectory,
    User,
    ZrmAssessment,
)
from stapteam.platform.formats import day_date
from stapteam.platform.retention import CARE_FILE

# object ids -> their names; an id it does not return is a record that no longer exists.
Resolver = Callable[[list[str]], dict[str, str]]

ANONYMISED = gettext_lazy("(geanonimiseerd)")
DELETED = gettext_lazy("(verwijderd)")

_resolvers: dict[str, Resolver] = {}


def register_log_names(object_type: str, resolver: Resolver) -> None:
    """Name the objects of `object_type` in the log (called from an app's ready())."""
    _resolvers[object_type] = resolver


def named_types() -> set[str]:
    """The object types whose ids get a name: every registered one, the client and the log."""
    return {*_resolvers, "client", "access_log"}


def ids_of(object_ids: Iterable[str]) -> list[int]:
    """The numeric ids among the logged ones (an id is text in the log)."""
    return [int(i) for i in object_ids if i.isdigit()]


def client_names(pks: Iterable[int]) -> dict[int, str]:
    """Client code per pk, or "(geanonimiseerd)" once retention anonymised her file; a pk that is
    missing was deleted. One query."""
    pks = set(pks)
    if not pks:
        return {}
    destroyed = DestructionRecord.objects.filter(
        category=CARE_FILE, object_type="stapteam.client", object_id=OuterRef("pk_text")
    )
    rows = (
        Client.objects.filter(pk__in=pks)
        .annotate(pk_text=Cast("pk", output_field=CharField()))
        .annotate(anonymised=Exists(destroyed))
        .values_list("pk", "code", "anonymised")
    )
    return {pk: str(ANONYMISED) if anonymised else code for pk, code, anonymised in rows}


def name_entries(entries: Sequence[AccessLogEntry]) -> Sequence[AccessLogEntry]:
    """Set `client_name` and `object_name` on every row: one query for the clients, one per other
    object type on the page."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.object_id:
            wanted[entry.object_type].add(entry.object_id)
    # The clients of the rows, the files read and the files whose log was read: one query.
    clients = client_names(
        {e.client_id for e in entries if e.client_id}
        | set(ids_of(wanted.pop("client", ())))
        | set(ids_of(i.removeprefix("client:") for i in wanted["access_log"]))
    )
    names = {
        kind: _resolvers[kind](sorted(ids)) for kind, ids in wanted.items() if kind in _resolvers
    }
    names["access_log"] = _log_pages(sorted(wanted["access_log"]), clients)
    for entry in entries:
        client = clients.get(entry.client_id, str(DELETED)) if entry.client_id else ""
        entry.client_name = client  # type: ignore[attr-defined]
        entry.object_name = _object_name(entry, clients, names)  # type: ignore[attr-defined]
    return entries


def _object_name(
    entry: AccessLogEntry, clients: dict[int, str], names: dict[str, dict[str, str]]
) -> str:
    if entry.client_id and clients.get(entry.client_id) == str(ANONYMISED):
        return str(ANONYMISED)  # not even the date of a contact of a destroyed file
    if entry.object_type == "client":
        pk = int(entry.object_id) if entry.object_id.isdigit() else 0
        return clients.get(pk, str(DELETED))
    if not entry.object_id:
        return ""
    if entry.object_type not in names:
        return entry.object_id  # a type no app names (an old row): its id, never a guess
    return names[entry.object_type].get(entry.object_id, str(DELETED))


# --- stapteam's own objects ----------------------------------------------------------------------


def _contacts(object_ids: list[str]) -> dict[str, str]:
    rows = Contact.objects.filter(pk__in=ids_of(object_ids)).values_list("pk", "occurred_at")
    return {str(pk): _("Contact van %(day)s") % {"day": day_date(at)} for pk, at in rows}


def _goals(object_ids: list[str]) -> dict[str, str]:
    rows = Goal.objects.filter(pk__in=ids_of(object_ids)).values_list("pk", "domain__name")
    return {str(pk): _("Doel: %(domain)s") % {"domain": domain} for pk, domain in rows}


def _zrm_assessments(object_ids: list[str]) -> dict[str, str]:
    rows = ZrmAssessment.objects.filter(pk__in=ids_of(object_ids)).values_list("pk", "assessed_on")
    return {str(pk): _("ZRM-meting van %(day)s") % {"day": day_date(on)} for pk, on in rows}


def _trajectories(object_ids: list[str]) -> dict[str, str]:
    labels = dict(Trajectory.Kind.choices)
    rows = Trajectory.objects.filter(pk__in=ids_of(object_ids)).values_list("pk", "kind")
    return {str(pk): _("Traject: %(kind)s") % {"kind": labels.get(k, k)} for pk, k in rows}


def _escalations(object_ids: list[str]) -> dict[str, str]:
    rows = Escalation.objects.filter(pk__in=ids_of(object_ids)).values_list("pk", "raised_at")
    return {str(pk): _("Opschaling van %(day)s") % {"day": day_date(at)} for pk, at in rows}


def _access_requests(object_ids: list[str]) -> dict[str, str]:
    requests = SubjectAccessRequest.objects.filter(pk__in=ids_of(object_ids))
    pks = requests.values_list("pk", flat=True)
    return {str(pk): _("Inzageverzoek %(number)s") % {"number": f"{pk:05d}"} for pk in pks}


def _log_pages(object_ids: list[str], codes: dict[int, str]) -> dict[str, str]:
    """The log's own pages: per client ("client:3", named from `codes`), per user ("user:5"),
    the reasons, the whole log ("all"; a search has no id) and its export ("csv")."""
    client_pks = ids_of(i.removeprefix("client:") for i in object_ids if i.startswith("client:"))
    user_pks = ids_of(i.removeprefix("user:") for i in object_ids if i.startswith("user:"))
    users = {u.pk: str(u) for u in User.objects.filter(pk__in=user_pks)} if user_pks else {}
    names = {
        "reasons": _("Inzage met reden"),
        "all": _("Het hele toegangslog"),
        "csv": _("Toegangslog als CSV"),
    }
    for pk in client_pks:
        names[f"client:{pk}"] = _("Toegangslog van %(code)s") % {
            "code": codes.get(pk, str(DELETED))
        }
    for pk in user_pks:
        names[f"user:{pk}"] = _("Toegangslog van %(name)s") % {"name": users.get(pk, DELETED)}
    return names


def register() -> None:
    register_log_names("contact", _contacts)
    register_log_names("goal", _goals)
    register_log_names("zrm_assessment", _zrm_assessments)
    register_log_names("trajectory", _trajectories)
    register_log_names("escalation", _escalations)
    register_log_names("subject_access", _access_requests)
