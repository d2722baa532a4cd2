"""Writes of registrations: every step of a request, decisions, the register and day passes."""

from __future__ import annotations

import dataclasses
import datetime
import io
import uuid
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document

from registrations import notifications
from registrations.deadlines import decision_deadline, objection_deadline
from registrations.letter_pdf import PdfConversionFailed, docx_to_pdf
from registrations.letters import (
    LetterSettingsMissing,
    LetterTemplateBroken,
    addressee,
    deadline_text,
    make_letter,
)
from registrations.models import (
    Advice,
    DayPass,
    Decision,
    InboundMail,
    Letter,
    LetterKind,
    Objection,
    Person,
    Registration,
    RegistrationRequest,
    RegistrationSettings,
    TermSuspension,
)
from registrations.models.letters import DECISION_KINDS
from registrations.models.settings import (
    fill_pass_number_mask,
    pass_number_pattern,
    refuse_off_mask,
)
from stapteam.models import Client, User
from stapteam.platform.actor import acts_as_by
from stapteam.platform.formats import day_date

Status = RegistrationRequest.Status
Kind = RegistrationRequest.Kind

# The steps a request may take (Awb flow for applications; others end as "afgehandeld").
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.IN_PROGRESS, Status.HANDLED},
    Status.IN_PROGRESS: {Status.ADVICE_REQUESTED, Status.DECIDED, Status.HANDLED},
    Status.ADVICE_REQUESTED: {Status.ADVICE_RECEIVED},
    Status.ADVICE_RECEIVED: {Status.DECIDED, Status.HANDLED},
    Status.DECIDED: {Status.NOTIFIED},
    Status.NOTIFIED: set(),
    Status.HANDLED: set(),
}


def _move(request: RegistrationRequest, to: str) -> None:
    if to not in TRANSITIONS[request.status]:
        raise ValidationError(
            _("Deze stap kan niet vanuit status “%(status)s”.")
            % {"status": request.get_status_display()}
        )
    request.status = to
    request.save(update_fields=["status"])


def _locked(request: RegistrationRequest) -> RegistrationRequest:
    return RegistrationRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def create_request(
    *,
    kind: str,
    received_on: datetime.date,
    channel: str,
    owner: User,
    person: Person | None = None,
    person_fields: dict[str, Any] | None = None,
    summary: str = "",
    registration: Registration | None = None,
    mail: InboundMail | None = None,
    submitted_by: str = RegistrationRequest.SubmittedBy.HERSELF,
    representative: str = "",
    wished_start: datetime.date | None = None,
) -> RegistrationRequest:
    """A new request; with person_fields a new person is recorded, with mail that mail is linked."""
    named = RegistrationSettings.current().regime == RegistrationSettings.Regime.NAMED
    if kind == Kind.APPLICATION and not named:
        raise ValidationError(
            _("Registratie op naam staat uit (dagpassen). Leg dit vast als vraag of overig.")
        )
    if person is None and person_fields and person_fields.get("name"):
        same = Person.objects.filter(
            name__iexact=person_fields["name"].strip(),
            date_of_birth=person_fields.get("date_of_birth"),
        )
        if same.exists():
            raise ValidationError(
                _("Deze persoon is al bekend; kies haar bij “Of: bestaande persoon”.")
            )
        person = Person(**person_fields)
        person.full_clean()
        person.save()
    if kind != Kind.QUESTION and person is None:
        raise ValidationError(_("Vul de naam van de persoon in."))
    if received_on > timezone.localdate():
        raise ValidationError(_("De ontvangstdatum mag niet in de toekomst liggen."))
    request = RegistrationRequest.objects.create(
        kind=kind,
        received_on=received_on,
        channel=channel,
        owner=owner,
        person=person,
        summary=summary,
        registration=registration,
        submitted_by=submitted_by,
        representative=representative,
        wished_start=wished_start,
        term_weeks=RegistrationSettings.current().decision_term_weeks,
    )
    if mail is not None:
        link_mail(mail=mail, request=request, by=owner)
    return request


@acts_as_by
@transaction.atomic
def link_mail(*, mail: InboundMail, request: RegistrationRequest, by: User) -> InboundMail:
    mail = InboundMail.objects.select_for_update().get(pk=mail.pk)
    if mail.state != InboundMail.State.NEW:
        raise ValidationError(_("Deze e-mail is al verwerkt."))
    mail.state = InboundMail.State.LINKED
    mail.request = request
    mail.handled_by = by
    mail.save(update_fields=["state", "request", "handled_by"])
    notifications.mail_handled(mail)
    return mail


