"""One-time submission keys (issue 12, item 4): a form sent twice acts once; a POST without its
key is refused and changes nothing; the key survives a validation error."""

from __future__ import annotations

import datetime
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from stapteam.caseload import services as caseload_services
from stapteam.models import Contact, SubmissionKey
from stapteam.platform import submissions
from tests.concurrency import at_once
from tests.factories import ClientFactory
from tests.keys import forms_without_key, new_key, with_key
from tests.storage import stored_rows

CONTACT_URL = "/contact/nieuw/"
HTMX = {"HX-Request": "true"}
NOT_USABLE = "Dit formulier is al verstuurd of verlopen; open de pagina opnieuw."
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def her(anna_casemanager: Any) -> Any:
    return ClientFactory.create(casemanager=anna_casemanager, call_name="Roos")


def contact_form(her: Any, **overrides: Any) -> dict[str, Any]:
    return {
        "client": her.pk,
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "kind": Contact.Kind.OUTREACH,
        "minutes": 30,
        "time_type": Contact.TimeType.DIRECT,
        **overrides,
    }


def hidden_key(content: str) -> str:
    found = re.findall(r'name="submission_key" value="([^"]+)"', content)
    assert len(found) == 1, found
    return found[0]


def test_the_contact_url_is_the_contact_form() -> None:
    assert reverse("stapteam:contact_create") == CONTACT_URL


# --- Refused -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("key", [None, "", "not-a-key", "0f0e:1a2b:forged"])
def test_post_without_a_valid_key_is_refused_and_changes_nothing(
    plain_client, anna_casemanager, her, key
):
    plain_client.force_login(anna_casemanager)
    before = stored_rows()
    data = contact_form(her) if key is None else {**contact_form(her), "submission_key": key}
    response = plain_client.post(CONTACT_URL, data)
    assert response.status_code == 400
    assert NOT_USABLE in response.content.decode()
    assert stored_rows() == before


@pytest.mark.django_db
def test_a_key_made_for_another_form_by_hand_is_refused(plain_client, anna_casemanager, her):
    """A key is signed: a UUID typed in by hand (or a key with its signature changed) is no key."""
    plain_client.force_login(anna_casemanager)
    key = new_key()
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    for value in ("3fa85f64-5717-4562-b3fc-2c963f66afa6", tampered):
        response = plain_client.post(CONTACT_URL, with_key(contact_form(her), value))
        assert response.status_code == 400
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_an_expired_key_is_refused(plain_client, anna_casemanager, her, monkeypatch):
    plain_client.force_login(anna_casemanager)
    key = new_key()
    monkeypatch.setattr(submissions, "max_age", lambda: datetime.timedelta(seconds=-1))
    response = plain_client.post(CONTACT_URL, with_key(contact_form(her), key))
    assert response.status_code == 400
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_another_users_key_is_refused(
    plain_client, anna_casemanager, carla_coordinator, her
) -> None:
    key = new_key()
    plain_client.force_login(carla_coordinator)
    assert plain_client.post(CONTACT_URL, with_key(contact_form(her), key)).status_code == 302
    plain_client.force_login(anna_casemanager)
    response = plain_client.post(CONTACT_URL, with_key(contact_form(her), key))
    assert response.status_code == 400
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_a_key_used_on_one_form_is_refused_on_another(plain_client, anna_casemanager, her):
    plain_client.force_login(anna_casemanager)
    key = new_key()
    plain_client.post(CONTACT_URL, with_key(contact_form(her), key))
    url = reverse("stapteam:escalation_create", args=[her.pk])
    response = plain_client.post(url, with_key({"question": "Hulp nodig"}, key))
    assert response.status_code == 400
    assert not her.escalations.exists()


# --- Sent twice ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_repeated_post_returns_the_first_result_and_stores_one_row(
    plain_client, anna_casemanager, her
):
    plain_client.force_login(anna_casemanager)
    data = with_key(contact_form(her))
    first = plain_client.post(CONTACT_URL, data)
    again = plain_client.post(CONTACT_URL, data)
    assert first.status_code == again.status_code == 302
    assert (
        again["Location"] == first["Location"] == reverse("stapteam:client_detail", args=[her.pk])
    )
    assert Contact.objects.count() == 1
    page = plain_client.get(again["Location"]).content.decode()
    assert "Dit was al verwerkt; er is niets dubbel opgeslagen." in page
    row = SubmissionKey.objects.get()
    assert (row.user, row.path, row.status) == (anna_casemanager, CONTACT_URL, 302)


@pytest.mark.django_db
def test_the_same_key_with_other_data_is_refused(plain_client, anna_casemanager, her):
    plain_client.force_login(anna_casemanager)
    data = with_key(contact_form(her))
    plain_client.post(CONTACT_URL, data)
    response = plain_client.post(CONTACT_URL, {**data, "minutes": 45})
    assert response.status_code == 409
    assert "met andere gegevens" in response.content.decode()
    assert list(Contact.objects.values_list("minutes", flat=True)) == [30]


@pytest.mark.django_db
def test_the_key_survives_a_validation_error(plain_client, anna_casemanager, her):
    """A form with errors is shown again with the key it was sent with; that key still works."""
    plain_client.force_login(anna_casemanager)
    shown = hidden_key(plain_client.get(CONTACT_URL).content.decode())
    wrong = plain_client.post(CONTACT_URL, with_key(contact_form(her, minutes=9999), shown))
    assert wrong.status_code == 200
    assert "Vul hoogstens 720 minuten in." in wrong.content.decode()
    again = hidden_key(wrong.content.decode())
    assert submissions._signer().unsign(again) == submissions._signer().unsign(shown)
    assert not SubmissionKey.objects.exists()
    fixed = plain_client.post(CONTACT_URL, with_key(contact_form(her), again))
    assert fixed.status_code == 302
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_each_shown_form_gets_its_own_key(plain_client, anna_casemanager):
    plain_client.force_login(anna_casemanager)
    keys = {hidden_key(plain_client.get(CONTACT_URL).content.decode()) for _ in range(3)}
    assert len(keys) == 3


