"""The secretariat's work on a request: from mail to decision, letter, notice and objection."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core import mail as outbox
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.deadlines import objection_deadline
from registrations.models import (
    Decision,
    InboundMail,
    Person,
    Registration,
    RegistrationRequest,
    RegistrationSettings,
)
from stapteam.models import NotificationSettings
from stapteam.platform.formats import long_date
from tests.factories import ClientFactory

# These tests call services directly; their writes are recorded as the system account's.
pytestmark = pytest.mark.usefixtures("as_system")

TODAY = datetime.date(2026, 3, 2)  # a Monday


@pytest.fixture
def named_regime(db: None) -> None:
    RegistrationSettings.objects.filter(id=1).update(regime="named")


@pytest.fixture
def letter_settings(named_regime) -> None:
    from registrations.demo import DEMO_LETTER_SETTINGS

    RegistrationSettings.objects.filter(id=1).update(**DEMO_LETTER_SETTINGS)


@pytest.fixture
def application(named_regime, sanne_secretariat) -> RegistrationRequest:
    person = Person.objects.create(
        name="Roos Verhoeven", address="Loods 1, Nijmegen", consent_on=timezone.localdate()
    )
    request = services.create_request(
        kind="application",
        received_on=timezone.localdate(),
        channel="mail",
        owner=sanne_secretariat,
        person=person,
    )
    services.start_handling(request=request)
    return request


def advise_yes(request: RegistrationRequest, by) -> None:
    services.give_advice(
        advice=services.ask_advice(request=request, by=by),
        answer="yes",
        known_since=datetime.date(2020, 1, 1),
        motivation="",
        client=None,
        by=by,
    )


def letter_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        return docx.read("word/document.xml").decode()


@pytest.mark.django_db
def test_new_request_from_a_mail_links_the_mail(client, named_regime, sanne_secretariat):
    mail = InboundMail.objects.create(
        message_id="<a@test.invalid>",
        source="imap",
        sender="Roos Verhoeven <roos@example.nl>",
        subject="Aanvraag registratie tippelzone",
        sent_at=timezone.now(),
    )
    client.force_login(sanne_secretariat)
    page = client.get(reverse("registrations:mail_detail", args=[mail.pk])).content.decode()
    assert 'value="Roos Verhoeven"' in page  # prefilled from the sender
    assert 'value="application" selected' in page or 'value="application" checked' in page
    response = client.post(
        reverse("registrations:mail_detail", args=[mail.pk]),
        {
            "kind": "application",
            "received_on": timezone.localdate().isoformat(),
            "channel": "mail",
            "name": "Roos Verhoeven",
            "email": "roos@example.nl",
        },
    )
    request = RegistrationRequest.objects.get()
    assert response.status_code == 302
    mail.refresh_from_db()
    assert (mail.state, mail.request) == (InboundMail.State.LINKED, request)
    assert request.person is not None
    assert request.person.email == "roos@example.nl"


@pytest.mark.django_db
def test_mail_not_relevant_needs_a_reason(client, sanne_secretariat):
    mail = InboundMail.objects.create(message_id="<b@test.invalid>", source="imap")
    client.force_login(sanne_secretariat)
    client.post(reverse("registrations:mail_dismiss", args=[mail.pk]), {"reason": ""})
    mail.refresh_from_db()
    assert mail.state == InboundMail.State.NEW
    client.post(reverse("registrations:mail_dismiss", args=[mail.pk]), {"reason": "Reclame"})
    mail.refresh_from_db()
    assert (mail.state, mail.not_relevant_reason) == (InboundMail.State.NOT_RELEVANT, "Reclame")


@pytest.mark.django_db
def test_whole_flow_to_a_pass_with_letter_and_objection(
    client, settings, tmp_path, letter_settings, application, sanne_secretariat, carla_coordinator
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(sanne_secretariat)
    url = reverse("registrations:request_step", args=[application.pk])
    client.post(url, {"step": "advice"})
    advice = application.advice
    services.give_advice(
        advice=advice,
        answer="yes",
        known_since=datetime.date(2022, 5, 1),
        motivation="Bekend bij de Cirkel.",
        client=ClientFactory.create(call_name="Geheimpje"),
        by=carla_coordinator,
    )
    detail = client.get(reverse("registrations:request_detail", args=[application.pk]))
    page = detail.content.decode()
    assert "Ja, bekend in de Nijmeegse zorg" in page
    assert "Geheimpje" not in page  # the link to the care file is the coordinator's alone

    today = timezone.localdate()
    client.post(
        reverse("registrations:request_decide", args=[application.pk]),
        {
            "outcome": "granted",
            "decided_on": today.isoformat(),
            "pass_number": "TZ-2026-001",
            "valid_from": today.isoformat(),
            "valid_until": (today + datetime.timedelta(days=364)).isoformat(),
            "conditions": "Alleen binnen de openingstijden.",
        },
    )
    registration = Registration.objects.get()
    assert registration.pass_number == "TZ-2026-001"
    letter = client.get(reverse("registrations:decision_letter", args=[application.pk]))
    assert letter["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Roos" not in letter["Content-Disposition"]
    text = letter_text(letter.content)
    assert "Roos Verhoeven" in text and "TZ-2026-001" in text and "bezwaar" in text
    # The objection deadline carries its weekday, as on the request page.
    letter_deadline = objection_deadline(today)
    assert f"uiterlijk op {long_date(letter_deadline)}" in text
    assert long_date(letter_deadline).split()[0] in {
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
    }

    client.post(
        reverse("registrations:request_notify", args=[application.pk]),
        {"notified_on": today.isoformat(), "confirm": "on"},
    )
    application.refresh_from_db()
    assert application.status == RegistrationRequest.Status.NOTIFIED
    decision = Decision.objects.get()
    objection_end = decision.objection_deadline()
    assert objection_end is not None
    assert objection_end > today + datetime.timedelta(days=41)

    client.post(
        reverse("registrations:objection_create", args=[application.pk]),
        {
            "received_on": today.isoformat(),
            "submitted_by": "representative",
            "representative": "Mr. De Wit",
            "grounds": "Voorwaarde te streng.",
            "extension_weeks": 0,
        },
    )
    objection = decision.objections.get()
    assert objection.decision_deadline() is not None
    client.post(
        reverse("registrations:objection_decide", args=[objection.pk]),
        {"outcome": "unfounded", "decided_on": today.isoformat()},
    )
    objection.refresh_from_db()
    assert objection.outcome == "unfounded"


@pytest.mark.django_db
def test_refusal_needs_grounds_and_changes_nothing_without(client, application, sanne_secretariat):
    client.force_login(sanne_secretariat)
    response = client.post(
        reverse("registrations:request_decide", args=[application.pk]),
        {"outcome": "refused", "decided_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "Geef de gronden voor de weigering." in response.content.decode()
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_a_person_has_one_active_registration(application, sanne_secretariat):
    today = timezone.localdate()
    kwargs = {
        "outcome": "granted",
        "decided_on": today,
        "by": sanne_secretariat,
        "valid_from": today,
        "valid_until": today + datetime.timedelta(days=30),
    }
    advise_yes(application, sanne_secretariat)
    services.decide(request=application, pass_number="TZ-1", **kwargs)
    second = services.create_request(
        kind="application",
        received_on=today,
        channel="desk",
        owner=sanne_secretariat,
        person=application.person,
    )
    services.start_handling(request=second)
    advise_yes(second, sanne_secretariat)
    with pytest.raises(Exception, match="al een actieve registratie"):
        services.decide(request=second, pass_number="TZ-2", **kwargs)
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_stop_request_ends_the_registration(client, application, sanne_secretariat):
    today = timezone.localdate()
    advise_yes(application, sanne_secretariat)
    services.decide(
        request=application,
        outcome="granted",
        decided_on=today,
        by=sanne_secretariat,
        pass_number="TZ-9",
        valid_from=today,
        valid_until=today + datetime.timedelta(days=30),
    )
    stop = services.create_request(
        kind="stop",
        received_on=today,
        channel="mail",
        owner=sanne_secretariat,
        person=application.person,
    )
    client.force_login(sanne_secretariat)
    client.post(reverse("registrations:request_step", args=[stop.pk]), {"step": "start"})
    client.post(reverse("registrations:request_stop", args=[stop.pk]), {"ended_on": today})
    registration = Registration.objects.get()
    assert registration.end_reason == Registration.EndReason.OWN_REQUEST
    stop.refresh_from_db()
    assert stop.status == RegistrationRequest.Status.HANDLED


@pytest.mark.django_db
def test_change_request_keeps_the_old_address_in_history(client, named_regime, sanne_secretariat):
    person = Person.objects.create(name="Iris", address="Oud adres 1")
    change = services.create_request(
        kind="change",
        received_on=timezone.localdate(),
        channel="mail",
        owner=sanne_secretariat,
        person=person,
    )
    services.start_handling(request=change)
    client.force_login(sanne_secretariat)
    client.post(
        reverse("registrations:request_change", args=[change.pk]),
        {"phone": "", "email": "", "address": "Nieuw adres 2"},
    )
    person.refresh_from_db()
    assert person.address == "Nieuw adres 2"
    assert "Oud adres 1" in set(person.history.values_list("address", flat=True))


@pytest.mark.django_db
def test_extension_once_with_notice(application, sanne_secretariat):
    before = application.decision_deadline()
    services.extend_term(request=application, weeks=4, notice_on=timezone.localdate())
    application.refresh_from_db()
    assert application.decision_deadline() >= before + datetime.timedelta(weeks=4)
    with pytest.raises(Exception, match="al eens verdaagd"):
        services.extend_term(request=application, weeks=2, notice_on=timezone.localdate())


@pytest.mark.django_db
def test_no_named_decisions_under_the_day_pass_regime(application, sanne_secretariat):
    RegistrationSettings.objects.filter(id=1).update(regime="day_pass")
    with pytest.raises(Exception, match="dagpassen"):
        services.decide(
            request=application,
            outcome="refused",
            decided_on=timezone.localdate(),
            by=sanne_secretariat,
            grounds_text="x",
        )


@pytest.mark.django_db
def test_bad_step_and_bad_dates_give_messages_not_errors(client, application, sanne_secretariat):
    client.force_login(sanne_secretariat)
    response = client.post(
        reverse("registrations:request_step", args=[application.pk]), {"step": "bogus"}, follow=True
    )
    assert "Onbekende stap." in response.content.decode()
    response = client.post(
        reverse("registrations:request_extend", args=[application.pk]),
        {"weeks": "99", "notice_on": "gisteren"},
        follow=True,
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.extension_weeks == 0


@pytest.mark.django_db
def test_daily_digest_counts_terms_without_names(settings, application, sanne_secretariat):
    """The secretariat's Awb digest is now her notification digest: counts and a link."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    NotificationSettings.objects.create(user=sanne_secretariat, daily_digest=True)
    RegistrationRequest.objects.filter(pk=application.pk).update(
        received_on=timezone.localdate() - datetime.timedelta(weeks=9)
    )
    call_command("send_notifications", stdout=io.StringIO())
    assert len(outbox.outbox) == 1
    body = outbox.outbox[0].body
    assert "- 1 × Awb-termijn verstreken" in body
    assert "/meldingen/" in body
    assert "Roos" not in body and "Roos" not in outbox.outbox[0].subject