@acts_as_by
@transaction.atomic
def dismiss_mail(*, mail: InboundMail, reason: str, by: User) -> InboundMail:
    mail = InboundMail.objects.select_for_update().get(pk=mail.pk)
    if mail.state != InboundMail.State.NEW:
        raise ValidationError(_("Deze e-mail is al verwerkt."))
    if not reason.strip():
        raise ValidationError(_("Geef een reden op."))
    mail.state = InboundMail.State.NOT_RELEVANT
    mail.not_relevant_reason = reason.strip()
    mail.handled_by = by
    mail.save(update_fields=["state", "not_relevant_reason", "handled_by"])
    notifications.mail_handled(mail)
    return mail


@transaction.atomic
def start_handling(*, request: RegistrationRequest) -> RegistrationRequest:
    request = _locked(request)
    _move(request, Status.IN_PROGRESS)
    return request


@acts_as_by
@transaction.atomic
def ask_advice(*, request: RegistrationRequest, by: User) -> Advice:
    """Ask the coordinator whether the person meets the care condition (applications only)."""
    request = _locked(request)
    if not request.is_application:
        raise ValidationError(_("Advies is alleen nodig bij een aanvraag registratie."))
    _move(request, Status.ADVICE_REQUESTED)
    advice = Advice.objects.create(request=request, asked_by=by)
    notifications.advice_asked(advice)
    return advice


@acts_as_by
@transaction.atomic
def give_advice(
    *,
    advice: Advice,
    answer: str,
    known_since: datetime.date | None,
    motivation: str,
    client: Client | None,
    by: User,
) -> Advice:
    advice = Advice.objects.select_for_update().get(pk=advice.pk)
    if advice.answered_at is not None:
        raise ValidationError(_("Dit advies is al gegeven."))
    if answer == Advice.Answer.YES and known_since is None:
        raise ValidationError(_("Vul in sinds wanneer zij bekend is in de zorg."))
    if known_since and known_since > timezone.localdate():
        raise ValidationError(_("De datum mag niet in de toekomst liggen."))
    advice.answer = answer
    advice.known_since = known_since if answer == Advice.Answer.YES else None
    advice.motivation = motivation.strip()
    advice.answered_at = timezone.now()
    advice.answered_by = by
    advice.save()
    person = advice.request.person
    if person is not None and client is not None:
        person.client = client
        person.save(update_fields=["client"])
    _move(_locked(advice.request), Status.ADVICE_RECEIVED)
    notifications.advice_given(advice)
    return advice


@transaction.atomic
def extend_term(
    *, request: RegistrationRequest, weeks: int, notice_on: datetime.date
) -> RegistrationRequest:
    """Awb 4:14: extend the decision term once, with a notice to the applicant."""
    request = _locked(request)
    _refuse_unless_term_runs(request)
    if notice_on > timezone.localdate():
        raise ValidationError(_("De datum van de mededeling mag niet in de toekomst liggen."))
    if request.extension_weeks:
        raise ValidationError(_("De beslistermijn is al eens verdaagd."))
    if not 1 <= weeks <= request.term_weeks:
        raise ValidationError(_("Verdagen kan met ten hoogste de oorspronkelijke termijn."))
    request.extension_weeks = weeks
    request.extension_notice_on = notice_on
    request.save(update_fields=["extension_weeks", "extension_notice_on"])
    return request