@pytest.mark.django_db(transaction=True)
def test_two_identical_contact_posts_at_the_same_moment_store_one_contact(
    anna_casemanager, monkeypatch
):
    """Two requests with one key, really in parallel (two threads, two connections): the second
    waits on the key's unique index until the first has committed, then answers as the first."""
    her = ClientFactory.create(casemanager=anna_casemanager)
    data = with_key(contact_form(her))
    original = caseload_services.record_contact
    inside = threading.Event()

    def slow(**kwargs: Any) -> Any:
        inside.set()
        time.sleep(0.5)  # long enough for the twin to arrive while this one is still open
        return original(**kwargs)

    monkeypatch.setattr(caseload_services, "record_contact", slow)
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(anna_casemanager)
    answers: list[Any] = []

    def send(browser: Client) -> None:
        answers.append(browser.post(CONTACT_URL, data))

    assert at_once(*[lambda b=b: send(b) for b in browsers]) == ["ok", "ok"]
    assert inside.is_set()
    assert Contact.objects.count() == 1
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]


# --- Exemptions ----------------------------------------------------------------------------------


def exempt_views() -> dict[str, str]:
    """Every named URL whose view needs no key, with the reason it gives."""
    found = {}

    def walk(patterns: list[Any], prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace != "admin":
                    walk(entry.url_patterns, f"{entry.namespace}:" if entry.namespace else prefix)
            elif isinstance(entry, URLPattern) and entry.name:
                reason = getattr(entry.callback, "submission_key_exempt", None)
                if reason:
                    found[prefix + entry.name] = reason

    walk(get_resolver().url_patterns, "")
    return found


def test_the_views_without_a_key_are_the_login_steps_and_health() -> None:
    """Adding one is a decision to make here, with its reason on the view."""
    assert set(exempt_views()) == {
        "stapteam:login",
        "stapteam:logout",
        "stapteam:otp_verify",
        "stapteam:otp_enrol",
        "stapteam:reauthenticate",
        "stapteam:session_keepalive",
        "stapteam:health_live",
        "stapteam:health_ready",
    }
    assert all(len(reason) > 20 for reason in exempt_views().values())


@pytest.mark.django_db
def test_login_steps_and_keepalive_need_no_key(plain_client, anna_casemanager):
    plain_client.force_login(anna_casemanager)
    assert plain_client.post(reverse("stapteam:session_keepalive")).status_code == 204
    assert plain_client.post(reverse("stapteam:logout")).status_code == 302
    assert "_auth_user_id" not in plain_client.session


@pytest.mark.django_db
def test_the_contact_check_needs_no_key_but_only_as_htmx_check(plain_client, anna_casemanager, her):
    plain_client.force_login(anna_casemanager)
    check = plain_client.post(CONTACT_URL, contact_form(her, _check="1"), headers=HTMX)
    assert check.status_code == 200 and "<html" not in check.content.decode()
    # Without htmx the view would save: the same POST without a key is refused.
    plain = plain_client.post(CONTACT_URL, contact_form(her, _check="1"))
    assert plain.status_code == 400
    assert not Contact.objects.exists()


# --- Every POST form carries a key ---------------------------------------------------------------

FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>.*?</form>", re.S | re.I)
# Templates whose only form is a login step (exempt above).
LOGIN_STEP_TEMPLATES = {
    "stapteam/login.html",
    "stapteam/otp_verify.html",
    "stapteam/reauthenticate.html",
}


def test_every_post_form_in_the_templates_carries_the_key() -> None:
    """Each <form method="post"> in templates/ renders {% submission_key %}, except the login
    steps'; the permission matrix also checks every rendered page (tests/test_permission_matrix)."""
    missing = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = str(path.relative_to(TEMPLATES))
        if name in LOGIN_STEP_TEMPLATES:
            continue
        for form in FORM.findall(path.read_text(encoding="utf-8")):
            if "{% submission_key %}" not in form and "stapteam:logout" not in form:
                missing.append(f"{name}: {form[:80]}")
    assert not missing, missing


def test_the_page_check_sees_a_form_without_key() -> None:
    page = (
        '<form method="post" action="/contact/nieuw/"><input name="x"></form>'
        '<form method="post" action="/uitloggen/"></form>'
        '<form method="get" action="/clienten/"></form>'
        '<form method="post">'
        f'<input type="hidden" name="submission_key" value="{new_key()}"></form>'
    )
    assert forms_without_key("/clienten/1/", page) == ["/contact/nieuw/"]


@pytest.mark.django_db
def test_expired_keys_are_removed_when_a_form_is_used(plain_client, anna_casemanager, her):
    plain_client.force_login(anna_casemanager)
    plain_client.post(CONTACT_URL, with_key(contact_form(her)))
    old = SubmissionKey.objects.get()
    SubmissionKey.objects.filter(pk=old.pk).update(
        used_at=timezone.now() - submissions.max_age() - datetime.timedelta(minutes=1)
    )
    plain_client.post(CONTACT_URL, with_key(contact_form(her, minutes=45)))
    assert not SubmissionKey.objects.filter(pk=old.pk).exists()
    assert SubmissionKey.objects.count() == 1
