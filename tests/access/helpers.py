"""What the access tests share: the Polish a user reads, logging in through
the real login page, the CSRF token left out when pages are compared, and
a clock moved forward."""

import datetime
import re
from contextlib import contextmanager

import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from iok import clock
from tests.people import PASSWORD


def said(message: str, plural: str | None = None, count: int = 1, **params) -> str:
    """`message` as the Polish page shows it, escaped as in HTML: these tests
    read what a Polish user reads, with or without the catalogue compiled."""
    with translation.override("pl"):
        text = ngettext(message, plural, count) if plural else gettext(message)
    return escape(text % params if params else text)


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("access:login"), {"username": username, "password": password}, **extra
    )


def without_csrf(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content.decode())


@contextmanager
def clock_moved(**delta):
    """Run as if `delta` (minutes=31, hours=12…) had passed, for Django's
    sessions, its signer and IOK alike."""
    with time_machine.travel(clock.now() + datetime.timedelta(**delta), tick=False):
        yield
