"""Between approving a request (or issuing a new password) and printing the
credential letter, the one-time password has to live somewhere, for a few
minutes, and nowhere that a backup copies.

It is split in two halves that mean nothing alone (a one-time pad): a random
key as long as the password goes to the clerk's browser in a cookie that
only the letter's address receives (HttpOnly, SameSite=Strict, no expiry
date, so it is not written to the browser's disk as a lasting cookie); the
password XOR the key goes to the clerk's session with the moment it stops
being valid, LETTER_MINUTES after issuing. The letter needs both: the
session row, and so the database and its backups, holds only random bytes.
Downloading the letter deletes both halves; after LETTER_MINUTES the session
half is refused and dropped.

The alternatives were worse: storing it on the account, even encrypted,
leaves a password in the database for two weeks; answering the approval
POST with the PDF itself leaves the clerk on a stale page with no message
and no way back to the letter if the download is lost; encrypting it with
a key derived from the SECRET_KEY needs a cipher the project does not
depend on. A letter lost before printing costs one click on "issue a new
one-time password"."""

import base64
import datetime
import secrets

from django.conf import settings
from django.urls import reverse

from iok import clock
from iok.access import pdf
from iok.access.models import Account

SESSION_KEY = "iok_letters"
COOKIE_PREFIX = "iok_letter_"
LETTER_MINUTES = 10


def keep_for_letter(request, response, account: Account, password: str) -> None:
    """Keep `password` for the letter of `account`: one half in the session,
    the other in a cookie set on `response`."""
    secret = password.encode()
    key = secrets.token_bytes(len(secret))
    until = clock.now() + datetime.timedelta(minutes=LETTER_MINUTES)
    letters = _waiting(request.session)
    letters[str(account.pk)] = {"half": _encode(_xor(secret, key)), "until": until.timestamp()}
    request.session[SESSION_KEY] = letters
    response.set_cookie(
        _cookie(account),
        _encode(key),
        path=reverse("office:access:letter", args=[account.pk]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def letter_waiting(session, account: Account) -> bool:
    return str(account.pk) in _waiting(session)


def take_letter(request, account: Account) -> bytes | None:
    """The credential letter for `account`, once and within LETTER_MINUTES;
    None when there is none waiting for this session and browser."""
    letters = _waiting(request.session)
    half = letters.pop(str(account.pk), None)
    request.session[SESSION_KEY] = letters
    key = request.COOKIES.get(_cookie(account), "")
    if half is None:
        return None
    try:
        secret, key = base64.urlsafe_b64decode(half["half"]), base64.urlsafe_b64decode(key)
    except ValueError:
        return None
    if len(key) != len(secret):
        return None
    password = _xor(secret, key).decode("ascii", errors="replace")
    contractor = account.contractor
    return pdf.credential_letter(
        name=contractor.name,
        address=[contractor.street, f"{contractor.postal_code} {contractor.city}"],
        login=account.user.get_username(),
        password=password,
        portal_url=request.build_absolute_uri(reverse("access:login")),
        expires=account.one_time_password_expires or clock.now(),
    )


def forget_key(response, account: Account) -> None:
    """Delete the browser's half of the letter of `account`."""
    response.delete_cookie(
        _cookie(account),
        path=reverse("office:access:letter", args=[account.pk]),
        samesite="Strict",
    )


def _waiting(session) -> dict:
    """The letters of this session still within their minutes; the rest are
    dropped."""
    now = clock.now().timestamp()
    letters = session.get(SESSION_KEY, {})
    fresh = {
        pk: half
        for pk, half in letters.items()
        if isinstance(half, dict) and half.get("until", 0) > now
    }
    if fresh != letters:
        session[SESSION_KEY] = fresh
    return fresh


def _cookie(account: Account) -> str:
    return f"{COOKIE_PREFIX}{account.pk}"


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")