@transaction.atomic
def suspend_term(
    *,
    request: RegistrationRequest,
    reason: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> TermSuspension:
    """Awb 4:15 lid 2: the term stands still from `starts_on` until `ends_on` (a period she
    agreed to, a delay of her own, force majeure); stored with its period, never only a count."""
    request = _locked(request)
    _refuse_unless_term_runs(request)
    if ends_on <= starts_on:
        raise ValidationError(_("De einddatum moet na de begindatum liggen."))
    _refuse_overlap(request, starts_on, ends_on)
    days = (ends_on - starts_on).days
    if request.suspended_days + days > 365:
        raise ValidationError(_("Opschorten kan in totaal ten hoogste 365 dagen."))
    suspension = TermSuspension.objects.create(
        request=request, reason=reason, starts_on=starts_on, restore_until=ends_on, ends_on=ends_on
    )
    request.suspended_days += days
    request.save(update_fields=["suspended_days"])
    return suspension


def _refuse_overlap(
    request: RegistrationRequest, starts_on: datetime.date, ends_on: datetime.date
) -> None:
    """A day of the decision term stands still once: a new suspension may not overlap one
    already recorded (an open one counts up to the end of its hersteltermijn)."""
    for other in request.suspensions.all():
        if starts_on < (other.ends_on or other.restore_until) and other.starts_on < ends_on:
            raise ValidationError(
                _("Deze periode overlapt met een opschorting die al is vastgelegd (%(period)s).")
                % {"period": other}
            )


def _refuse_unless_term_runs(request: RegistrationRequest) -> None:
    """Extending or suspending only makes sense for an application that is not yet decided."""
    if not request.is_application or request.status in (
        Status.DECIDED,
        Status.NOTIFIED,
        Status.HANDLED,
    ):
        raise ValidationError(_("Alleen de termijn van een lopende aanvraag kan veranderen."))


def next_pass_number(year: int) -> str:
    """A suggestion: TZ-2026-007 for the seventh registration of 2026; with a mask the next
    number that follows it (TZ-0008 after seven numbers of TZ-####)."""
    mask = RegistrationSettings.current().pass_number_mask
    if mask:
        count = Registration.objects.filter(pass_number__regex=pass_number_pattern(mask)).count()
        return fill_pass_number_mask(mask, count + 1)
    count = Registration.objects.filter(pass_number__startswith=f"TZ-{year}-").count()
    return f"TZ-{year}-{count + 1:03d}"


def _refuse_unless_conditions_met(
    request: RegistrationRequest, config: RegistrationSettings, on: datetime.date
) -> None:
    """Granting needs her explicit consent and a "yes" on the care condition for the set period."""
    person = request.person
    if person is None or person.consent_on is None or person.consent_withdrawn_on is not None:
        raise ValidationError(
            _("Verlenen kan alleen met haar uitdrukkelijke, niet ingetrokken toestemming.")
        )
    advice = Advice.objects.filter(request=request).first()
    if advice is None or advice.answer != Advice.Answer.YES or advice.known_since is None:
        raise ValidationError(
            _("Verlenen kan alleen na een positief advies over de zorgvoorwaarde.")
        )
    months = config.care_period_months
    year, month = divmod(on.year * 12 + on.month - 1 - months, 12)
    needed = datetime.date(year, month + 1, min(on.day, 28))
    if advice.known_since > needed:
        raise ValidationError(
            _("Zij moet sinds %(date)s bekend zijn in de Nijmeegse zorg (%(n)s maanden).")
            % {"date": needed.strftime("%d-%m-%Y"), "n": months}
        )


@acts_as_by
@transaction.atomic
def decide(
    *,
    request: RegistrationRequest,
    outcome: str,
    decided_on: datetime.date,
    by: User,
    grounds: list[Any] | None = None,
    grounds_text: str = "",
    pass_number: str = "",
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    conditions: str = "",
) -> Decision:
    request = _locked(request)
    if not request.is_application:
        raise ValidationError(_("Alleen op een aanvraag registratie volgt een besluit."))
    config = RegistrationSettings.current()
    if config.regime != RegistrationSettings.Regime.NAMED:
        raise ValidationError(_("Registratie op naam staat uit; er worden dagpassen gebruikt."))
    if not request.received_on <= decided_on <= timezone.localdate():
        raise ValidationError(_("De besluitdatum moet tussen de ontvangst en vandaag liggen."))
    if outcome == Decision.Outcome.GRANTED:
        _refuse_unless_conditions_met(request, config, decided_on)
        try:
            refuse_off_mask(config.pass_number_mask, pass_number.strip())
        except ValidationError as error:
            raise ValidationError({"pass_number": error.error_list}) from error
    _move(request, Status.DECIDED)
    decision = Decision.objects.create(
        request=request,
        outcome=outcome,
        grounds_text=grounds_text.strip(),
        decided_on=decided_on,
        decided_by=by,
    )
    notifications.request_decided(request)
    if outcome == Decision.Outcome.REFUSED:
        if not grounds and not grounds_text.strip():
            raise ValidationError(_("Geef de gronden voor de weigering."))
        decision.grounds.set(grounds or [])
        return decision
    if request.person is None:
        raise ValidationError(_("Een registratie hoort bij een persoon."))
    if not (pass_number and valid_from and valid_until):
        raise ValidationError(_("Vul pasnummer en geldigheid in."))
    if valid_until < valid_from:
        raise ValidationError(_("De pas moet geldig blijven tot op of na de begindatum."))
    try:
        with transaction.atomic():
            Registration.objects.create(
                person=request.person,
                decision=decision,
                pass_number=pass_number.strip(),
                valid_from=valid_from,
                valid_until=valid_until,
                conditions=conditions.strip(),
            )
    except IntegrityError as error:
        if "pass_number" in str(error):
            raise ValidationError(_("Dit pasnummer is al uitgegeven.")) from error
        raise ValidationError(_("Deze persoon heeft al een actieve registratie.")) from error
    return decision


@transaction.atomic
def notify(*, decision: Decision, notified_on: datetime.date) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.decided_on <= notified_on <= timezone.localdate():
        raise ValidationError(
            _("De datum van bekendmaking moet tussen de besluitdatum en vandaag liggen.")
        )
    decision.notified_on = notified_on
    decision.save(update_fields=["notified_on"])
    _move(_locked(decision.request), Status.NOTIFIED)
    return decision


def _docx_text(content: bytes) -> str:
    """The text of a .docx (paragraphs and tables), to check an edited letter."""
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _check_edited(content: bytes, must_say: list[str]) -> None:
    """An edited letter is a Word document that still says what the law needs it to say."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            is_word = "word/document.xml" in archive.namelist()
        text = _docx_text(content) if is_word else ""
    except (zipfile.BadZipFile, KeyError, ValueError):
        is_word = False
    if not is_word:
        raise ValidationError(_("Upload de aangepaste brief als Word-document (.docx)."))
    absent = [phrase for phrase in must_say if phrase not in text]
    if absent:
        raise ValidationError(
            _(
                "De aangepaste brief moet noemen: %(phrases)s. Download de brief opnieuw met "
                "deze verzenddatum en pas die aan."
            )
            % {"phrases": ", ".join(absent)}
        )


def letter_pdf(
    *,
    request: RegistrationRequest,
    kind: str,
    sent_on: datetime.date,
    edited: bytes | None = None,
    must_say: list[str] | None = None,
    extra: dict[str, str] | None = None,
) -> bytes:
    """The letter as it goes out, as PDF: her edited .docx, or STAP's letter dated `sent_on`.
    Every failure is a ValidationError with a Dutch message."""
    try:
        if edited is not None:
            _check_edited(edited, must_say or [])
            content = edited
        else:
            content = make_letter(request, kind, sent_on=sent_on, extra=extra)
        return docx_to_pdf(content)
    except LetterSettingsMissing as error:
        raise ValidationError(error.message()) from error
    except LetterTemplateBroken as error:
        raise ValidationError(
            _("Het briefsjabloon kan niet worden gevuld; vraag de beheerder het te controleren.")
        ) from error
    except PdfConversionFailed as error:
        raise ValidationError(str(error)) from error


def _store_pdf(pdf: bytes, sent_on: datetime.date) -> str:
    return default_storage.save(f"letters/{sent_on:%Y/%m}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))


def _filed(
    *,
    request: RegistrationRequest,
    kind: str,
    sent_on: datetime.date,
    name: str,
    edited: bool,
    by: User,
) -> Letter:
    letter = Letter(
        request=request,
        kind=kind,
        sent_on=sent_on,
        addressee=addressee(request, kind)[0][:300],
        edited=edited,
        sent_by=by,
    )
    letter.pdf.name = name
    letter.save()
    return letter


def send_decision_letter(
    *, decision: Decision, sent_on: datetime.date, by: User, edited: bytes | None = None
) -> Letter:
    """ "Verzonden op": the decision letter frozen as PDF in the request's file, and the
    bekendmaking recorded, so the objection term runs from the day after `sent_on`."""
    if not decision.decided_on <= sent_on <= timezone.localdate():
        raise ValidationError(_("De verzenddatum moet tussen de besluitdatum en vandaag liggen."))
    if decision.notified_on is not None:
        raise ValidationError(_("Dit besluit is al verzonden."))
    request = decision.request
    must_say = [request.reference, deadline_text(objection_deadline(sent_on))]
    pdf = letter_pdf(
        request=request, kind=decision.outcome, sent_on=sent_on, edited=edited, must_say=must_say
    )
    # The PDF is stored first (a conversion takes seconds: no lock is held meanwhile) and goes
    # again when the database refuses the step.
    name = _store_pdf(pdf, sent_on)
    try:
        return _record_decision_letter(
            decision=decision, sent_on=sent_on, by=by, name=name, edited=edited is not None
        )
    except Exception:
        default_storage.delete(name)
        raise


@acts_as_by
@transaction.atomic
def _record_decision_letter(
    *, decision: Decision, sent_on: datetime.date, by: User, name: str, edited: bool
) -> Letter:
    decision = notify(decision=decision, notified_on=sent_on)
    return _filed(
        request=decision.request,
        kind=decision.outcome,
        sent_on=sent_on,
        name=name,
        edited=edited,
        by=by,
    )


# --- The process letters -----------------------------------------------------------------------

PROCESS_KINDS = [kind for kind in LetterKind if kind not in DECISION_KINDS]


def letter_kinds_for(request: RegistrationRequest) -> list[str]:
    """The process letters this request can have now, in the order of the process."""
    kinds: list[str] = []
    decision = Decision.objects.filter(request=request).first()
    if request.is_application:
        kinds.append(LetterKind.RECEIPT)
        if _term_runs(request):
            kinds.append(LetterKind.COMPLETION)
            if not request.extension_weeks:
                kinds.append(LetterKind.EXTENSION)
    objection = decision.objections.order_by("-received_on", "-id").first() if decision else None
    if objection is not None:
        kinds += [LetterKind.OBJECTION_RECEIPT, LetterKind.HEARING]
        if objection.outcome:
            kinds.append(LetterKind.OBJECTION_DECISION)
    if request.kind == Kind.STOP and request.registration_id is not None:
        kinds.append(LetterKind.OWN_REQUEST_END)
    return kinds


def _term_runs(request: RegistrationRequest) -> bool:
    return request.is_application and request.status not in (
        Status.DECIDED,
        Status.NOTIFIED,
        Status.HANDLED,
    )


def latest_objection(request: RegistrationRequest) -> Objection | None:
    return (
        Objection.objects.filter(decision__request=request).order_by("-received_on", "-id").first()
    )


def process_letter_values(
    *,
    request: RegistrationRequest,
    kind: str,
    sent_on: datetime.date,
    restore_until: datetime.date | None = None,
    weeks: int | None = None,
    note: str = "",
    hearing: Hearing | None = None,
) -> tuple[dict[str, str], list[str]]:
    """The values a process letter adds to the common ones, and what an edited one must still
    say; refuses in Dutch what the letter cannot be yet."""
    if kind not in letter_kinds_for(request):
        raise ValidationError(_("Deze brief past nu niet bij deze aanvraag; kies een andere."))
    note = note.strip()
    extra: dict[str, str] = {"toelichting": note}
    must_say = [request.reference]
    if kind in (LetterKind.COMPLETION, LetterKind.EXTENSION) and not note:
        raise ValidationError(
            _(
                "Schrijf in de toelichting wat zij moet aanvullen of waarom de termijn "
                "verdaagd wordt."
            )
        )
    if kind == LetterKind.OBJECTION_DECISION and not note:
        raise ValidationError(_("Schrijf in de toelichting de redenen van de beslissing."))
    if kind == LetterKind.COMPLETION:
        if restore_until is None or restore_until <= sent_on:
            raise ValidationError(_("De hersteltermijn moet na de verzenddatum eindigen."))
        extra["hersteltermijn"] = deadline_text(restore_until)
        must_say.append(extra["hersteltermijn"])
    if kind == LetterKind.EXTENSION:
        if weeks is None or not 1 <= weeks <= request.term_weeks:
            raise ValidationError(_("Verdagen kan met ten hoogste de oorspronkelijke termijn."))
        new_deadline = decision_deadline_of(request, extension_weeks=weeks)
        extra |= {"verdaging_weken": str(weeks), "beslisdatum": deadline_text(new_deadline)}
        must_say.append(extra["beslisdatum"])
    objection = latest_objection(request)
    if objection is not None:
        deadline = objection.decision_deadline()
        known = hearing or Hearing(
            objection.hearing_on, objection.hearing_time, objection.hearing_place
        )
        extra |= {
            "bezwaar_ontvangen": day_date(objection.received_on),
            "beslisdatum_bezwaar": deadline_text(deadline) if deadline else "…",
            "hoorzitting": deadline_text(known.on) if known.on else "…",
            "hoorzitting_tijd": known.at.strftime("%H.%M") if known.at else "…",
            "hoorzitting_plaats": known.place.strip() or "…",
            "uitkomst_bezwaar": objection.get_outcome_display().lower(),
        }
    if kind == LetterKind.HEARING:
        _check_hearing(hearing, sent_on)
        assert hearing is not None  # noqa: S101 - checked above, for the type checker
        must_say.append(extra["hoorzitting"])
    if kind == LetterKind.OBJECTION_DECISION:
        must_say.append(deadline_text(objection_deadline(sent_on)))
    return extra, must_say


@dataclasses.dataclass(frozen=True)
class Hearing:
    """When and where the hearing on an objection is (Awb 7:2), as the invitation states it."""

    on: datetime.date | None
    at: datetime.time | None
    place: str


def _check_hearing(hearing: Hearing | None, sent_on: datetime.date) -> None:
    if hearing is None or hearing.on is None or hearing.at is None or not hearing.place.strip():
        raise ValidationError(
            _(
                "Vul de datum, het tijdstip en de plaats van de hoorzitting in; die staan in "
                "de brief."
            )
        )
    if hearing.on <= sent_on:
        raise ValidationError(_("De hoorzitting moet na de verzenddatum van de uitnodiging zijn."))


def _store_hearing(request: RegistrationRequest, hearing: Hearing) -> None:
    """The invitation sent: the objection keeps the date, time and place it gave."""
    objection = latest_objection(request)
    if objection is None:
        raise ValidationError(_("Deze aanvraag heeft geen bezwaar."))
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    objection.hearing_on, objection.hearing_time = hearing.on, hearing.at
    objection.hearing_place = hearing.place.strip()
    objection.full_clean()
    objection.save(update_fields=["hearing_on", "hearing_time", "hearing_place"])


def decision_deadline_of(request: RegistrationRequest, *, extension_weeks: int) -> datetime.date:
    return decision_deadline(
        request.received_on,
        weeks=request.term_weeks,
        extension_weeks=extension_weeks,
        suspended_days=request.suspended_days,
    )


def make_process_letter(
    *,
    request: RegistrationRequest,
    kind: str,
    sent_on: datetime.date,
    restore_until: datetime.date | None = None,
    weeks: int | None = None,
    note: str = "",
    hearing: Hearing | None = None,
) -> bytes:
    """The process letter as .docx, to check or edit before sending."""
    extra, _must_say = process_letter_values(
        request=request,
        kind=kind,
        sent_on=sent_on,
        restore_until=restore_until,
        weeks=weeks,
        note=note,
        hearing=hearing,
    )
    try:
        return make_letter(request, kind, sent_on=sent_on, extra=extra)
    except LetterSettingsMissing as error:
        raise ValidationError(error.message()) from error
    except LetterTemplateBroken as error:
        raise ValidationError(
            _("Het briefsjabloon kan niet worden gevuld; vraag de beheerder het te controleren.")
        ) from error


def send_process_letter(
    *,
    request: RegistrationRequest,
    kind: str,
    sent_on: datetime.date,
    by: User,
    edited: bytes | None = None,
    restore_until: datetime.date | None = None,
    weeks: int | None = None,
    note: str = "",
    hearing: Hearing | None = None,
) -> Letter:
    """ "Verzonden op" for a process letter: filed as PDF; a request to complete suspends the
    decision term from the dispatch (Awb 4:15), a notice of extension extends it (4:14)."""
    if not request.received_on <= sent_on <= timezone.localdate():
        raise ValidationError(_("De verzenddatum moet tussen de ontvangst en vandaag liggen."))
    extra, must_say = process_letter_values(
        request=request,
        kind=kind,
        sent_on=sent_on,
        restore_until=restore_until,
        weeks=weeks,
        note=note,
        hearing=hearing,
    )
    pdf = letter_pdf(
        request=request, kind=kind, sent_on=sent_on, edited=edited, must_say=must_say, extra=extra
    )
    name = _store_pdf(pdf, sent_on)
    try:
        return _record_process_letter(
            request=request,
            kind=kind,
            sent_on=sent_on,
            by=by,
            name=name,
            edited=edited is not None,
            restore_until=restore_until,
            weeks=weeks,
            hearing=hearing,
        )
    except Exception:
        default_storage.delete(name)
        raise


@acts_as_by
@transaction.atomic
def _record_process_letter(
    *,
    request: RegistrationRequest,
    kind: str,
    sent_on: datetime.date,
    by: User,
    name: str,
    edited: bool,
    restore_until: datetime.date | None,
    weeks: int | None,
    hearing: Hearing | None = None,
) -> Letter:
    request = _locked(request)
    if kind == LetterKind.COMPLETION and restore_until is not None:
        if request.suspensions.filter(ends_on__isnull=True).exists():
            raise ValidationError(_("Sluit eerst de lopende opschorting af."))
        _refuse_overlap(request, sent_on, restore_until)
        suspension = TermSuspension.objects.create(
            request=request, starts_on=sent_on, restore_until=restore_until
        )
        request.suspended_days += suspension.days()
        request.save(update_fields=["suspended_days"])
    if kind == LetterKind.EXTENSION and weeks is not None:
        extend_term(request=request, weeks=weeks, notice_on=sent_on)
    if kind == LetterKind.HEARING and hearing is not None:
        _store_hearing(request, hearing)
    return _filed(request=request, kind=kind, sent_on=sent_on, name=name, edited=edited, by=by)


@acts_as_by
@transaction.atomic
def record_completion(
    *, request: RegistrationRequest, completed_on: datetime.date, by: User
) -> TermSuspension:
    """She completed her application (or the hersteltermijn passed unused): the suspension
    ends that day and the decision deadline moves by the days it really lasted."""
    request = _locked(request)
    suspension = request.suspensions.select_for_update().filter(ends_on__isnull=True).first()
    if suspension is None:
        raise ValidationError(
            _("Er loopt geen opschorting; verstuur eerst een verzoek om aanvulling.")
        )
    last = min(suspension.restore_until, timezone.localdate())
    if not suspension.starts_on <= completed_on <= last:
        raise ValidationError(
            _(
                "De datum van de aanvulling moet tussen de verzending en het einde van de "
                "hersteltermijn liggen, en niet na vandaag."
            )
        )
    before = suspension.days()
    suspension.ends_on = completed_on
    suspension.save(update_fields=["ends_on"])
    request.suspended_days += suspension.days() - before
    request.save(update_fields=["suspended_days"])
    return suspension


@transaction.atomic
def end_registration(
    *, registration: Registration, ended_on: datetime.date, reason: str, note: str
) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.ended_on is not None:
        raise ValidationError(_("Deze registratie is al beëindigd."))
    if ended_on > timezone.localdate() or ended_on < registration.valid_from:
        raise ValidationError(
            _("De einddatum moet tussen het begin van de registratie en vandaag liggen.")
        )
    registration.ended_on = ended_on
    registration.end_reason = reason
    registration.end_note = note.strip()
    registration.save(update_fields=["ended_on", "end_reason", "end_note"])
    return registration


@transaction.atomic
def handle_stop(*, request: RegistrationRequest, ended_on: datetime.date) -> None:
    """A stop request ends her active registration at her own request."""
    request = _locked(request)
    if request.kind != Kind.STOP:
        raise ValidationError(_("Dit is geen verzoek tot stopzetting."))
    active = Registration.objects.filter(person=request.person, ended_on__isnull=True).first()
    if active is None:
        raise ValidationError(_("Zij heeft geen actieve registratie."))
    end_registration(
        registration=active,
        ended_on=ended_on,
        reason=Registration.EndReason.OWN_REQUEST,
        note=_("Op verzoek van %(date)s") % {"date": request.received_on.strftime("%d-%m-%Y")},
    )
    request.registration = active
    request.save(update_fields=["registration"])
    _move(request, Status.HANDLED)


@transaction.atomic
def handle_change(*, request: RegistrationRequest, changes: dict[str, Any]) -> None:
    """A change request updates her address or contact details; history keeps the old ones."""
    request = _locked(request)
    if request.kind != Kind.CHANGE or request.person is None:
        raise ValidationError(_("Dit is geen wijzigingsverzoek."))
    person = Person.objects.select_for_update().get(pk=request.person.pk)
    for name, value in changes.items():
        setattr(person, name, value)
    person.full_clean()
    person.save(update_fields=list(changes))
    _move(request, Status.HANDLED)


@transaction.atomic
def close_request(*, request: RegistrationRequest) -> None:
    """An application is withdrawn or not taken up (no decision)."""
    request = _locked(request)
    if request.kind in (Kind.STOP, Kind.CHANGE):
        raise ValidationError(_("Verwerk eerst de stopzetting of de wijziging."))
    if request.kind == Kind.QUESTION:
        raise ValidationError(_("Een vraag is afgehandeld met het antwoord: leg dat vast."))
    if request.is_application and request.status == Status.ADVICE_REQUESTED:
        raise ValidationError(_("Wacht eerst het advies af."))
    _move(request, Status.HANDLED)


@acts_as_by
@transaction.atomic
def answer_question(
    *,
    request: RegistrationRequest,
    answer: str,
    answered_to: str,
    answered_on: datetime.date,
    by: User,
) -> RegistrationRequest:
    """A question ends with the answer given: what was answered, to whom and on which day."""
    request = _locked(request)
    if request.kind != Kind.QUESTION:
        raise ValidationError(_("Alleen een vraag wordt beantwoord."))
    if not answer.strip() or not answered_to.strip():
        raise ValidationError(_("Vul het gegeven antwoord in en aan wie het is gegeven."))
    if not request.received_on <= answered_on <= timezone.localdate():
        raise ValidationError(
            _("De datum van het antwoord moet tussen de ontvangst en vandaag liggen.")
        )
    request.answer, request.answered_to = answer.strip(), answered_to.strip()
    request.answered_on, request.answered_by = answered_on, by
    request.save(update_fields=["answer", "answered_to", "answered_on", "answered_by"])
    _move(request, Status.HANDLED)
    return request


@acts_as_by
@transaction.atomic
def add_objection(*, decision: Decision, by: User, **fields: Any) -> Objection:
    if decision.notified_on is None:
        raise ValidationError(_("Bezwaar kan pas na bekendmaking van het besluit."))
    received = fields.get("received_on")
    if received and not decision.notified_on <= received <= timezone.localdate():
        raise ValidationError(
            _("De ontvangstdatum van het bezwaar moet tussen de bekendmaking en vandaag liggen.")
        )
    objection = Objection(decision=decision, entered_by=by, **fields)
    objection.full_clean()
    objection.save()
    return objection


@transaction.atomic
def decide_objection(*, objection: Objection, outcome: str, decided_on: datetime.date) -> Objection:
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.outcome:
        raise ValidationError(_("Op dit bezwaar is al beslist."))
    if not objection.received_on <= decided_on <= timezone.localdate():
        raise ValidationError(
            _("De beslisdatum moet tussen de ontvangst van het bezwaar en vandaag liggen.")
        )
    objection.outcome = outcome
    objection.decided_on = decided_on
    objection.save(update_fields=["outcome", "decided_on"])
    notifications.objection_decided(objection)
    return objection


@acts_as_by
def issue_day_pass(*, day: datetime.date, pass_number: str, by: User) -> DayPass:
    """Log an anonymous day pass; the database refuses it past the day's cap."""
    config = RegistrationSettings.current()
    if config.regime != RegistrationSettings.Regime.DAY_PASS:
        raise ValidationError(_("Dagpassen staan uit; het regime is registratie op naam."))
    refuse_off_mask(config.day_pass_number_mask, pass_number.strip())
    try:
        with transaction.atomic():
            return DayPass.objects.create(day=day, pass_number=pass_number.strip(), issued_by=by)
    except IntegrityError as error:
        if "day_pass_cap" in str(error):
            raise ValidationError(
                _("Het maximum aantal dagpassen voor vandaag is bereikt.")
            ) from error
        raise ValidationError(_("Dit pasnummer is vandaag al uitgegeven.")) from error


@transaction.atomic
def set_person_legal_hold(*, person: Person, reason: str) -> Person:
    """Hold her registration file against destruction; an empty reason lifts it."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    person.legal_hold = bool(reason.strip())
    person.legal_hold_reason = reason.strip()
    person.save(update_fields=["legal_hold", "legal_hold_reason"])
    return person
