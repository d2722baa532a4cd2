"""Login security: the second factor, recovery codes, enrolment, lock-out and unlock, idle and
absolute session limits, ending other sessions, and step-up before exports."""

from __future__ import annotations

import base64
import datetime
from typing import Any
from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stapteam.platform.checks import demo_mode_only_on_loopback
from stapteam.platform.login_security import REAUTH_AT
from stapteam.platform.roles import Role
from stapteam.platform.two_factor import is_locked_out, new_recovery_codes
from tests.factories import TEST_PASSWORD, UserFactory, current_code
from tests.keys import KeyedClient

pytestmark = pytest.mark.django_db

LOGIN = reverse("stapteam:login")
HOME = reverse("stapteam:home")
VERIFY = reverse("stapteam:otp_verify")
ENROL = reverse("stapteam:otp_enrol")


def password_step(client: Client, username: str, password: str = TEST_PASSWORD) -> Any:
    return client.post(LOGIN, {"username": username, "password": password, "next": HOME})


def log_in(client: Client, user: Any) -> None:
    """Both steps, as a person does."""
    response = password_step(client, user.username)
    assert response["Location"].startswith(VERIFY)
    response = client.post(VERIFY, {"code": current_code(user), "next": HOME})
    assert response.status_code == 302
    assert response["Location"] == HOME


def is_logged_out(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


# --- The second factor ---------------------------------------------------------------------------


def test_the_password_alone_does_not_open_stap(client, anna_casemanager) -> None:
    response = password_step(client, anna_casemanager.username)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    # Every page sends her back to the code step, keeping where she wanted to go.
    response = client.get(reverse("stapteam:my_caseload"))
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fmijn-caseload%2F"
    assert "Tweede stap" in client.get(VERIFY).content.decode()


def test_she_can_log_out_halfway(client, anna_casemanager) -> None:
    password_step(client, anna_casemanager.username)
    response = client.post(reverse("stapteam:logout"))
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_the_code_from_the_app_opens_stap(client, anna_casemanager) -> None:
    password_step(client, anna_casemanager.username)
    halfway = client.session.session_key
    response = client.post(VERIFY, {"code": current_code(anna_casemanager), "next": HOME})
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert client.session.session_key != halfway  # a new session key after the second step


def test_a_wrong_code_is_refused(client, anna_casemanager) -> None:
    password_step(client, anna_casemanager.username)
    right = current_code(anna_casemanager)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen." in response.content.decode()
    assert client.get(HOME)["Location"].startswith(VERIFY)


def test_a_code_works_only_once(client, anna_casemanager) -> None:
    device = TOTPDevice.objects.get(user=anna_casemanager)
    app = TOTP(device.bin_key)
    password_step(client, anna_casemanager.username)
    code = f"{app.token():06d}"
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = KeyedClient()
    password_step(other, anna_casemanager.username)
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200  # the same code again: replay refused


def test_a_recovery_code_works_once_instead_of_the_app(client, anna_casemanager) -> None:
    codes = new_recovery_codes(user=anna_casemanager)
    assert len(codes) == 10
    password_step(client, anna_casemanager.username)
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": HOME}, follow=True)
    assert response.redirect_chain[-1][0] == HOME
    assert "Je hebt een herstelcode gebruikt; je hebt er nog 9." in response.content.decode()
    assert StaticToken.objects.filter(device__user=anna_casemanager).count() == 9

    again = KeyedClient()
    password_step(again, anna_casemanager.username)
    response = again.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()


def test_first_login_sets_up_the_app_and_shows_ten_recovery_codes_once(client) -> None:
    newcomer = UserFactory.create(roles=[Role.CASEMANAGER], second_factor=False)
    response = password_step(client, newcomer.username)
    assert response["Location"].startswith(ENROL)
    page = client.get(ENROL).content.decode()
    assert "<svg" in page  # the QR code, inline
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    secret = page.split('data-testid="otp-secret">')[1].split("<")[0].replace(" ", "")
    assert base64.b32decode(secret) == device.bin_key
    # Not in yet: the other pages send her to the set-up.
    assert client.get(HOME)["Location"].startswith(ENROL)

    code = f"{TOTP(device.bin_key).token():06d}"
    response = client.post(ENROL, {"code": code, "next": HOME})
    assert response.status_code == 200
    shown = response.context["codes"]
    assert len(shown) == 10
    assert all(code in response.content.decode() for code in shown)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(HOME).status_code == 200
    # Shown once: the set-up page now leads to changing (after confirming identity), not to them.
    assert client.get(ENROL)["Location"] == reverse("stapteam:otp_change")


def test_a_wrong_code_does_not_confirm_the_app(client) -> None:
    newcomer = UserFactory.create(roles=[Role.CASEMANAGER], second_factor=False)
    password_step(client, newcomer.username)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert "Deze code klopt niet." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=newcomer, confirmed=True).exists()


