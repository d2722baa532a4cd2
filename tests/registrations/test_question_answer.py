"""A question gets an answer: what was answered, to whom and when, shown on it and counted."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.models import InboundMail, RegistrationRequest
from registrations.retention import anonymise_closed_request
from stapteam.platform.retention import Due

pytestmark = pytest.mark.usefixtures("as_system")


@pytest.fixture
def question(sanne_secretariat) -> RegistrationRequest:
    mail = InboundMail.objects.create(
        message_id="<vraag@test.invalid>",
        source="imap",
        sender="Noor Visser <noor.visser@example.org>",
        subject="Vraag over de dagpas",
        sent_at=timezone.now(),
    )
    return services.create_request(
        kind="question",
        received_on=timezone.localdate(),
        channel="mail",
        owner=sanne_secretariat,
        summary="Kan een dagpas zonder naam?",
        mail=mail,
    )


@pytest.mark.django_db
def test_the_answer_is_recorded_shown_and_ends_the_question(client, question, sanne_secretariat):
    client.force_login(sanne_secretariat)
    page = client.get(reverse("registrations:request_detail", args=[question.pk])).content.decode()
    assert 'value="Noor Visser &lt;noor.visser@example.org&gt;"' in page  # who asked, prefilled
    today = timezone.localdate()

    response = client.post(
        reverse("registrations:request_answer", args=[question.pk]),
        {
            "answer": "Ja, een dagpas gaat op pasnummer; naam en adres zijn niet nodig.",
            "answered_to": "Noor Visser <noor.visser@example.org>",
            "answered_on": today.isoformat(),
        },
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == RegistrationRequest.Status.HANDLED
    assert (question.answered_on, question.answered_by) == (today, sanne_secretariat)
    assert question.history.first().history_user == sanne_secretariat
    page = client.get(reverse("registrations:request_detail", args=[question.pk])).content.decode()
    assert "Gegeven antwoord" in page
    assert "Ja, een dagpas gaat op pasnummer; naam en adres zijn niet nodig." in page
    assert "aan Noor Visser &lt;noor.visser@example.org&gt;, door" in page


@pytest.mark.django_db
def test_an_answer_without_text_is_refused_and_what_she_typed_stays(
    client, question, sanne_secretariat
):
    client.force_login(sanne_secretariat)

    response = client.post(
        reverse("registrations:request_answer", args=[question.pk]),
        {"answer": "", "answered_to": "Noor Visser", "answered_on": "2026-13-45"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Vul het gegeven antwoord in." in page
    assert 'value="Noor Visser"' in page
    question.refresh_from_db()
    assert question.status == RegistrationRequest.Status.RECEIVED


@pytest.mark.django_db
def test_a_question_cannot_be_closed_without_its_answer(client, question, sanne_secretariat):
    client.force_login(sanne_secretariat)

    client.post(reverse("registrations:request_step", args=[question.pk]), {"step": "close"})

    question.refresh_from_db()
    assert question.status == RegistrationRequest.Status.RECEIVED
    with pytest.raises(ValidationError, match="leg dat vast"):
        services.close_request(request=question)


@pytest.mark.django_db
def test_only_a_question_is_answered_and_not_before_it_came(question, sanne_secretariat):
    yesterday = question.received_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="moet tussen de ontvangst en vandaag liggen"):
        services.answer_question(
            request=question,
            answer="x",
            answered_to="y",
            answered_on=yesterday,
            by=sanne_secretariat,
        )
    stop = services.create_request(
        kind="stop",
        received_on=timezone.localdate(),
        channel="desk",
        owner=sanne_secretariat,
        person_fields={"name": "Roos Verhoeven"},
    )
    with pytest.raises(ValidationError, match="Alleen een vraag wordt beantwoord"):
        services.answer_question(
            request=stop,
            answer="x",
            answered_to="y",
            answered_on=timezone.localdate(),
            by=sanne_secretariat,
        )


@pytest.mark.django_db
def test_answered_questions_are_counted(client, question, sanne_secretariat):
    services.answer_question(
        request=question,
        answer="Uitgelegd.",
        answered_to="Noor Visser",
        answered_on=timezone.localdate(),
        by=sanne_secretariat,
    )
    client.force_login(sanne_secretariat)

    page = client.get(reverse("registrations:counts")).content.decode()

    row = page.split("Vragen beantwoord", 1)[1][:60]
    assert '<td class="text-end">1</td>' in row


@pytest.mark.django_db
def test_retention_removes_the_answer_with_the_question(question, sanne_secretariat):
    services.answer_question(
        request=question,
        answer="Uitgelegd aan Noor.",
        answered_to="Noor Visser",
        answered_on=timezone.localdate(),
        by=sanne_secretariat,
    )

    anonymise_closed_request(Due(object_id=question.pk))

    question.refresh_from_db()
    assert "Noor" not in question.answer + question.answered_to
