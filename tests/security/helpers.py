"""What the security tests (and tests/conftest.py's force_login) share: a
login's second step done in the test client, and the code an app shows."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from iok.security import twofactor


def mark_verified(client, user) -> None:
    """Make `client`'s session verified with `user`'s device, when the user
    has one or must have one."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        if not twofactor.is_required(user):
            return
        device = TOTPDevice.objects.create(user=user, name="tests", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now (or `steps_ahead` steps of 30 s later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"