@pytest.mark.django_db
def test_the_radar_says_deadlines_as_a_person_does(client, named_regime, sanne_secretariat):
    today = timezone.localdate()

    def application_received(days_ago: int, name: str) -> RegistrationRequest:
        return services.create_request(
            kind="application",
            received_on=today - datetime.timedelta(days=days_ago),
            channel="mail",
            owner=sanne_secretariat,
            person=Person.objects.create(name=name),
        )

    late = application_received(3 * 365, "Laat")
    running = application_received(1, "Lopend")
    question = services.create_request(
        kind="question", received_on=today, channel="mail", owner=sanne_secretariat
    )
    client.force_login(sanne_secretariat)
    response = client.get(reverse("registrations:request_list"))
    text = response.content.decode()
    cells = {row.request.pk: row for row in response.context["terms"]}
    overdue_days = (today - late.decision_deadline()).days
    assert overdue_days > 1000
    assert f"{overdue_days} dagen te laat" in text
    assert f"-{overdue_days}" not in text
    assert long_date(late.decision_deadline()) in text  # with its weekday
    left = (running.decision_deadline() - today).days
    assert f"nog {left} dagen" in text and long_date(running.decision_deadline()) in text
    assert cells[question.pk].deadline is None
    assert "geen wettelijke termijn" in text


