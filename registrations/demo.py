"""Invented demo data for registrations: a mailbox of mail and requests in every state."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from faker import Faker

from registrations import letter_pdf, services
from registrations import mail as mailbox
from registrations.models import (
    DayPass,
    Decision,
    InboundMail,
    LetterKind,
    Person,
    RefusalGround,
    RegistrationRequest,
    RegistrationSettings,
)
from stapteam.models import User

# The same invented mails the tests use.
MAIL_FIXTURES = Path(settings.BASE_DIR) / "tests" / "fixtures" / "mail"


# Invented example values for the letter settings (the real ones are the beheerder's).
DEMO_LETTER_SETTINGS = {
    "decision_body": "de burgemeester van Voorbeeldstad",
    "letterhead": "Gemeente Voorbeeldstad — Zorg- en Veiligheidshuis (demo)",
    "letter_address": "Postbus 1234\n6500 AA Voorbeeldstad",
    "letter_legal_basis": "artikel 3:9 van de Algemene Plaatselijke Verordening Voorbeeldstad "
    "(verzonnen, alleen voor de demo)",
    "objection_address": "De burgemeester van Voorbeeldstad\nt.a.v. de bezwaarcommissie\n"
    "Postbus 1234\n6500 AA Voorbeeldstad",
    "court_address": "Rechtbank Voorbeeld, voorzieningenrechter (bestuursrecht)\nPostbus 5678\n"
    "6800 BB Voorbeeldstad",
    "signatory": "Mr. A. Voorbeeld, teamleider Veiligheidshuis",
}


def load_demo(people: dict[str, User]) -> str:
    """Load once (nothing happens when requests exist); returns a one-line summary."""
    if RegistrationRequest.objects.exists():
        return "Demo-registraties al aanwezig: " + summary()
    sanne = people["secretariaat"]
    carla = people["coordinator"]
    fake = Faker("nl_NL")
    fake.seed_instance(4242)
    today = timezone.localdate()
    RegistrationSettings.objects.filter(id=1).update(
        regime=RegistrationSettings.Regime.NAMED,
        legal_basis="Demo-omgeving: registratie op naam met een verzonnen grondslag.",
        legal_basis_date=today - datetime.timedelta(days=400),
        **DEMO_LETTER_SETTINGS,
    )
    # With care workers' mails that name her only in the text or in a filled-in PDF form.
    for path in [
        *sorted(MAIL_FIXTURES.glob("*.eml")),
        *sorted(MAIL_FIXTURES.glob("gegevens/*.eml")),
    ]:
        mailbox.store_message(path.read_bytes(), source=InboundMail.Source.UPLOAD)

    def person() -> Person:
        return Person.objects.create(
            name=fake.name_female(),
            date_of_birth=fake.date_of_birth(minimum_age=21, maximum_age=55),
            phone=fake.phone_number(),
            address=fake.street_address() + ", Nijmegen",
            consent_on=today - datetime.timedelta(days=60),
        )

    def request(kind: str, days_ago: int, who: Person | None) -> RegistrationRequest:
        return services.create_request(
            kind=kind,
            received_on=today - datetime.timedelta(days=days_ago),
            channel="mail",
            owner=sanne,
            person=who,
            summary="",
        )

    def with_yes_advice(r: RegistrationRequest) -> RegistrationRequest:
        services.give_advice(
            advice=services.ask_advice(request=r, by=sanne),
            answer="yes",
            known_since=today - datetime.timedelta(days=1200),
            motivation="Bekend bij de Cirkel.",
            client=None,
            by=carla,
        )
        return r

    # One request in every state of an application.
    request("application", 1, person())  # ontvangen
    services.start_handling(request=request("application", 5, person()))
    asked = request("application", 12, person())
    services.start_handling(request=asked)
    services.ask_advice(request=asked, by=sanne)
    advised = request("application", 30, person())
    services.start_handling(request=advised)
    services.give_advice(
        advice=services.ask_advice(request=advised, by=sanne),
        answer="yes",
        known_since=today - datetime.timedelta(days=900),
        motivation="Al jaren bekend bij de Cirkel.",
        client=None,
        by=carla,
    )
    granted_person = person()
    granted = request("application", 50, granted_person)
    services.start_handling(request=granted)
    with_yes_advice(granted)
    decision = services.decide(
        request=granted,
        outcome="granted",
        decided_on=today - datetime.timedelta(days=20),
        by=sanne,
        pass_number=services.next_pass_number(today.year),
        valid_from=today - datetime.timedelta(days=20),
        valid_until=today + datetime.timedelta(days=30),  # expires soon
        conditions="Alleen binnen de openingstijden van de zone.",
    )
    letters = _send_demo_letters(decision, request("application", 10, person()), sanne)
    for offset, p in ((120, person()), (200, person())):
        r = request("application", offset, p)
        services.start_handling(request=r)
        with_yes_advice(r)
        services.notify(
            decision=services.decide(
                request=r,
                outcome="granted",
                decided_on=today - datetime.timedelta(days=offset - 30),
                by=sanne,
                pass_number=services.next_pass_number(today.year),
                valid_from=today - datetime.timedelta(days=offset - 30),
                valid_until=today + datetime.timedelta(days=250),
            ),
            notified_on=today - datetime.timedelta(days=offset - 31),
        )
    refused = request("application", 70, person())
    services.start_handling(request=refused)
    refusal = services.decide(
        request=refused,
        outcome="refused",
        decided_on=today - datetime.timedelta(days=40),
        by=sanne,
        grounds=[RefusalGround.objects.first()],
        grounds_text="Niet bekend in de Nijmeegse zorg in de vereiste periode.",
    )
    refusal = services.notify(decision=refusal, notified_on=today - datetime.timedelta(days=38))
    services.add_objection(
        decision=refusal,
        by=sanne,
        received_on=today - datetime.timedelta(days=20),
        submitted_by="representative",
        representative="Mr. " + fake.last_name(),
        grounds="Zij is wel degelijk langer bekend bij de hulpverlening.",
        advisory_committee=True,
    )
    # Decided yesterday; the letter still has to go out.
    pending = request("application", 45, person())
    services.start_handling(request=pending)
    services.decide(
        request=pending,
        outcome="refused",
        decided_on=today - datetime.timedelta(days=1),
        by=sanne,
        grounds=[RefusalGround.objects.first()],
    )
    # A stop request (handled) and a change request still to do, and a question.
    stop = request("stop", 3, granted_person)
    services.start_handling(request=stop)
    services.handle_stop(request=stop, ended_on=today - datetime.timedelta(days=2))
    services.start_handling(request=request("change", 2, person()))
    request("question", 1, None)
    # Day passes from the weeks the zone ran on anonymous passes.
    for day_offset in range(1, 6):
        for n in range(1, 8 + day_offset):
            DayPass.objects.create(
                day=today - datetime.timedelta(days=100 + day_offset),
                pass_number=str(n),
                issued_by=sanne,
            )
    return "Demo-registraties: " + summary() + "; " + letters


def _send_demo_letters(decision: Decision, incomplete: RegistrationRequest, sanne: User) -> str:
    """A sent decision letter (its PDF filed) and a request to complete that suspends the
    decision term, when LibreOffice is here to make the PDFs (two conversions, a few seconds);
    without it the decision is only recorded as made known, and the summary says why."""
    today = timezone.localdate()
    services.start_handling(request=incomplete)
    if not letter_pdf.available():
        services.notify(decision=decision, notified_on=today - datetime.timedelta(days=18))
        return "geen verzonden brieven: LibreOffice ontbreekt (make libreoffice)"
    try:
        services.send_decision_letter(
            decision=decision, sent_on=today - datetime.timedelta(days=18), by=sanne
        )
        services.send_process_letter(
            request=incomplete,
            kind=LetterKind.COMPLETION,
            sent_on=today - datetime.timedelta(days=3),
            restore_until=today + datetime.timedelta(days=11),
            note="Een kopie van een geldig identiteitsbewijs.",
            by=sanne,
        )
    except ValidationError as error:
        if Decision.objects.get(pk=decision.pk).notified_on is None:
            services.notify(decision=decision, notified_on=today - datetime.timedelta(days=18))
        return "brieven niet verzonden: " + " ".join(error.messages)
    return "1 verzonden besluitbrief (PDF) en 1 lopende opschorting"


def summary() -> str:
    by_status = dict(
        RegistrationRequest.objects.values_list("status").annotate(n=Count("id")).order_by()
    )
    return (
        f"{sum(by_status.values())} aanvragen, "
        f"{InboundMail.objects.count()} e-mails, "
        f"{DayPass.objects.count()} dagpassen"
    )