def test_the_demo_accounts_skip_the_second_step_only_in_demo_mode(client, settings) -> None:
    demo = UserFactory.create(
        username="casemanager", roles=[Role.CASEMANAGER], second_factor=False, is_demo=True
    )
    settings.DEMO_MODE = True
    response = password_step(client, demo.username)
    assert response["Location"] == HOME
    page = client.get(HOME).content.decode()
    assert "Demomodus: inloggen zonder tweede stap" in page

    settings.DEMO_MODE = False
    assert client.get(HOME)["Location"].startswith(ENROL)
    assert "Demomodus" not in client.get(ENROL).content.decode()


def test_a_name_like_a_demo_account_is_not_enough(client, settings) -> None:
    # Only the flag that demo_data sets counts, not the username.
    look_alike = UserFactory.create(username="coordinator", roles=[Role.COORDINATOR])
    settings.DEMO_MODE = True
    assert password_step(client, look_alike.username)["Location"].startswith(VERIFY)


def test_demo_mode_is_refused_on_a_reachable_host(settings) -> None:
    settings.DEMO_MODE = True
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "::1"]
    assert demo_mode_only_on_loopback() == []
    settings.ALLOWED_HOSTS = ["127.0.0.1", "stap.nijmegen.nl"]
    [error] = demo_mode_only_on_loopback()
    assert error.id == "stap.E001" and "stap.nijmegen.nl" in error.msg
    settings.DEMO_MODE = False
    assert demo_mode_only_on_loopback() == []


def test_other_accounts_need_the_second_step_in_demo_mode_too(client, settings, anna_casemanager):
    settings.DEMO_MODE = True
    assert password_step(client, anna_casemanager.username)["Location"].startswith(VERIFY)


# --- Lock-out ------------------------------------------------------------------------------------

LOCKED = "Te veel mislukte pogingen. Je account is vanaf dit adres tijdelijk geblokkeerd"


def test_five_wrong_passwords_lock_the_account_from_that_address_only(
    client, anna_casemanager, bram_casemanager_ldh
) -> None:
    for _attempt in range(4):
        response = password_step(client, anna_casemanager.username, "fout-wachtwoord")
        assert "Gebruikersnaam of wachtwoord klopt niet." in response.content.decode()
    response = password_step(client, anna_casemanager.username, "fout-wachtwoord")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "vraag de functioneel beheerder om het te deblokkeren" in response.content.decode()
    # Now even the right password is refused from this address ...
    response = password_step(client, anna_casemanager.username)
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # ... but her colleague logs in from the same address (one person's typos never lock out
    # the office), and Anna herself from another.
    colleague = KeyedClient()
    assert password_step(colleague, bram_casemanager_ldh.username)["Location"].startswith(VERIFY)
    elsewhere = KeyedClient(REMOTE_ADDR="10.0.0.7")
    assert password_step(elsewhere, anna_casemanager.username)["Location"].startswith(VERIFY)


def test_many_failures_on_many_accounts_lock_the_address(
    client, settings, anna_casemanager, fenna_functional_admin
) -> None:
    settings.ADDRESS_FAILURE_LIMIT = 12
    for n in range(12):
        response = password_step(client, f"bestaat-niet-{n}", "fout-wachtwoord")
        assert response.status_code == 200  # no single account reached its limit
    response = password_step(client, anna_casemanager.username)
    assert response.status_code == 429
    assert "Inloggen vanaf dit adres geblokkeerd" in response.content.decode()
    assert "Probeer het over 60 minuten opnieuw" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Anna herself, from elsewhere, still gets in.
    other = KeyedClient(REMOTE_ADDR="10.0.0.8")
    assert password_step(other, anna_casemanager.username)["Location"].startswith(VERIFY)

    # The beheerder sees the address and unblocks it; the address is never in a URL.
    other.force_login(fenna_functional_admin)
    listing = other.get(reverse("stapteam:blocked_address_list")).content.decode()
    assert "127.0.0.1" in listing and "12 mislukte pogingen" in listing
    done = other.post(
        reverse("stapteam:address_unlock"), {"address": "127.0.0.1"}, follow=True
    ).content.decode()
    assert "Adres 127.0.0.1 gedeblokkeerd." in done and "Er is nu geen adres geblokkeerd." in done
    assert password_step(client, anna_casemanager.username)["Location"].startswith(VERIFY)