@pytest.mark.django_db
def test_the_request_page_gives_the_deadline_with_its_weekday(
    client, application, sanne_secretariat
):
    client.force_login(sanne_secretariat)
    page = client.get(reverse("registrations:request_detail", args=[application.pk]))
    deadline = application.decision_deadline()
    left = (deadline - timezone.localdate()).days
    assert f"Beslissen uiterlijk {long_date(deadline)} (nog {left} dagen)." in page.content.decode()


@pytest.mark.django_db
def test_deadline_radar_costs_fixed_queries(assert_fixed_queries, named_regime, sanne_secretariat):
    def more() -> None:
        for i in range(8):
            person = Person.objects.create(name=f"Persoon {i}")
            services.create_request(
                kind="application" if i % 2 else "question",
                received_on=timezone.localdate(),
                channel="mail",
                owner=sanne_secretariat,
                person=person,
            )

    more()
    assert_fixed_queries(
        sanne_secretariat, reverse("registrations:request_list"), add_more=more, max_queries=12
    )


@pytest.mark.django_db
def test_uploading_the_same_eml_twice_keeps_one_mail(client, settings, tmp_path, sanne_secretariat):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    raw = (Path(__file__).parents[1] / "fixtures" / "mail" / "01-aanvraag.eml").read_bytes()
    client.force_login(sanne_secretariat)
    for _ in range(2):
        upload = SimpleUploadedFile("aanvraag.eml", raw, content_type="message/rfc822")
        response = client.post(reverse("registrations:mail_upload"), {"file": upload}, follow=True)
        assert response.status_code == 200
    assert InboundMail.objects.count() == 1
    assert "stond al in de post" in response.content.decode()
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("registrations:mail_upload"), {"file": bad}, follow=True)
    assert "Kies een .eml- of .msg-bestand." in response.content.decode()
    assert InboundMail.objects.count() == 1


