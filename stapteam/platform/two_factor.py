"""The second login step: authenticator apps (TOTP), recovery codes, and the beheerder's resets."""

from __future__ import annotations

import base64
import datetime

import qrcode
import qrcode.image.svg
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stapteam.models import User

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user: User) -> TOTPDevice:
    """The unconfirmed app being set up: the same secret on every visit until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// link as an inline SVG QR code (no script, no data: image needed)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    # The SVG is generated here from a hex key and a username, never from free input.
    return mark_safe(svg)  # noqa: S308


def clean_code(code: str) -> str:
    """People type codes with spaces or dashes, and recovery codes in capitals."""
    return "".join(code.split()).replace("-", "").lower()


def check_code(user: User, code: str) -> Device | None:
    """The device that accepts the code: the app (a TOTP code, throttled by django-otp after
    failures, each code once) or a recovery code, which is used up."""
    device: Device | None = match_token(user, clean_code(code))
    return device


@transaction.atomic
def confirm_authenticator(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a new app with a code from it. On success the user's older app is removed and she
    gets new recovery codes (returned to be shown once; the old ones stop working)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(clean_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return new_recovery_codes(user=device.user)


@transaction.atomic
def new_recovery_codes(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def reset_second_factor(*, account: User) -> None:
    """The beheerder's reset after a lost phone: at her next request she sets up a new app
    (sessions that proved a code with the removed app lose that proof)."""
    TOTPDevice.objects.filter(user=account).delete()
    StaticDevice.objects.filter(user=account).delete()


def is_locked_out(account: User) -> bool:
    """Whether the username reached the limit of failed logins from some address within the
    cool-off time (the lock holds for that address only; the beheerder sees it on her page)."""
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    return AccessAttempt.objects.filter(
        username=account.username,
        attempt_time__gte=since,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
    ).exists()


def address_failures(address: str) -> int:
    """Failed logins from `address` within the window of the per-address limit, all accounts."""
    since = timezone.now() - datetime.timedelta(minutes=settings.ADDRESS_FAILURE_WINDOW_MINUTES)
    total = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


def address_locked(address: str) -> bool:
    """Too many failed logins from one address, for whatever accounts: password spraying."""
    return address_failures(address) >= settings.ADDRESS_FAILURE_LIMIT


def blocked_addresses() -> list[tuple[str, int]]:
    """The addresses over the per-address limit now, with their failures, most first."""
    since = timezone.now() - datetime.timedelta(minutes=settings.ADDRESS_FAILURE_WINDOW_MINUTES)
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("ip_address")
        .annotate(total=Sum("failures_since_start"))
        .filter(total__gte=settings.ADDRESS_FAILURE_LIMIT)
        .order_by("-total", "ip_address")
    )
    return [(row["ip_address"], row["total"]) for row in rows[:200]]


def unlock_address(*, address: str) -> int:
    """Clear the failed logins from one address (every account): lifts the per-address lock."""
    return axes_reset(ip=address)


def unlock_account(*, account: User) -> int:
    """Clear django-axes' failed logins for the username (from every address it was tried from).
    Returns how many records were removed."""
    return axes_reset(username=account.username)