def test_a_bad_address_to_unblock_is_refused_in_dutch(client, fenna_functional_admin) -> None:
    client.force_login(fenna_functional_admin)
    response = client.post(reverse("stapteam:address_unlock"), {"address": "<script>"}, follow=True)
    assert "Dat is geen geldig netwerkadres." in response.content.decode()


def test_the_lock_ends_after_thirty_minutes(client, anna_casemanager) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _attempt in range(5):
            password_step(client, anna_casemanager.username, "fout-wachtwoord")
    # (Each try during the lock starts its 30 minutes anew, so here she waits.)
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert is_locked_out(anna_casemanager)
    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        assert not is_locked_out(anna_casemanager)
        assert password_step(client, anna_casemanager.username)["Location"].startswith(VERIFY)


def test_the_beheerder_unlocks_an_account(client, anna_casemanager, fenna_functional_admin):
    anna = KeyedClient()
    for _attempt in range(5):
        password_step(anna, anna_casemanager.username, "fout-wachtwoord")
    assert password_step(anna, anna_casemanager.username).status_code == 429

    client.force_login(fenna_functional_admin)
    edit = reverse("stapteam:user_edit", args=[anna_casemanager.pk])
    assert "geblokkeerd na te veel mislukte inlogpogingen" in client.get(edit).content.decode()
    response = client.post(reverse("stapteam:user_unlock", args=[anna_casemanager.pk]), follow=True)
    assert escape(f"Account van {anna_casemanager} gedeblokkeerd.") in response.content.decode()
    assert "geblokkeerd na te veel" not in response.content.decode()

    assert password_step(anna, anna_casemanager.username)["Location"].startswith(VERIFY)


def test_only_the_beheerder_unlocks(client, anna_casemanager, carla_coordinator) -> None:
    client.force_login(carla_coordinator)
    url = reverse("stapteam:user_unlock", args=[anna_casemanager.pk])
    assert client.post(url).status_code in (403, 404)
    assert client.get(url).status_code == 405


def test_the_beheerder_resets_a_lost_phone(client, anna_casemanager, fenna_functional_admin):
    client.force_login(fenna_functional_admin)
    client.post(reverse("stapteam:user_reset_second_factor", args=[anna_casemanager.pk]))
    assert not TOTPDevice.objects.filter(user=anna_casemanager).exists()
    anna = KeyedClient()
    assert password_step(anna, anna_casemanager.username)["Location"].startswith(ENROL)


def test_a_wrong_code_at_the_second_step_is_throttled(client, anna_casemanager) -> None:
    password_step(client, anna_casemanager.username)
    client.post(VERIFY, {"code": "000000"})
    client.post(VERIFY, {"code": "000001"})
    # django-otp waits longer after each failure: even the right code is refused right away.
    response = client.post(VERIFY, {"code": current_code(anna_casemanager)})
    assert response.status_code == 200


# --- Session limits ------------------------------------------------------------------------------


def test_fifteen_idle_minutes_end_the_session(client, anna_casemanager) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, anna_casemanager)
        assert client.get(HOME).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        assert client.get(HOME).status_code == 200  # active again: the clock starts anew
    with time_machine.travel(start + datetime.timedelta(minutes=28), tick=False):
        assert client.get(HOME).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=44), tick=False):
        response = client.get(HOME)
        assert is_logged_out(response)
        page = client.get(response["Location"]).content.decode()
        assert "Je bent uitgelogd omdat je 15 minuten niets hebt gedaan." in page


def test_a_session_ends_twelve_hours_after_login_however_active(client, anna_casemanager):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, anna_casemanager)
    for minutes in range(10, 12 * 60, 10):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            assert client.get(HOME).status_code == 200, minutes
    with time_machine.travel(start + datetime.timedelta(hours=12, minutes=1), tick=False):
        response = client.get(HOME)
        assert is_logged_out(response)
        assert "je was 12 uur ingelogd" in client.get(response["Location"]).content.decode()


def test_the_limits_come_from_the_settings(client, settings, anna_casemanager) -> None:
    settings.SESSION_IDLE_MINUTES = 5
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, anna_casemanager)
        assert 'data-idle-seconds="300"' in client.get(HOME).content.decode()
    with time_machine.travel(start + datetime.timedelta(minutes=6), tick=False):
        assert is_logged_out(client.get(HOME))