@pytest.mark.django_db
def test_granting_needs_consent_and_a_yes_for_the_care_period(application, sanne_secretariat):
    today = timezone.localdate()
    kwargs = {
        "outcome": "granted",
        "decided_on": today,
        "by": sanne_secretariat,
        "pass_number": "TZ-X",
        "valid_from": today,
        "valid_until": today + datetime.timedelta(days=30),
    }
    with pytest.raises(Exception, match="positief advies"):
        services.decide(request=application, **kwargs)
    services.give_advice(
        advice=services.ask_advice(request=application, by=sanne_secretariat),
        answer="yes",
        known_since=today - datetime.timedelta(days=20),  # known too briefly
        motivation="",
        client=None,
        by=sanne_secretariat,
    )
    with pytest.raises(Exception, match="bekend zijn in de Nijmeegse zorg"):
        services.decide(request=application, **kwargs)
    Person.objects.filter(pk=application.person_id).update(consent_withdrawn_on=today)
    with pytest.raises(Exception, match="toestemming"):
        services.decide(request=application, **kwargs)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_no_applications_under_the_day_pass_regime(sanne_secretariat):
    with pytest.raises(Exception, match="dagpassen"):
        services.create_request(
            kind="application",
            received_on=timezone.localdate(),
            channel="desk",
            owner=sanne_secretariat,
            person_fields={"name": "Iemand"},
        )


@pytest.mark.django_db
def test_the_same_person_is_not_recorded_twice(named_regime, sanne_secretariat):
    fields = {"name": "Roos Verhoeven", "date_of_birth": datetime.date(1990, 1, 2)}
    services.create_request(
        kind="change",
        received_on=timezone.localdate(),
        channel="desk",
        owner=sanne_secretariat,
        person_fields=fields,
    )
    with pytest.raises(Exception, match="al bekend"):
        services.create_request(
            kind="application",
            received_on=timezone.localdate(),
            channel="desk",
            owner=sanne_secretariat,
            person_fields={**fields, "name": "roos verhoeven"},
        )


@pytest.mark.django_db
def test_mail_is_added_to_an_existing_request(client, application, sanne_secretariat):
    mail = InboundMail.objects.create(message_id="<c@test.invalid>", source="imap")
    client.force_login(sanne_secretariat)
    response = client.post(
        reverse("registrations:mail_link", args=[mail.pk]), {"request": application.pk}
    )
    assert response.status_code == 302
    mail.refresh_from_db()
    assert mail.request == application


@pytest.mark.django_db
def test_far_off_dates_are_refused(application, sanne_secretariat):
    with pytest.raises(Exception, match="tussen de ontvangst en vandaag"):
        services.decide(
            request=application,
            outcome="refused",
            decided_on=datetime.date(9999, 12, 25),
            by=sanne_secretariat,
            grounds_text="x",
        )
