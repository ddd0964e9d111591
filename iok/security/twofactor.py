"""The second step of a login: a TOTP authenticator app (django-otp), and
ten recovery codes for the day the phone is lost.

Staff and City Hall logins (and any login that may open the admin) must have
it; for a tenant it is a choice. A login that has a confirmed device must
give a code in every new session, whoever it belongs to.

Changing the second step (a new phone, new recovery codes) asks for the
password and, where a device exists, a code of it (forms.ReauthenticationForm),
so a session left open on someone's desk cannot replace it; each change is
audited and e-mailed to the login's address (`changed`)."""

import base64
import secrets

import segno
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from iok import clock
from iok.access.mail import send_templated_mail
from iok.audit.recording import record

REQUIRED_GROUPS = {"staff", "city_hall"}
RECOVERY_CODES = 10
# No 0/o, 1/l/i: a recovery code is read from paper and typed by hand.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
DEVICE_NAME = "authenticator"
# The session remembers which step it owes (see middleware.TwoFactorMiddleware).
STEP_KEY = "iok_second_step"


def is_required(user: AbstractBaseUser) -> bool:
    """Staff, City Hall and anyone the admin lets in must use a second step."""
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.filter(name__in=REQUIRED_GROUPS).exists()


def step_for(user: AbstractBaseUser) -> str | None:
    """The URL name of the second step `user` owes in a new session, if any."""
    if has_device(user):
        return "security:verify"
    if is_required(user):
        return "security:setup"
    return None


def forget_step(sender, request, **kwargs) -> None:
    """user_logged_in receiver: each login works out its step afresh."""
    request.session.pop(STEP_KEY, None)


def has_device(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: AbstractBaseUser) -> TOTPDevice:
    """The device being set up: the same key on every reload of the page,
    until a code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def base32_key(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def key_in_groups(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed by hand: base32, by fours."""
    key = base32_key(device)
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice, title: str) -> str:
    """The otpauth:// link as an inline SVG QR code: no image file, no script."""
    code = segno.make(device.config_url, error="m")
    return code.svg_inline(scale=5, border=2, dark="#000", light="#fff", title=title)


def normalized(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def confirm(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device being set up with a code from the app. On success
    the device replaces any earlier one, this session counts as verified and
    the new recovery codes are returned (shown once); on a wrong code, None."""
    with transaction.atomic():
        if not device.verify_token(normalized(code)):
            return None
        replaced = has_device(device.user)
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(device.user, notify=False)
        changed(device.user, REPLACED if replaced else SET_UP)
    _verified(request, device)
    return codes


def matches_current(user: AbstractBaseUser, code: str) -> bool:
    """Whether `code` is a code of the login's confirmed device (the app's or a
    recovery code, spent once used): proof that whoever asks holds it now."""
    return match_token(user, normalized(code)) is not None


def verify(request, code: str) -> bool:
    """Check a code from the app or a recovery code (spent once used)."""
    device = match_token(request.user, normalized(code))
    if device is None:
        return False
    _verified(request, device)
    return True


def _verified(request, device) -> None:
    # A new session key at each step up of trust, so a key seen before the
    # second step (a fixed or stolen cookie) is worth nothing after it.
    request.session.cycle_key()
    otp_login(request, device)
    request.session.pop(STEP_KEY, None)


def new_recovery_codes(user: AbstractBaseUser, *, notify: bool = True) -> list[str]:
    """Ten fresh codes, each usable once; the earlier ones stop working.
    `notify` False when they come with a new device, whose change says so."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
        codes = [
            "".join(secrets.choice(CODE_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)
        ]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        if notify:
            changed(user, NEW_CODES)
        else:
            _audited(user, NEW_CODES)
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def disable(request) -> None:
    """A tenant turns the second step off: every device goes."""
    for device in devices_for_user(request.user, confirmed=None):
        device.delete()
    changed(request.user, TURNED_OFF)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session.pop(STEP_KEY, None)


# What changed, as the audit log and the e-mail name it.
SET_UP = "authenticator app set up"
REPLACED = "authenticator app replaced"
NEW_CODES = "new recovery codes"
TURNED_OFF = "two-step login turned off"


def changed(user, what: str) -> None:
    """Record a change of the login's second step and, once it is committed,
    tell the login's owner by e-mail: if it was not them, they call the
    office at once. A login without an address is told nothing."""
    _audited(user, what)
    if not user.email:
        return
    context = {"login": user.get_username(), "what": what, "when": clock.now()}
    language = translation.get_language()

    def send():
        with translation.override(language):
            send_templated_mail("second_step_changed", context, [user.email])

    transaction.on_commit(send)


def _audited(user, what: str) -> None:
    # django-otp's tables are left out of the audit (their rows hold secrets):
    # the change is recorded on the login instead, without any key or code.
    record("update", user, {"two-step login": {"before": None, "after": what}})
