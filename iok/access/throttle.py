"""How often the public forms may be sent: the access application and the
password reset, counted per client address and per target (the PESEL of an
application, the e-mail address of a reset), in fixed windows of time.

The counts are rows of ThrottleCount in the database, so every gunicorn
worker counts together (a per-process cache would let each worker take its
own share). A request over any of its limits is refused with the same page
(429) whether or not the PESEL or the address is known: the counts are of
requests, never of what the registry holds, so the page tells nothing about
it. The limits are IOK_THROTTLE_* (docs/access.md); the windows fixed here.

A fixed window lets up to twice a limit through around a window's end;
for forms that take an hour or a day of someone's attention that is enough.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.shortcuts import render

from iok import clock
from iok.access.lockout import client_ip
from iok.access.models import ThrottleCount

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

# action -> key -> (the setting holding the limit, the window)
RULES = {
    "application": {
        "address": ("IOK_THROTTLE_APPLICATION_PER_ADDRESS", HOUR),
        "pesel": ("IOK_THROTTLE_APPLICATION_PER_PESEL", DAY),
    },
    "password_reset": {
        "address": ("IOK_THROTTLE_RESET_PER_ADDRESS", HOUR),
        "email": ("IOK_THROTTLE_RESET_PER_EMAIL", HOUR),
    },
}


def limits(action: str) -> dict[str, int]:
    """The limit of each key of `action`, e.g. {"address": 5, "pesel": 3}."""
    return {key: getattr(settings, setting) for key, (setting, _window) in RULES[action].items()}


def over_limit(request, action: str, **targets: str) -> bool:
    """Count one `action` by the request's client address and by each of
    `targets` (e.g. pesel="..."); True when any count is now over its limit.
    Every request is counted, refused ones too, so trying on only keeps a
    window full."""
    values = {"address": client_ip(request), **targets}
    now = clock.now()
    over = False
    for key, (setting, window) in RULES[action].items():
        count = _count(f"{action}:{key}", _normal(values[key]), window, now)
        over = over or count > getattr(settings, setting)
    return over


def refused(request, action: str):
    """The page for a request over a limit: the same for everyone, naming
    the limits and nothing about the PESEL or address typed."""
    context = {"action": action, "limits": limits(action)}
    return render(request, "access/throttled.html", context, status=429)


def window_start(now: datetime.datetime, window: datetime.timedelta) -> datetime.datetime:
    """The start of the fixed window of length `window` holding `now`
    (windows counted from the Unix epoch, so a day runs from 00:00 UTC)."""
    seconds = int(now.timestamp())
    start = seconds - seconds % int(window.total_seconds())
    return datetime.datetime.fromtimestamp(start, tz=datetime.UTC)


def _normal(value: str) -> str:
    return "".join(value.split()).casefold()


def _hashed(name: str, value: str) -> str:
    """A keyed hash of the value, so the table holds no PESEL, e-mail
    address or network address, and cannot be matched against a list."""
    message = f"{name}:{value}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _count(name: str, value: str, window: datetime.timedelta, now: datetime.datetime) -> int:
    """Add one to the count of (name, value) in the window of `now` and
    return it. One UPDATE ... SET count = count + 1, so workers counting at
    once never lose a request; the first in a window creates the row (the
    unique constraint settles two creating it at once)."""
    start = window_start(now, window)
    key = _hashed(name, value)
    row = ThrottleCount.objects.filter(action=name, key=key, window_start=start)
    with transaction.atomic():
        if not row.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    ThrottleCount.objects.create(action=name, key=key, window_start=start, count=1)
            except IntegrityError:
                row.update(count=F("count") + 1)
        # Windows before this one count for nothing any more.
        ThrottleCount.objects.filter(action=name, window_start__lt=start).delete()
        return row.values_list("count", flat=True).get()
