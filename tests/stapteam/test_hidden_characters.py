"""Invisible direction and control characters: every form refuses them, mail import and letters
remove them (a right-to-left override once turned a woman's name around in an official letter)."""

from __future__ import annotations

import datetime
from email.message import EmailMessage

import pytest
from django import forms
from django.urls import reverse, set_urlconf
from django.utils import timezone

from registrations import letters
from registrations.forms import DecisionForm
from registrations.mail import HIDDEN_REMOVED, store_message
from stapteam.forms.fields import PlainTextForm, StapForm
from stapteam.models import Contact
from stapteam.platform.text import BIDI, without_hidden_characters
from tests.factories import ClientFactory

RLO = "\u202e"
APPS = ("stapteam.", "registrations.", "timeout.", "budgets.")


def all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *all_subclasses(sub)}
    return found


def test_every_form_of_the_apps_refuses_hidden_characters() -> None:
    set_urlconf(None)
    reverse("stapteam:home")  # loads every URLconf, so every view and form module
    ours = [f for f in all_subclasses(forms.BaseForm) if f.__module__.startswith(APPS)]
    assert len(ours) > 40
    # The login form checks a username and password against stored ones and stores nothing.
    exempt = {"LoginForm"}
    plain = [
        f.__name__ for f in ours if not issubclass(f, PlainTextForm) and f.__name__ not in exempt
    ]
    assert not plain, f"extend StapForm or StapModelForm (stapteam/forms/fields.py): {plain}"


class Note(StapForm):
    text = forms.CharField()


@pytest.mark.parametrize("character", [*BIDI, "\x1b", "\x85"])
def test_each_hidden_character_is_refused_in_dutch(character: str) -> None:
    form = Note({"text": f"Roos{character}Jansen"})
    assert not form.is_valid()
    assert "onzichtbaar stuurteken" in form.errors["text"][0]


def test_a_nul_byte_is_refused_too() -> None:
    form = Note({"text": "Roos\x00Jansen"})
    assert not form.is_valid()
    assert form.errors["text"] == ["Null-tekens zijn niet toegestaan."]


def test_tabs_and_new_lines_stay_allowed() -> None:
    assert Note({"text": "Eerste regel\r\n\tTweede regel"}).is_valid()


def test_a_pass_number_with_a_direction_override_is_refused() -> None:
    today = timezone.localdate()
    form = DecisionForm(
        {
            "outcome": "granted",
            "decided_on": today.isoformat(),
            "pass_number": f"TZ-{RLO}1002",
            "valid_from": today.isoformat(),
            "valid_until": (today + datetime.timedelta(days=300)).isoformat(),
        }
    )
    assert not form.is_valid()
    assert "onzichtbaar stuurteken" in form.errors["pass_number"][0]


@pytest.mark.django_db
def test_the_contact_form_refuses_and_stores_nothing(client, anna_casemanager) -> None:
    her = ClientFactory.create(casemanager=anna_casemanager)
    client.force_login(anna_casemanager)
    response = client.post(
        reverse("stapteam:contact_create"),
        {
            "client": her.pk,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "kind": Contact.Kind.OUTREACH,
            "minutes": 30,
            "time_type": Contact.TimeType.DIRECT,
            "note": f"Sprak met {RLO}nesnaJ",
        },
    )
    assert response.status_code == 200
    assert "onzichtbaar stuurteken" in response.content.decode()
    assert f"Sprak met {RLO}nesnaJ" in response.content.decode()  # what she typed stays
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_mail_import_removes_them_and_says_so(as_system) -> None:
    message = EmailMessage()
    message["From"] = f"Roos {RLO}nesnaJ <roos@example.nl>"
    message["Subject"] = f"Aanvraag {RLO}gnitartsiger"
    message["Date"] = "Mon, 3 Nov 2025 10:00:00 +0100"
    message.set_content(f"Mijn naam is {RLO}nesnaJ.\n")

    mail, _created = store_message(message.as_bytes(), source="upload")

    assert RLO not in mail.sender + mail.subject + mail.body_text
    assert mail.subject == "Aanvraag gnitartsiger"
    assert HIDDEN_REMOVED in mail.problems


@pytest.mark.django_db
def test_the_letter_is_filled_without_them(monkeypatch) -> None:
    from registrations.demo import DEMO_LETTER_SETTINGS
    from registrations.models import RegistrationSettings

    RegistrationSettings.objects.filter(id=1).update(**DEMO_LETTER_SETTINGS)
    monkeypatch.setattr(letters, "_letter_values", lambda *args: {"pasnummer": f"TZ-{RLO}12"})
    assert letters.letter_context(None, "granted") == {"pasnummer": "TZ-12"}  # type: ignore[arg-type]
    assert without_hidden_characters("a\u2066b\u2069c") == "abc"