def test_staying_logged_in_from_the_warning_counts_as_activity(client, anna_casemanager):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, anna_casemanager)
    with time_machine.travel(start + datetime.timedelta(minutes=13, seconds=30), tick=False):
        assert client.post(reverse("stapteam:session_keepalive")).status_code == 204
    with time_machine.travel(start + datetime.timedelta(minutes=27), tick=False):
        assert client.get(HOME).status_code == 200


def test_a_password_change_ends_the_other_sessions(client, anna_casemanager) -> None:
    phone, desktop = KeyedClient(), KeyedClient()
    log_in(phone, anna_casemanager)
    log_in(desktop, anna_casemanager)
    anna_casemanager.set_password("een-nieuw-lang-wachtwoord")
    anna_casemanager.save(update_fields=["password"])
    # Django's session auth hash: a session made with the old password is no longer valid.
    assert is_logged_out(phone.get(HOME))
    assert is_logged_out(desktop.get(HOME))


def test_deactivation_ends_the_sessions_of_the_account(
    client, anna_casemanager, fenna_functional_admin
) -> None:
    anna = KeyedClient()
    log_in(anna, anna_casemanager)
    assert anna.get(HOME).status_code == 200
    client.force_login(fenna_functional_admin)
    response = client.post(
        reverse("stapteam:user_edit", args=[anna_casemanager.pk]),
        {
            "organisation": anna_casemanager.organisation.pk,
            "roles": [Role.CASEMANAGER.value],
            "is_active": "",
        },
    )
    assert response.status_code == 302
    assert is_logged_out(anna.get(HOME))


# --- Step-up re-authentication -------------------------------------------------------------------

EXPORT = reverse("budgets:report_export") + "?format=csv"
REAUTH = reverse("stapteam:reauthenticate")


def long_ago(client: Client) -> None:
    session = client.session
    session[REAUTH_AT] = session[REAUTH_AT] - 6 * 60
    session.save()


def test_an_export_asks_for_password_and_code_again_after_five_minutes(
    client, bob_policy_officer
) -> None:
    client.force_login(bob_policy_officer)
    assert client.get(EXPORT).status_code == 200  # just logged in: no need to ask
    long_ago(client)
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTH}?{urlencode({'next': EXPORT})}"
    page = client.get(response["Location"]).content.decode()
    assert "Bevestig je identiteit" in page

    response = client.post(
        response["Location"],
        {
            "password": TEST_PASSWORD,
            "code": current_code(bob_policy_officer),
            "next": EXPORT,
        },
    )
    assert response["Location"] == EXPORT
    download = client.get(response["Location"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def test_a_wrong_password_at_the_step_up_counts_towards_the_lock(client, bob_policy_officer):
    client.force_login(bob_policy_officer)
    long_ago(client)
    for _attempt in range(4):
        response = client.post(
            REAUTH, {"password": "fout", "code": current_code(bob_policy_officer)}
        )
        assert "Wachtwoord of code klopt niet." in response.content.decode()
    response = client.post(REAUTH, {"password": "fout", "code": "123456"})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert is_logged_out(client.get(HOME))


def test_a_wrong_code_at_the_step_up_is_refused(client, bob_policy_officer) -> None:
    client.force_login(bob_policy_officer)
    long_ago(client)
    response = client.post(REAUTH, {"password": TEST_PASSWORD, "code": "000000"})
    assert "Wachtwoord of code klopt niet." in response.content.decode()
    assert client.get(EXPORT).status_code == 302


def test_changing_the_app_needs_a_recent_confirmation(client, anna_casemanager) -> None:
    change = reverse("stapteam:otp_change")
    client.force_login(anna_casemanager)
    long_ago(client)
    assert client.get(change)["Location"].startswith(REAUTH)
    client.post(REAUTH, {"password": TEST_PASSWORD, "code": current_code(anna_casemanager)})
    response = client.get(change)
    assert response.status_code == 200
    new = TOTPDevice.objects.get(user=anna_casemanager, confirmed=False)
    response = client.post(change, {"code": f"{TOTP(new.bin_key).token():06d}"})
    assert len(response.context["codes"]) == 10
    assert list(TOTPDevice.objects.filter(user=anna_casemanager)) == [new]


def test_the_login_pages_carry_no_next_off_site(client, anna_casemanager) -> None:
    password_step(client, anna_casemanager.username)
    response = client.post(
        VERIFY, {"code": current_code(anna_casemanager), "next": "https://evil.example/"}
    )
    assert response["Location"] == HOME
