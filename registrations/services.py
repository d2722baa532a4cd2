"""Writes of registrations: every step of a request, decisions, the register and day passes."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registrations import notifications
from registrations.models import (
    Advice,
    DayPass,
    Decision,
    InboundMail,
    Objection,
    Person,
    Registration,
    RegistrationRequest,
    RegistrationSettings,
)
from registrations.models.settings import (
    fill_pass_number_mask,
    pass_number_pattern,
    refuse_off_mask,
)
from stapteam.models import Client, User
from stapteam.platform.actor import acts_as_by

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
def suspend_term(*, request: RegistrationRequest, days: int) -> RegistrationRequest:
    """Awb 4:15: the term stands still while she completes an incomplete request."""
    request = _locked(request)
    _refuse_unless_term_runs(request)
    if not 1 <= days <= 365 or request.suspended_days + days > 365:
        raise ValidationError(_("Opschorten kan in totaal ten hoogste 365 dagen."))
    request.suspended_days += days
    request.save(update_fields=["suspended_days"])
    return request


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
